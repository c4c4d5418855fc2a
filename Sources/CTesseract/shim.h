#ifndef RECEIPTS_CTESSERACT_SHIM_H
#define RECEIPTS_CTESSERACT_SHIM_H

#include <stdbool.h>
#include <tesseract/capi.h>

/* Tesseract's monitor calls this between words. Swift closures cannot be C function
 * pointers with context, so the flag lives in C memory and is read atomically here. */
static inline bool receipts_tess_cancel_requested(void *flag, int words) {
    (void)words;
    return __atomic_load_n((int *)flag, __ATOMIC_RELAXED) != 0;
}

/* Writer side of the same flag; called from any thread (Ctrl-C handler, pipeline). */
static inline void receipts_tess_set_flag(int *flag, int value) {
    __atomic_store_n(flag, value, __ATOMIC_RELAXED);
}

/* The callback's address, typed for TessMonitorSetCancelFunc. */
static inline TessCancelFunc receipts_tess_cancel_func(void) {
    return receipts_tess_cancel_requested;
}

#endif
