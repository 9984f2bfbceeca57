/* --stress KIND:AMOUNT: pushes against one resource limit from inside the container and
 * reports what held it, so the "resource limits enforced" rows are judged from what a
 * process inside met, not from a config file:
 *   memory:MB  a child touches MB megabytes, one at a time; a memory limit ends it with an
 *              OOM kill (SIGKILL) before it gets there;
 *   pids:N     the probe forks up to N children that wait; a pids limit makes fork fail
 *              (EAGAIN) before N; all of them are killed and reaped afterwards;
 *   cpu:MS     two children spin for MS milliseconds of wall time; their CPU time over
 *              the wall time is the share a CPU quota held them to. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

#define STRESS_MAX_PIDS 1024
#define STRESS_MAX_MB 4096
#define STRESS_MAX_MS 10000
#define STRESS_CPU_WORKERS 2
#define MEGABYTE (1024L * 1024L)

static long elapsed_ms(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000L + (now.tv_nsec - start->tv_nsec) / 1000000L;
}

/* How a waited-for child ended: "exit_status" or "signal" with its name. */
static void write_end(struct json *j, int status) {
    if (WIFSIGNALED(status)) {
        char name[32];
        const char *abbrev = sigabbrev_np(WTERMSIG(status));
        if (abbrev != NULL) snprintf(name, sizeof(name), "SIG%s", abbrev);
        else snprintf(name, sizeof(name), "signal %d", WTERMSIG(status));
        json_kv_null(j, "exit_status");
        json_kv_string(j, "signal", name);
    } else {
        json_kv_int(j, "exit_status", WEXITSTATUS(status));
        json_kv_null(j, "signal");
    }
}

