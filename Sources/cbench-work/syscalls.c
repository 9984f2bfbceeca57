/*
 * Cheap system calls in a tight loop, each timed as a whole and reported per call:
 * getpid (no work in the kernel beyond entry and exit), stat of a missing file (a path walk
 * that fails) and personality(0xffffffff) (a query that changes nothing). The last one is
 * the call a seccomp filter cannot decide from its number alone when the filter checks its
 * argument (Docker's allowlist does), so the kernel's per-syscall action cache cannot skip
 * the filter for it: it shows what walking the filter costs.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "work.h"

static double loop_getpid(long count) {
    uint64_t start = work_now_ns();
    for (long i = 0; i < count; i++) syscall(SYS_getpid);
    return (double)(work_now_ns() - start) / (double)count;
}

static double loop_stat(long count) {
    struct stat info;
    uint64_t start = work_now_ns();
    for (long i = 0; i < count; i++) {
        if (stat("/cbench-work-missing-file", &info) == 0) {
            fprintf(stderr, WORK_NAME ": syscalls: /cbench-work-missing-file exists\n");
            return -1;
        }
    }
    return (double)(work_now_ns() - start) / (double)count;
}

static double loop_personality(long count) {
    uint64_t start = work_now_ns();
    for (long i = 0; i < count; i++) {
        if (syscall(SYS_personality, 0xffffffffUL) < 0) work_fail("syscalls: personality");
    }
    return (double)(work_now_ns() - start) / (double)count;
}

int mode_syscalls(int argc, char **argv) {
    if (argc != 1) {
        fprintf(stderr, "usage: " WORK_NAME " syscalls COUNT\n");
        return 2;
    }
    long count = work_count(argv[0], "COUNT");
    if (count == 0) count = 1;
    double getpid_ns = loop_getpid(count);
    double stat_ns = loop_stat(count);
    double personality_ns = loop_personality(count);
    if (stat_ns < 0) return 1;
    printf("{\"workload\":\"syscalls\",\"calls\":%ld,\"getpid_ns\":%.3f,\"stat_ns\":%.3f,\"personality_ns\":%.3f}\n",
           count, getpid_ns, stat_ns, personality_ns);
    return 0;
}
