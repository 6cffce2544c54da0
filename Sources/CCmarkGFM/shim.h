#ifndef TELEMETRY_SITE_CCMARKGFM_SHIM_H
#define TELEMETRY_SITE_CCMARKGFM_SHIM_H
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#endif
