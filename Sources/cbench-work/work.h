/* Shared declarations of cbench-work, the static workload program of the overhead scenarios.
 * Every measuring mode prints one JSON object on stdout; errors go to stderr with the stage
 * and the errno name, and the exit status is 1 (2 for bad arguments). */
#ifndef CBENCH_WORK_H
#define CBENCH_WORK_H

#include <stdint.h>

#define WORK_NAME "cbench-work"

/* Monotonic nanoseconds. */
uint64_t work_now_ns(void);

/* A non-negative count from argv, or exits 2 naming the argument. */
long work_count(const char *text, const char *what);

/* The median of COUNT timings (sorts them in place); 0 when there are none. */
uint64_t work_median(uint64_t *values, long count);

/* An array for COUNT timings, zeroed, or exits 1. */
uint64_t *work_timings(long count);

/* Prints "cbench-work: STAGE: ERRNO-TEXT" and exits 1. */
void work_fail(const char *stage);

int mode_gate(int argc, char **argv);
int mode_syscalls(int argc, char **argv);
int mode_memory(int argc, char **argv);
int mode_spawn(int argc, char **argv);
int mode_sequence(int argc, char **argv);

#endif
