#ifndef RECEIPTS_CLEPTONICA_SHIM_H
#define RECEIPTS_CLEPTONICA_SHIM_H

#include <leptonica/allheaders.h>

#endif
