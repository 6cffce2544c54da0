#ifndef TELEMETRY_SITE_CLIBPQ_SHIM_H
#define TELEMETRY_SITE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
