/* The median of a set of timings: the workloads time many short pieces and report the
 * median piece, so a piece during which the process waited for a CPU (another process, the
 * runtime's own work, the hypervisor) does not decide the result. */
#include <stdlib.h>

#include "work.h"

static int compare_u64(const void *left, const void *right) {
    uint64_t a = *(const uint64_t *)left, b = *(const uint64_t *)right;
    return (a > b) - (a < b);
}

uint64_t work_median(uint64_t *values, long count) {
    if (count <= 0) return 0;
    qsort(values, (size_t)count, sizeof *values, compare_u64);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

uint64_t *work_timings(long count) {
    uint64_t *times = calloc((size_t)(count > 0 ? count : 1), sizeof *times);
    if (times == NULL) work_fail("calloc");
    return times;
}