static void stress_memory(struct json *j, long megabytes) {
    json_kv_int(j, "asked", megabytes);
    /* The count of megabytes touched, shared with the child so it survives its kill. */
    volatile long *touched = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (touched == MAP_FAILED) {
        json_kv_errno(j, "errno", errno);
        return;
    }
    *touched = 0;
    pid_t child = fork();
    if (child < 0) {
        json_kv_errno(j, "errno", errno);
        munmap((void *)touched, sizeof(long));
        return;
    }
    if (child == 0) {
        for (long i = 0; i < megabytes; i++) {
            char *chunk = mmap(NULL, MEGABYTE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (chunk == MAP_FAILED) _exit(3);
            memset(chunk, 0x5a, MEGABYTE);
            *touched = i + 1;
        }
        _exit(0);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    json_kv_null(j, "errno");
    json_kv_int(j, "reached", *touched);
    write_end(j, status);
    munmap((void *)touched, sizeof(long));
}

static void stress_pids(struct json *j, long wanted) {
    json_kv_int(j, "asked", wanted);
    static pid_t children[STRESS_MAX_PIDS];
    long started = 0;
    int error = 0;
    while (started < wanted) {
        pid_t child = fork();
        if (child < 0) {
            if (errno == EINTR) continue;
            error = errno;
            break;
        }
        if (child == 0) {
            for (;;) pause();
        }
        children[started++] = child;
    }
    for (long i = 0; i < started; i++) kill(children[i], SIGKILL);
    for (long i = 0; i < started; i++)
        while (waitpid(children[i], NULL, 0) < 0 && errno == EINTR) {}
    if (error != 0) json_kv_errno(j, "errno", error);
    else json_kv_null(j, "errno");
    json_kv_int(j, "reached", started);
}

/* The counters of a cpu.stat file (v1: throttled_time in ns; v2: throttled_usec). */
struct cpu_stat {
    long long periods, throttled, throttled_us;
};

static int read_cpu_stat(const char *path, struct cpu_stat *stat) {
    char *text = probe_read_file(path, 4096, NULL);
    if (text == NULL) return 0;
    memset(stat, 0, sizeof(*stat));
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        long long value = 0;
        if (sscanf(line, "nr_periods %lld", &value) == 1) stat->periods = value;
        else if (sscanf(line, "nr_throttled %lld", &value) == 1) stat->throttled = value;
        else if (sscanf(line, "throttled_time %lld", &value) == 1) stat->throttled_us = value / 1000;
        else if (sscanf(line, "throttled_usec %lld", &value) == 1) stat->throttled_us = value;
    }
    free(text);
    return 1;
}

/* The cpu.stat of the probe's cgroup (the CFS bandwidth counters), into path; 0 if none. */
static int find_cpu_stat(char *path, size_t size) {
    return probe_cgroup_file("cpu", "cpu,cpuacct", "cpu.stat", "cpu.stat", path, size)
           || probe_cgroup_file("cpu", "cpu", "cpu.stat", "cpu.stat", path, size);
}

static void stress_cpu(struct json *j, long milliseconds) {
    json_kv_int(j, "asked", milliseconds);
    json_kv_int(j, "workers", STRESS_CPU_WORKERS);
    char stat_path[8192];
    struct cpu_stat stat_before = {0}, stat_after = {0};
    int has_stat = find_cpu_stat(stat_path, sizeof(stat_path)) && read_cpu_stat(stat_path, &stat_before);
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t workers[STRESS_CPU_WORKERS];
    int started = 0, error = 0;
    for (; started < STRESS_CPU_WORKERS; started++) {
        pid_t child = fork();
        if (child < 0) {
            error = errno;
            break;
        }
        if (child == 0) {
            volatile unsigned long spins = 0;
            while (elapsed_ms(&start) < milliseconds) spins++;
            _exit(0);
        }
        workers[started] = child;
    }
    for (int i = 0; i < started; i++)
        while (waitpid(workers[i], NULL, 0) < 0 && errno == EINTR) {}
    long wall = elapsed_ms(&start);
    getrusage(RUSAGE_CHILDREN, &after);
    has_stat = has_stat && read_cpu_stat(stat_path, &stat_after);
    long cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000L
               + (after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1000L;
    if (error != 0) json_kv_errno(j, "errno", error);
    else json_kv_null(j, "errno");
    json_kv_int(j, "reached", started);
    json_kv_int(j, "wall_ms", wall);
    json_kv_int(j, "cpu_ms", cpu);
    /* The cgroup's CFS bandwidth counters over the run: periods with a quota, and how many of
     * them ended throttled. */
    json_key(j, "cpu_stat");
    if (has_stat) {
        json_object_begin(j);
        json_kv_string(j, "path", stat_path);
        json_kv_int(j, "periods", stat_after.periods - stat_before.periods);
        json_kv_int(j, "throttled", stat_after.throttled - stat_before.throttled);
        json_kv_int(j, "throttled_us", stat_after.throttled_us - stat_before.throttled_us);
        json_object_end(j);
    } else {
        json_null(j);
    }
    /* The host's load while the workers ran: an unlimited container on a busy host gets less too. */
    char *load = probe_read_line("/proc/loadavg");
    if (load != NULL) json_kv_string(j, "loadavg", load);
    else json_kv_null(j, "loadavg");
    free(load);
}

void check_stress(struct json *j, const char *request) {
    json_object_begin(j);
    json_kv_string(j, "request", request);
    const char *colon = strchr(request, ':');
    char *end = NULL;
    long amount = colon ? strtol(colon + 1, &end, 10) : -1;
    size_t kind_length = colon ? (size_t)(colon - request) : 0;
    int valid = colon != NULL && end != colon + 1 && *end == '\0' && amount > 0;
    if (valid && kind_length == 6 && strncmp(request, "memory", 6) == 0 && amount <= STRESS_MAX_MB) {
        json_kv_string(j, "kind", "memory");
        stress_memory(j, amount);
    } else if (valid && kind_length == 4 && strncmp(request, "pids", 4) == 0 && amount <= STRESS_MAX_PIDS) {
        json_kv_string(j, "kind", "pids");
        stress_pids(j, amount);
    } else if (valid && kind_length == 3 && strncmp(request, "cpu", 3) == 0 && amount <= STRESS_MAX_MS) {
        json_kv_string(j, "kind", "cpu");
        stress_cpu(j, amount);
    } else {
        json_kv_null(j, "kind");
        json_kv_errno(j, "errno", EINVAL);
    }
    json_object_end(j);
}
