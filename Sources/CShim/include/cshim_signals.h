#ifndef CSHIM_SIGNALS_H
#define CSHIM_SIGNALS_H
/* signalfd is not in Swift's Glibc module: `cbench-oci run` waits on a pidfd and a signalfd together. */
#include <sys/signalfd.h>
#endif
