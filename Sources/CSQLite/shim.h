#ifndef RECEIPTS_CSQLITE_SHIM_H
#define RECEIPTS_CSQLITE_SHIM_H

#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro Swift cannot import: these binders make SQLite copy the
 * value at once, so Swift's temporary C string may go away after the call. */
static inline int receipts_sqlite_bind_text(sqlite3_stmt *s, int i, const char *text) {
    return sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
}

#endif
