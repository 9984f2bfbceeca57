#ifndef CSHIM_H
#define CSHIM_H
/*
 * The flat launch plan that the Swift launcher builds before clone, and the entry points
 * that carry it out. Everything the child needs is in the plan as plain data: the child
 * runs no Swift, allocates nothing and takes no locks between clone3 and execve.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/signalfd.h> /* signalfd and its siginfo, which Swift's Glibc does not export */
#include <sys/xattr.h>    /* fsetxattr and friends, likewise (overlay whiteout markers in unpacked layers) */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- records the child writes to the close-on-exec report pipe ---- */

enum cshim_record_kind {
    CSHIM_RECORD_ERROR = 1,     /* set-up failed at `stage`; the child exits */
    CSHIM_RECORD_READY = 2,     /* all set-up done; the child now blocks on the start gate */
    CSHIM_RECORD_USERNS = 3,    /* a user namespace was unshared: write its id maps (to pid `value`, or the first child if 0) */
    CSHIM_RECORD_CHILD_PID = 4, /* the first child forked the final one (pid in `value`) */
    CSHIM_RECORD_HOOKS = 5,     /* mounts done, before pivot_root: the parent runs OCI create hooks, then continues us */
};

enum cshim_stage {
    CSHIM_STAGE_NONE = 0,
    CSHIM_STAGE_SYNC,
    CSHIM_STAGE_CGROUP,
    CSHIM_STAGE_SETNS,
    CSHIM_STAGE_UNSHARE,
    CSHIM_STAGE_FORK,
    CSHIM_STAGE_FDS,
    CSHIM_STAGE_SETSID,
    CSHIM_STAGE_PROPAGATION,
    CSHIM_STAGE_ROOTFS,
    CSHIM_STAGE_MOUNT,
    CSHIM_STAGE_REMOUNT,
    CSHIM_STAGE_MKDIR,
    CSHIM_STAGE_RESOLVE,
    CSHIM_STAGE_DEVICE,
    CSHIM_STAGE_SYMLINK,
    CSHIM_STAGE_PIVOT_ROOT,
    CSHIM_STAGE_MASK,
    CSHIM_STAGE_READONLY,
    CSHIM_STAGE_CHDIR,
    CSHIM_STAGE_HOSTNAME,
    CSHIM_STAGE_DOMAINNAME,
    CSHIM_STAGE_SYSCTL,
    CSHIM_STAGE_RLIMIT,
    CSHIM_STAGE_BOUNDING,
    CSHIM_STAGE_SETGROUPS,
    CSHIM_STAGE_SETGID,
    CSHIM_STAGE_SETUID,
    CSHIM_STAGE_CAPSET,
    CSHIM_STAGE_AMBIENT,
    CSHIM_STAGE_NO_NEW_PRIVS,
    CSHIM_STAGE_SECCOMP,
    CSHIM_STAGE_LOOPBACK,
    CSHIM_STAGE_START_GATE,
    CSHIM_STAGE_CONSOLE,
    CSHIM_STAGE_EXEC,
    CSHIM_STAGE_COUNT
};

/* One fixed-size record, written with a single write(2) (smaller than PIPE_BUF, so atomic). */
struct cshim_record {
    uint32_t kind;
    uint32_t stage;
    int32_t err;
    int32_t value;
    char arg[256];   /* what the stage worked on: a path, a name */
    char reason[96]; /* why, when errno alone does not say it */
};

/* The short name of a stage ("mount", "pivot_root", "exec"...). */
const char *cshim_stage_name(uint32_t stage);

/* ---- the plan ---- */

enum cshim_bind { CSHIM_NOT_BIND = 0, CSHIM_BIND = 1, CSHIM_RBIND = 2 };

struct cshim_mount {
    const char *source;        /* may be NULL */
    const char *destination;   /* absolute path inside the container */
    const char *fstype;        /* NULL for bind mounts */
    const char *data;          /* NULL when no data options */
    unsigned long flags;       /* MS_* without MS_BIND/MS_REC and propagation */
    unsigned long propagation; /* MS_PRIVATE, MS_SLAVE... | MS_REC, or 0 */
    int bind;                  /* enum cshim_bind */
    int source_is_file;        /* create an empty file, not a directory, as target */
    int optional;              /* LXC's `optional`: a mount that fails is skipped, not fatal */
    /* OCI's recursive options (rro, rnosuid, rnodev, rnoexec and their opposites): MOUNT_ATTR_*
     * set and cleared with one mount_setattr(AT_RECURSIVE) on the mount and every mount below
     * it, after the mount and its propagation. 0 and 0: none. */
    uint64_t recursive_set;
    uint64_t recursive_clear;
};

