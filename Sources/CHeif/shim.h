#ifndef RECEIPTS_CHEIF_SHIM_H
#define RECEIPTS_CHEIF_SHIM_H

/* libheif's C API is plain functions; nothing needs wrapping. */
#include <libheif/heif.h>

#endif
