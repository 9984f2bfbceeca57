/*
 * Memory: copy bandwidth over a fixed working set (two buffers of MEBIBYTES each, touched
 * first, then PASSES copies of one into the other), and the cost of a page fault (a fresh
 * anonymous mapping of MEBIBYTES, one write per page, unmapped again; PASSES times).
 * Transparent huge pages are as the host has them: nothing here asks for or against them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "work.h"

static double copy_bandwidth(size_t bytes, long passes) {
    char *from = malloc(bytes), *to = malloc(bytes);
    if (from == NULL || to == NULL) work_fail("memory: malloc");
    memset(from, 1, bytes);
    memset(to, 2, bytes);
    uint64_t start = work_now_ns();
    for (long pass = 0; pass < passes; pass++) {
        from[pass % bytes] = (char)pass;
        memcpy(to, from, bytes);
    }
    uint64_t elapsed = work_now_ns() - start;
    /* Keep the copies observable so the compiler cannot drop them. */
    volatile char sink = to[bytes / 2];
    (void)sink;
    free(from);
    free(to);
    return (double)bytes * (double)passes / 1e6 / ((double)elapsed / 1e9);
}

static double fault_cost(size_t bytes, long passes, long *faults) {
    long page = sysconf(_SC_PAGESIZE);
    uint64_t total = 0;
    *faults = 0;
    for (long pass = 0; pass < passes; pass++) {
        char *area = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (area == MAP_FAILED) work_fail("memory: mmap");
        uint64_t start = work_now_ns();
        for (size_t offset = 0; offset < bytes; offset += (size_t)page) area[offset] = 1;
        total += work_now_ns() - start;
        *faults += (long)(bytes / (size_t)page);
        if (munmap(area, bytes) != 0) work_fail("memory: munmap");
    }
    return (double)total / (double)*faults;
}

int mode_memory(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: " WORK_NAME " memory MEBIBYTES PASSES\n");
        return 2;
    }
    long mebibytes = work_count(argv[0], "MEBIBYTES"), passes = work_count(argv[1], "PASSES");
    if (mebibytes == 0) mebibytes = 1;
    if (passes == 0) passes = 1;
    size_t bytes = (size_t)mebibytes << 20;
    double megabytes_per_second = copy_bandwidth(bytes, passes);
    long faults = 0;
    double fault_ns = fault_cost(bytes, passes, &faults);
    printf("{\"workload\":\"memory\",\"mebibytes\":%ld,\"passes\":%ld,\"copy_mb_per_s\":%.1f,\"faults\":%ld,\"fault_ns\":%.1f}\n",
           mebibytes, passes, megabytes_per_second, faults, fault_ns);
    return 0;
}
