#ifndef CSHIM_KERNEL_FLOOR_H
#define CSHIM_KERNEL_FLOOR_H
/* The kernel floor of a container start: what any runtime pays the kernel for a bare
 * container on this host, with no runtime and no Swift between clone and exit. One start:
 * mkdir a memory and a pids cgroup, clone with new mount, pid, net, ipc and uts namespaces,
 * join the cgroups and unshare the cgroup namespace, a tmpfs root, pivot_root into it and
 * detach the old root, mount proc and sysfs, exit, reap, rmdir the cgroups; every step timed
 * with CLOCK_MONOTONIC. */
#include <stdint.h>

enum cshim_floor_step {
    CSHIM_FLOOR_CGROUP_MKDIR,  /* mkdir of the memory and pids cgroups */
    CSHIM_FLOOR_CLONE,         /* clone with the five namespaces, until the child runs */
    CSHIM_FLOOR_CGROUP_JOIN,   /* the child writes itself into both, unshares its cgroup namespace */
    CSHIM_FLOOR_TMPFS_ROOT,    /* mounts private, a tmpfs mounted with old, proc and sys in it */
    CSHIM_FLOOR_PIVOT_ROOT,    /* pivot_root into the tmpfs */
    CSHIM_FLOOR_DETACH_OLD,    /* umount2 of the old root, MNT_DETACH */
    CSHIM_FLOOR_PROC,          /* mount proc of the new pid namespace */
    CSHIM_FLOOR_SYSFS,         /* mount sysfs of the new network namespace */
    CSHIM_FLOOR_EXIT,          /* the child's exit until the parent reaped it */
    CSHIM_FLOOR_CGROUP_RMDIR,  /* rmdir of both cgroups */
    CSHIM_FLOOR_STEPS
};

struct cshim_floor_start {
    int64_t step_ns[CSHIM_FLOOR_STEPS]; /* -1: the step did not run */
    int64_t total_ns;                   /* first mkdir to the last rmdir */
    int error;                          /* errno of the first failure, 0 when none */
    const char *stage;                  /* its step ("mkdir memory", "pivot_root", ...), or NULL */
};

/* One bare start. `pids_dir` may be NULL (a unified hierarchy: the memory one holds both);
 * `root_dir` is an existing directory the child's tmpfs is mounted on, in its own mount
 * namespace only. Both cgroups are removed whatever failed. Returns 0, or -1 on a failure. */
int cshim_kernel_floor_start(const char *memory_dir, const char *pids_dir, const char *root_dir,
                             struct cshim_floor_start *start);
#endif
