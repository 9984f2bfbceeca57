/*
 * Memory: copy bandwidth over a fixed working set and the cost of a page fault.
 *
 * Copy: two buffers of MEBIBYTES each, touched first, then PASSES copies of one into the
 * other, a piece of PIECE bytes at a time.
 *
 * Faults: a fresh anonymous mapping of MEBIBYTES, written once a page, unmapped again. The
 * first mapping of the process (its first touch of that much memory) is reported on its
 * own; then PASSES more.
 *
 * Every piece (PIECE bytes: a copy of it, or the faults of its pages) is timed, and each
 * result is the median piece. A piece lasts well under a scheduler time slice, so on a busy
 * host most pieces never wait for a CPU and the median leaves out the ones that did; on a VM
 * a fault's cost also swings with the hypervisor's work, and one slow stretch no longer
 * decides the run.
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

#define PIECE ((size_t)1 << 20)

static double copy_bandwidth(size_t bytes, long passes) {
    char *from = malloc(bytes), *to = malloc(bytes);
    if (from == NULL || to == NULL) work_fail("memory: malloc");
    memset(from, 1, bytes);
    memset(to, 2, bytes);
    long pieces = (long)(bytes / PIECE), count = 0;
    uint64_t *times = work_timings(pieces * passes);
    for (long pass = 0; pass < passes; pass++) {
        from[pass % bytes] = (char)pass;
        for (long piece = 0; piece < pieces; piece++) {
            uint64_t start = work_now_ns();
            memcpy(to + piece * PIECE, from + piece * PIECE, PIECE);
            times[count++] = work_now_ns() - start;
        }
    }
    /* Keep the copies observable so the compiler cannot drop them. */
    volatile char sink = to[bytes / 2];
    (void)sink;
    uint64_t middle = work_median(times, count);
    free(times);
    free(from);
    free(to);
    return (double)PIECE / 1e6 / ((double)(middle ? middle : 1) / 1e9);
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

/* One mapping of `bytes`, written once a page and unmapped; each piece's time goes to
 * `times` from `*count` on. */
static void fault_pass(size_t bytes, size_t page, uint64_t *times, long *count, long *huge_kib) {
    char *area = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) work_fail("memory: mmap");
    for (size_t piece = 0; piece < bytes; piece += PIECE) {
        uint64_t start = work_now_ns();
        for (size_t offset = piece; offset < piece + PIECE; offset += page) area[offset] = 1;
        times[(*count)++] = work_now_ns() - start;
    }
    if (huge_kib != NULL) *huge_kib = anon_huge_kib();
    if (munmap(area, bytes) != 0) work_fail("memory: munmap");
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
    long pieces = (long)(bytes / PIECE);
    double pages_per_piece = (double)(PIECE / page);
    long huge_kib = -1, first_count = 0, count = 0;
    uint64_t *first = work_timings(pieces), *times = work_timings(pieces * passes);
    fault_pass(bytes, page, first, &first_count, &huge_kib);
    for (long pass = 0; pass < passes; pass++) fault_pass(bytes, page, times, &count, NULL);
    double first_fault_ns = (double)work_median(first, first_count) / pages_per_piece;
    double fault_ns = (double)work_median(times, count) / pages_per_piece;
    free(first);
    free(times);
    double megabytes_per_second = copy_bandwidth(bytes, passes);
    printf("{\"workload\":\"memory\",\"mebibytes\":%ld,\"passes\":%ld,\"copy_mb_per_s\":%.1f,\"faults\":%ld,"
           "\"fault_ns\":%.1f,\"first_fault_ns\":%.1f,\"anon_huge_kib\":%ld}\n",
           mebibytes, passes, megabytes_per_second, (long)(bytes / page) * (passes + 1), fault_ns, first_fault_ns, huge_kib);
    return 0;
}
