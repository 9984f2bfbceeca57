/* The kernel floor of a container start (see cshim_kernel_floor.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cshim_kernel_floor.h"

enum { FLOOR_STACK_SIZE = 64 * 1024 };

/* What the child reads and writes: it shares the caller's memory (CLONE_VM) and the caller
 * is suspended until it exits (CLONE_VFORK), so plain fields are enough. */
struct floor_child {
    char memory_procs[PATH_MAX];
    char pids_procs[PATH_MAX];
    const char *root_dir;
    struct cshim_floor_start *start;
    int64_t began_ns;
    int64_t ended_ns;
};

static int64_t floor_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static int floor_fail(struct cshim_floor_start *start, const char *stage) {
    if (start->stage == NULL) {
        start->error = errno;
        start->stage = stage;
    }
    return -1;
}

static int floor_join(const char *procs) {
    int fd = open(procs, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t written = write(fd, "0", 1);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == 1 ? 0 : -1;
}

static int floor_child_fail(struct cshim_floor_start *start, const char *stage) {
    floor_fail(start, stage);
    return 1;
}

/* The child: each step timed from the end of the previous one. */
static int floor_child_main(void *arg) {
    struct floor_child *child = arg;
    struct cshim_floor_start *start = child->start;
    int64_t mark = floor_now();
    child->began_ns = mark;
#define FLOOR_STEP(index) do { int64_t now = floor_now(); start->step_ns[index] = now - mark; mark = now; } while (0)
    if (floor_join(child->memory_procs) != 0) return floor_child_fail(start, "join memory cgroup");
    if (child->pids_procs[0] != '\0' && floor_join(child->pids_procs) != 0) return floor_child_fail(start, "join pids cgroup");
    if (unshare(CLONE_NEWCGROUP) != 0) return floor_child_fail(start, "unshare cgroup namespace");
    FLOOR_STEP(CSHIM_FLOOR_CGROUP_JOIN);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return floor_child_fail(start, "mount private");
    if (mount("tmpfs", child->root_dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755") != 0)
        return floor_child_fail(start, "mount tmpfs root");
    if (chdir(child->root_dir) != 0) return floor_child_fail(start, "chdir root");
    if (mkdir("old", 0700) != 0 || mkdir("proc", 0555) != 0 || mkdir("sys", 0555) != 0)
        return floor_child_fail(start, "mkdir in root");
    FLOOR_STEP(CSHIM_FLOOR_TMPFS_ROOT);
    if (syscall(SYS_pivot_root, ".", "old") != 0) return floor_child_fail(start, "pivot_root");
    FLOOR_STEP(CSHIM_FLOOR_PIVOT_ROOT);
    if (umount2("old", MNT_DETACH) != 0 || chdir("/") != 0) return floor_child_fail(start, "detach old root");
    FLOOR_STEP(CSHIM_FLOOR_DETACH_OLD);
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return floor_child_fail(start, "mount proc");
    FLOOR_STEP(CSHIM_FLOOR_PROC);
    if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) != 0)
        return floor_child_fail(start, "mount sysfs");
    FLOOR_STEP(CSHIM_FLOOR_SYSFS);
#undef FLOOR_STEP
    child->ended_ns = floor_now();
    return 0;
}

static void floor_remove(const char *directory, struct cshim_floor_start *start, const char *stage) {
    if (directory == NULL) return;
    /* A memory cgroup can be busy for a moment after its last task was reaped. */
    for (int attempt = 0; attempt < 100; attempt++) {
        if (rmdir(directory) == 0 || errno == ENOENT) return;
        if (errno != EBUSY) break;
        usleep(1000);
    }
    floor_fail(start, stage);
}

int cshim_kernel_floor_start(const char *memory_dir, const char *pids_dir, const char *root_dir,
                             struct cshim_floor_start *start) {
    for (int step = 0; step < CSHIM_FLOOR_STEPS; step++) start->step_ns[step] = -1;
    start->total_ns = -1;
    start->error = 0;
    start->stage = NULL;
    struct floor_child child = {.root_dir = root_dir, .start = start, .began_ns = -1, .ended_ns = -1};
    if (snprintf(child.memory_procs, sizeof child.memory_procs, "%s/cgroup.procs", memory_dir) >= (int)sizeof child.memory_procs
        || (pids_dir != NULL
            && snprintf(child.pids_procs, sizeof child.pids_procs, "%s/cgroup.procs", pids_dir) >= (int)sizeof child.pids_procs)) {
        errno = ENAMETOOLONG;
        return floor_fail(start, "cgroup path");
    }
    char *stack = malloc(FLOOR_STACK_SIZE);
    if (stack == NULL) {
        errno = ENOMEM;
        return floor_fail(start, "malloc");
    }
    int64_t began = floor_now();
    const char *made_pids = NULL;
    int made_memory = mkdir(memory_dir, 0755) == 0;
    if (!made_memory) floor_fail(start, "mkdir memory cgroup");
    if (made_memory && pids_dir != NULL) {
        if (mkdir(pids_dir, 0755) == 0) made_pids = pids_dir;
        else floor_fail(start, "mkdir pids cgroup");
    }
    int64_t mark = floor_now();
    start->step_ns[CSHIM_FLOOR_CGROUP_MKDIR] = mark - began;
    if (start->stage == NULL) {
        int flags = CLONE_VM | CLONE_VFORK | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
        pid_t pid = clone(floor_child_main, stack + FLOOR_STACK_SIZE, flags, &child);
        if (pid < 0) {
            floor_fail(start, "clone");
        } else {
            int status = 0;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            int64_t reaped = floor_now();
            if (child.began_ns >= 0) start->step_ns[CSHIM_FLOOR_CLONE] = child.began_ns - mark;
            if (child.ended_ns >= 0) start->step_ns[CSHIM_FLOOR_EXIT] = reaped - child.ended_ns;
            else if (start->stage == NULL) { errno = ECHILD; floor_fail(start, "child ended early"); }
            mark = reaped;
        }
    }
    floor_remove(made_pids, start, "rmdir pids cgroup");
    if (made_memory) floor_remove(memory_dir, start, "rmdir memory cgroup");
    int64_t ended = floor_now();
    start->step_ns[CSHIM_FLOOR_CGROUP_RMDIR] = ended - mark;
    free(stack);
    if (start->stage != NULL) return -1;
    start->total_ns = ended - began;
    return 0;
}