struct cshim_device {
    const char *path;  /* absolute inside the container, e.g. /dev/fuse */
    uint32_t mode;     /* S_IFCHR/S_IFBLK/S_IFIFO | permission bits */
    uint64_t rdev;     /* makedev(major, minor) */
    uint32_t uid;
    uint32_t gid;
};

struct cshim_join {
    int fd;            /* open namespace file (O_CLOEXEC) */
    int nstype;        /* CLONE_NEW* */
    const char *path;  /* for error reports */
};

struct cshim_rlimit {
    int resource;
    uint64_t soft;
    uint64_t hard;
    const char *name;  /* RLIMIT_NOFILE */
};

struct cshim_sysctl {
    const char *path;  /* /proc/sys/net/ipv4/ip_forward */
    const char *value;
};

enum cshim_rootfs_kind { CSHIM_ROOTFS_NONE = 0, CSHIM_ROOTFS_DIRECTORY = 1, CSHIM_ROOTFS_OVERLAY = 2 };

struct cshim_plan {
    /* namespaces */
    uint64_t create_flags;       /* CLONE_NEW* to create */
    const struct cshim_join *joins; /* user namespace first */
    size_t join_count;
    int in_user_namespace;       /* created or joined: device nodes are bind-mounted */

    /* root file system */
    int rootfs_kind;
    const char *root_path;       /* the directory, or the overlay mount point */
    const char *overlay_data;    /* lowerdir=...,upperdir=...,workdir=...[,volatile] */
    /* With volatile: the same without it, for a kernel before 5.10 (EINVAL); else NULL. */
    const char *overlay_data_without_volatile;
    int rootfs_readonly;
    unsigned long root_propagation; /* applied to / first, 0 to leave it */
    unsigned long root_propagation_after_pivot; /* applied to the new / after pivot_root, 0 for none */

    const struct cshim_mount *mounts;
    size_t mount_count;
    const struct cshim_device *devices;
    size_t device_count;
    int populate_dev;
    const char *const *masked_paths;
    size_t masked_count;
    const char *const *readonly_paths;
    size_t readonly_count;
    /* A host directory, or NULL. When set (new user, mount and pid namespaces, nothing joined),
     * the first child, host root in a private mount namespace, mounts the container's proc and
     * sysfs there, masks the paths under /proc and /sys, and lets them propagate into the
     * container's mount namespace, which locks them (locked_mounts.c). */
    const char *lock_stage;

    /* system properties */
    const char *hostname;        /* NULL: leave */
    const char *domainname;
    const struct cshim_sysctl *sysctls;
    size_t sysctl_count;
    const struct cshim_rlimit *rlimits;
    size_t rlimit_count;
    int umask_value;             /* -1: leave */

    /* identity and privileges */
    uint32_t uid;
    uint32_t gid;
    const uint32_t *groups;
    size_t group_count;
    int set_groups;              /* 0 when setgroups is denied in the user namespace */
    int has_capabilities;
    uint64_t cap_bounding, cap_effective, cap_inheritable, cap_permitted, cap_ambient;
    int cap_last;                /* /proc/sys/kernel/cap_last_cap */
    int no_new_privs;
    const void *seccomp_filter;  /* struct sock_filter[] */
    uint16_t seccomp_length;     /* instructions */
    uint32_t seccomp_flags;
    int has_seccomp;

    /* cgroups. The child joins its v1 hierarchies itself by writing "0" to each `tasks` fd:
     * moving only the calling thread skips the kernel's global threadgroup lock, whose
     * RCU grace period costs about 10 ms when a parent writes a pid to cgroup.procs. */
    const int *cgroup_task_fds;
    size_t cgroup_task_count;
    int clone_into_cgroup_fd;    /* a cgroup2 directory for CLONE_INTO_CGROUP, or -1 */

