#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "work.h"

uint64_t work_now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

long work_count(const char *text, const char *what) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0) {
        fprintf(stderr, WORK_NAME ": %s: '%s' is not a non-negative number\n", what, text);
        exit(2);
    }
    return value;
}

void work_fail(const char *stage) {
    int code = errno;
    fprintf(stderr, WORK_NAME ": %s: %s (errno %d)\n", stage, strerror(code), code);
    exit(1);
}
