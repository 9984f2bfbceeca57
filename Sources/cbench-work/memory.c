/*
 * Memory: copy bandwidth over a fixed working set and the cost of a page fault.
 *
 * Copy: two buffers of MEBIBYTES each, touched first, then PASSES copies of one into the
 * other, each timed; the bandwidth is the working set over the median pass.
 *
 * Faults: a fresh anonymous mapping of MEBIBYTES, written once a page, unmapped again.
 * The first mapping of the process (its first touch of that much memory) is timed and
 * reported on its own; then PASSES more, and the cost of a fault is the median pass over
 * its pages. On a virtual machine a page fault can cost the hypervisor's work too, and its
 * cost swings with what the rest of the machine does; the median of several passes keeps
 * one slow pass from deciding the run.
 *
 * Transparent huge pages are as the host has them: nothing here asks for or against them;
 * the huge pages the first mapping got (AnonHugePages of /proc/self/smaps_rollup) are
 * reported, so a run shows whether they played a part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "work.h"

static int compare_u64(const void *left, const void *right) {
    uint64_t a = *(const uint64_t *)left, b = *(const uint64_t *)right;
    return (a > b) - (a < b);
}

static uint64_t median(uint64_t *values, long count) {
    qsort(values, (size_t)count, sizeof *values, compare_u64);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

static double copy_bandwidth(size_t bytes, long passes) {
    char *from = malloc(bytes), *to = malloc(bytes);
    uint64_t *times = calloc((size_t)passes, sizeof *times);
    if (from == NULL || to == NULL || times == NULL) work_fail("memory: malloc");
    memset(from, 1, bytes);
    memset(to, 2, bytes);
    for (long pass = 0; pass < passes; pass++) {
        from[pass % bytes] = (char)pass;
        uint64_t start = work_now_ns();
        memcpy(to, from, bytes);
        times[pass] = work_now_ns() - start;
    }
    /* Keep the copies observable so the compiler cannot drop them. */
    volatile char sink = to[bytes / 2];
    (void)sink;
    uint64_t middle = median(times, passes);
    free(times);
    free(from);
    free(to);
    return (double)bytes / 1e6 / ((double)(middle ? middle : 1) / 1e9);
}

/* AnonHugePages of this process in KiB, or -1 when /proc does not say. */
static long anon_huge_kib(void) {
    FILE *file = fopen("/proc/self/smaps_rollup", "r");
    if (file == NULL) return -1;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, file) != NULL) {
        if (sscanf(line, "AnonHugePages: %ld kB", &kib) == 1) break;
    }
    fclose(file);
    return kib;
}

/* One mapping of `bytes`, written once a page and unmapped: its time in ns. */
static uint64_t fault_pass(size_t bytes, size_t page, long *huge_kib) {
    char *area = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) work_fail("memory: mmap");
    uint64_t start = work_now_ns();
    for (size_t offset = 0; offset < bytes; offset += page) area[offset] = 1;
    uint64_t elapsed = work_now_ns() - start;
    if (huge_kib != NULL) *huge_kib = anon_huge_kib();
    if (munmap(area, bytes) != 0) work_fail("memory: munmap");
    return elapsed;
}

int mode_memory(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: " WORK_NAME " memory MEBIBYTES PASSES\n");
        return 2;
    }
    long mebibytes = work_count(argv[0], "MEBIBYTES"), passes = work_count(argv[1], "PASSES");
    if (mebibytes == 0) mebibytes = 1;
    if (passes == 0) passes = 1;
    size_t bytes = (size_t)mebibytes << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    double pages = (double)(bytes / page);
    long huge_kib = -1;
    double first_fault_ns = (double)fault_pass(bytes, page, &huge_kib) / pages;
    uint64_t *times = calloc((size_t)passes, sizeof *times);
    if (times == NULL) work_fail("memory: calloc");
    for (long pass = 0; pass < passes; pass++) times[pass] = fault_pass(bytes, page, NULL);
    double fault_ns = (double)median(times, passes) / pages;
    free(times);
    double megabytes_per_second = copy_bandwidth(bytes, passes);
    printf("{\"workload\":\"memory\",\"mebibytes\":%ld,\"passes\":%ld,\"copy_mb_per_s\":%.1f,\"faults\":%ld,"
           "\"fault_ns\":%.1f,\"first_fault_ns\":%.1f,\"anon_huge_kib\":%ld}\n",
           mebibytes, passes, megabytes_per_second, (long)pages * (passes + 1), fault_ns, first_fault_ns, huge_kib);
    return 0;
}