    /* process */
    int new_session;
    int controlling_terminal;    /* after setsid, stdin (a pty slave) becomes the session's terminal */
    int loopback_up;
    int stdio[3];                /* -1 each: inherit */
    const int *preserved_fds;    /* become 3, 4, ... */
    size_t preserved_count;
    int start_gate_fd;           /* O_PATH fd of the FIFO, or -1 */
    int console_socket_fd;       /* a connected --console-socket, or -1: after pivot_root the child
                                    opens a pty of the container's devpts, makes the slave its stdio
                                    and controlling terminal and /dev/console, and sends the master */
    const char *cwd;
    const char *exec_path;       /* executed instead of argv[0] (OCI hooks' `path`), or NULL */
    int hooks_pause;             /* report CSHIM_RECORD_HOOKS and wait before pivot_root */
    const char *const *argv;     /* NULL-terminated */
    const char *const *envp;     /* NULL-terminated */
    const char *path_env;        /* value of PATH from the environment, or NULL */
};

struct cshim_spawn_result {
    pid_t pid;      /* the first child (the final one unless `two_step`) */
    int pidfd;      /* of the first child */
    int report_fd;  /* read end of the report pipe (records, EOF at exec) */
    int sync_fd;    /* parent end of the continue socket */
    int two_step;   /* the first child forks the final one (joined pid ns, unshare path, lock_stage) */
};

/* Clone the child that carries out `plan`. Returns 0, or -errno when clone3 or a pipe fails. */
int cshim_spawn(const struct cshim_plan *plan, struct cshim_spawn_result *result);

/* Tell the waiting child to continue (one byte on the sync socket, no SIGPIPE if it died).
 * Returns 0, or -1 with errno. */
int cshim_continue_child(int sync_fd);

/* ---- syscalls Swift's Glibc lacks ---- */
int cshim_pidfd_open(pid_t pid, unsigned int flags);
int cshim_pidfd_send_signal(int pidfd, int sig, unsigned int flags);
/* waitid(P_PIDFD, ...): returns 0 and fills code/status, or -1 with errno. */
int cshim_waitid_pidfd(int pidfd, int options, int *code, int *status, pid_t *pid);
int cshim_waitid_pid(pid_t pid, int options, int *code, int *status);
int cshim_setns(int fd, int nstype);
int cshim_unshare(int flags);
int cshim_pivot_root(const char *new_root, const char *put_old);
/* ptrace(PTRACE_SEIZE, pid) (variadic in glibc): the monitor's tests hold a container as
 * CRIU's dump does, so that it ends while traced. */
int cshim_ptrace_seize(pid_t pid);
/* prctl(PR_SET_CHILD_SUBREAPER, on): prctl is variadic, so Swift cannot call it. */
int cshim_set_child_subreaper(int on);
int cshim_close_range(unsigned int first, unsigned int last, unsigned int flags);
/* 1 when `name` in `dirfd` is the root of a mount (bind mounts of the same file system too),
 * 0 when not or when the kernel cannot tell, -1 with errno when statx fails. */
int cshim_is_mount_root(int dirfd, const char *name);
/* sched_setaffinity of one thread to the CPUs whose bits are set in `mask` (`bytes` long):
 * glibc declares it only under _GNU_SOURCE. Returns 0, or -1 with errno. */
int cshim_set_affinity(pid_t thread, const unsigned char *mask, unsigned long bytes);
int cshim_mount_setattr(int dirfd, const char *path, unsigned int flags,
                        uint64_t attr_set, uint64_t attr_clr, uint64_t propagation);
long cshim_clone3(void *args, size_t size);
/* openat2 with a `resolve` mask (RESOLVE_IN_ROOT...). */
int cshim_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);
/* lgetxattr(2): the attribute's size, or -1 with errno (ENODATA when it is not set). */
long cshim_lgetxattr(const char *path, const char *name, void *value, size_t size);

/* Constants Swift cannot import from macros with casts. */
#define CSHIM_CLOSE_RANGE_CLOEXEC (1U << 2)
static const int CSHIM_O_PATH = 010000000; /* Glibc does not export O_PATH to Swift */

#ifdef __cplusplus
}
#endif
#endif
