/*
 * Cheap system calls in tight loops, reported per call: getpid (no work in the kernel beyond
 * entry and exit), stat of a missing file (a path walk that fails) and
 * personality(0xffffffff) (a query that changes nothing). The last one is the call a seccomp
 * filter cannot decide from its number alone when the filter checks its argument (Docker's
 * allowlist does), so the kernel's per-syscall action cache cannot skip the filter for it: it
 * shows what walking the filter costs.
 *
 * Each loop runs in batches of BATCH calls, each batch timed; the cost of a call is the
 * median batch over BATCH. A batch lasts tens to hundreds of microseconds, far less than a
 * scheduler time slice, so on a busy host most batches never wait for a CPU, and the median
 * leaves out the ones that did (timing the loop as a whole counted that wait as the calls').
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "work.h"

#define BATCH 500L

enum call { CALL_GETPID, CALL_STAT, CALL_PERSONALITY };

static void one_call(enum call call) {
    struct stat info;
    switch (call) {
    case CALL_GETPID:
        syscall(SYS_getpid);
        break;
    case CALL_STAT:
        if (stat("/cbench-work-missing-file", &info) == 0) {
            fprintf(stderr, WORK_NAME ": syscalls: /cbench-work-missing-file exists\n");
            _exit(1);
        }
        break;
    case CALL_PERSONALITY:
        if (syscall(SYS_personality, 0xffffffffUL) < 0) work_fail("syscalls: personality");
        break;
    }
}

/* ns per call: the median of COUNT / BATCH timed batches. */
static double per_call(enum call call, long count) {
    long batches = count / BATCH > 0 ? count / BATCH : 1;
    uint64_t *times = work_timings(batches);
    for (long batch = 0; batch < batches; batch++) {
        uint64_t start = work_now_ns();
        for (long i = 0; i < BATCH; i++) one_call(call);
        times[batch] = work_now_ns() - start;
    }
    double ns = (double)work_median(times, batches) / (double)BATCH;
    free(times);
    return ns;
}

int mode_syscalls(int argc, char **argv) {
    if (argc != 1) {
        fprintf(stderr, "usage: " WORK_NAME " syscalls COUNT\n");
        return 2;
    }
    long count = work_count(argv[0], "COUNT");
    if (count == 0) count = 1;
    double getpid_ns = per_call(CALL_GETPID, count);
    double stat_ns = per_call(CALL_STAT, count);
    double personality_ns = per_call(CALL_PERSONALITY, count);
    printf("{\"workload\":\"syscalls\",\"calls\":%ld,\"batch\":%ld,\"getpid_ns\":%.3f,\"stat_ns\":%.3f,\"personality_ns\":%.3f}\n",
           count, BATCH, getpid_ns, stat_ns, personality_ns);
    return 0;
}
