#include <perfmon/pfmlib_perf_event.h>
