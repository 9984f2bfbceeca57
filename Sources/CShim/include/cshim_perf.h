#ifndef CSHIM_PERF_H
#define CSHIM_PERF_H

#include <sys/types.h>

struct perf_event_attr;

/* perf_event_open(2): Glibc has no wrapper and Swift cannot call the variadic syscall().
   Returns the fd or -1 with errno set. */
int cshim_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd, unsigned long flags);

#endif
