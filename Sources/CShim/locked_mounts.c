/*
 * Masks that container root cannot get around (plan->lock_stage).
 *
 * In a user namespace other than the host's, the kernel refuses a fresh proc or sysfs mount
 * unless a mount of that file system in the mount namespace is "fully visible"
 * (fs/namespace.c, mount_too_revealing and mnt_already_visible), and only a *locked* child
 * mount (MNT_LOCKED) over a file or a non-empty directory makes one not fully visible.
 * Mounts are locked when a mount namespace is copied into one owned by a less privileged
 * user namespace (copy_mnt_ns -> lock_mnt_tree), and when a tree propagates into one
 * (attach_recursive_mnt: every mount below the tree's root). Masks that a child makes after
 * clone(CLONE_NEWUSER | CLONE_NEWNS) live in its own namespace and are not locked: container
 * root may unmount them, and may mount a fresh, unmasked proc or sysfs.
 *
 * So the masks come from outside:
 *   the first child F (host root) makes a private mount namespace M0, owned by the host's
 *     user namespace, with a shared tmpfs at STAGE/shared, and clones the final child C with
 *     all its namespaces (CLONE_PARENT): C's mount namespace M1 is a copy owned by C's user
 *     namespace, where STAGE/shared is a slave of M0's;
 *   C, once the parent mapped it, creates a proc (of its pid namespace) and a sysfs (of its
 *     network namespace) with fsopen and hands the contexts to F: a proc shows the pid
 *     namespace of the process that creates it, and creating one needs privilege over that;
 *   F mounts them under STAGE/build (private), masks their paths there, and binds each tree
 *     recursively to STAGE/shared: it propagates into M1 with the masks locked. The plan's proc
 *     and sysfs entries bind those trees (the copies keep them locked); pivot_root leaves the
 *     stage behind.
 */
#include "child.h"
#include "cshim_socket.h"
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What C sends F, one message each: a proc or sysfs context (with its descriptor), or the end. */
enum { STAGE_PROC = 'p', STAGE_SYSFS = 's', STAGE_END = 'e' };

static int find_entry(const struct cshim_plan *p, const char *fstype) {
    for (size_t i = 0; i < p->mount_count; i++)
        if (!p->mounts[i].bind && p->mounts[i].fstype != NULL && cshim_streq(p->mounts[i].fstype, fstype)) return (int)i;
    return -1;
}

/* STAGE/shared/proc for a proc entry, STAGE/shared/sys for a sysfs entry (never for a bind). */
int cshim_staged_source(const struct cshim_plan *p, const struct cshim_mount *m, char *buf, size_t cap) {
    if (m->bind || m->fstype == NULL) return -1;
    const char *leaf = cshim_streq(m->fstype, "proc") ? "/shared/proc" : cshim_streq(m->fstype, "sysfs") ? "/shared/sys" : NULL;
    if (leaf == NULL) return -1;
    size_t at = cshim_copy(buf, cap, p->lock_stage);
    if (at + cshim_strlen(leaf) + 1 > cap) return -1;
    cshim_copy(buf + at, cap - at, leaf);
    return 0;
}

static int has_prefix(const char *s, const char *prefix) {
    while (*prefix != '\0')
        if (*s++ != *prefix++) return 0;
    return 1;
}

int cshim_mask_is_staged(const char *path) {
    return has_prefix(path, "/proc/") || has_prefix(path, "/sys/");
}

/* STAGE + suffix + path into buf (PATH_MAX); fails the launch when too long. */
static void stage_path(struct cshim_child *c, char *buf, const char *suffix, const char *path) {
    size_t at = cshim_copy(buf, PATH_MAX, c->plan->lock_stage);
    at += cshim_copy(buf + at, PATH_MAX - at, suffix);
    if (at + cshim_strlen(path) + 1 > PATH_MAX) cshim_fail(c, CSHIM_STAGE_MOUNT, ENAMETOOLONG, path, "lock stage");
    cshim_copy(buf + at, PATH_MAX - at, path);
}

/* F: masks `path` (/proc/... or /sys/...) under STAGE/build; a path this kernel lacks is skipped. */
static void stage_mask(struct cshim_child *c, const char *path) {
    char staged[PATH_MAX];
    stage_path(c, staged, "/build", path);
    /* proc and sysfs as the kernel makes them: no link of anyone's along these paths. */
    int fd = open(staged, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return;
        cshim_fail(c, CSHIM_STAGE_MASK, errno, path, "lock stage");
    }
    if (cshim_mask_fd(fd) != 0) cshim_fail(c, CSHIM_STAGE_MASK, errno, path, "lock stage");
    close(fd);
}

/* C: a created superblock of `fstype` as an fs context descriptor, sent to F. */
static void send_context(struct cshim_child *c, int sock, const char *fstype, char kind) {
    int fs = (int)syscall(SYS_fsopen, fstype, FSOPEN_CLOEXEC);
    if (fs < 0) cshim_fail(c, CSHIM_STAGE_MOUNT, errno, fstype, "fsopen at the lock stage");
    if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0)
        cshim_fail(c, CSHIM_STAGE_MOUNT, errno, fstype, "create at the lock stage");
    if (cshim_send_with_fd(sock, &kind, 1, fs) != 1) cshim_fail(c, CSHIM_STAGE_SYNC, errno, fstype, "hand to the lock stage");
    close(fs);
}

/* C after clone: its maps from the parent, its contexts to F; returns once F staged them. */
static void stage_child(struct cshim_child *c, int sock) {
    const struct cshim_plan *p = c->plan;
    cshim_wait_for_parent(c);
    if (find_entry(p, "proc") >= 0) send_context(c, sock, "proc", STAGE_PROC);
    if (find_entry(p, "sysfs") >= 0) send_context(c, sock, "sysfs", STAGE_SYSFS);
    char byte = STAGE_END;
    if (write(sock, &byte, 1) != 1) cshim_fail(c, CSHIM_STAGE_SYNC, errno, NULL, "end of the lock stage");
    ssize_t n;
    do {
        n = read(sock, &byte, 1);
    } while (n < 0 && errno == EINTR);
    /* Without the byte, F failed and reported why. */
    if (n != 1) _exit(126);
    close(sock);
}

/* F: mounts the context `fs` of plan entry `m` under STAGE/build, masks its paths, and binds
 * the tree to STAGE/shared, whence it propagates into C's mount namespace. */
static void stage_mount(struct cshim_child *c, int fs, const struct cshim_mount *m) {
    const struct cshim_plan *p = c->plan;
    int is_proc = cshim_streq(m->fstype, "proc");
    const char *root = is_proc ? "/proc" : "/sys";
    if (m->data != NULL) cshim_fail(c, CSHIM_STAGE_MOUNT, EINVAL, m->destination, "mount options are not supported at the lock stage");
    unsigned int attr = ((m->flags & MS_RDONLY) ? MOUNT_ATTR_RDONLY : 0) | ((m->flags & MS_NOSUID) ? MOUNT_ATTR_NOSUID : 0) |
                        ((m->flags & MS_NODEV) ? MOUNT_ATTR_NODEV : 0) | ((m->flags & MS_NOEXEC) ? MOUNT_ATTR_NOEXEC : 0);
    int mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, attr);
    if (mnt < 0) cshim_fail(c, CSHIM_STAGE_MOUNT, errno, m->destination, "fsmount at the lock stage");
    char build[PATH_MAX], shared[PATH_MAX];
    stage_path(c, build, "/build", root);
    stage_path(c, shared, "/shared", root);
    if (mkdir(build, 0711) != 0 && errno != EEXIST) cshim_fail(c, CSHIM_STAGE_MKDIR, errno, build, "lock stage");
    if (mkdir(shared, 0711) != 0 && errno != EEXIST) cshim_fail(c, CSHIM_STAGE_MKDIR, errno, shared, "lock stage");
    if (syscall(SYS_move_mount, mnt, "", AT_FDCWD, build, MOVE_MOUNT_F_EMPTY_PATH) != 0)
        cshim_fail(c, CSHIM_STAGE_MOUNT, errno, m->destination, "attach at the lock stage");
    close(mnt);
    for (size_t i = 0; i < p->masked_count; i++)
        if (has_prefix(p->masked_paths[i], is_proc ? "/proc/" : "/sys/")) stage_mask(c, p->masked_paths[i]);
    if (mount(build, shared, NULL, MS_BIND | MS_REC, NULL) != 0)
        cshim_fail(c, CSHIM_STAGE_MOUNT, errno, m->destination, "bind into the lock stage's shared tmpfs");
}

/* F: receives C's contexts and stages them, then tells C. */
static void run_stage(struct cshim_child *c, int sock) {
    const struct cshim_plan *p = c->plan;
    for (;;) {
        char kind;
        int fs = -1;
        /* EOF: C failed and reported why. */
        if (cshim_recv_with_fd(sock, &kind, 1, &fs) != 1) _exit(126);
        if (kind == STAGE_END) break;
        int entry = find_entry(p, kind == STAGE_PROC ? "proc" : "sysfs");
        if (fs < 0 || entry < 0) cshim_fail(c, CSHIM_STAGE_SYNC, EPROTO, NULL, "lock stage message");
        stage_mount(c, fs, &p->mounts[entry]);
        close(fs);
    }
    char done = 'd';
    if (write(sock, &done, 1) != 1) _exit(126);
}

/* F before the clone: the private M0 and the stage's tmpfs, STAGE/shared shared. Mode 0711:
 * container root, which binds from there, owns nothing of it but may pass through. */
static void prepare_stage(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (cshim_unshare(CLONE_NEWNS) != 0) cshim_fail(c, CSHIM_STAGE_UNSHARE, errno, "mnt", "the lock stage's mount namespace");
    /* Nothing made here may reach the host's mounts. */
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0) cshim_fail(c, CSHIM_STAGE_PROPAGATION, errno, "/", "rslave");
    if (mount("tmpfs", p->lock_stage, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0711") != 0)
        cshim_fail(c, CSHIM_STAGE_MOUNT, errno, p->lock_stage, "lock stage tmpfs");
    if (mount(NULL, p->lock_stage, NULL, MS_PRIVATE, NULL) != 0) cshim_fail(c, CSHIM_STAGE_PROPAGATION, errno, p->lock_stage, "private");
    char path[PATH_MAX];
    stage_path(c, path, "/build", "");
    if (mkdir(path, 0711) != 0) cshim_fail(c, CSHIM_STAGE_MKDIR, errno, path, "lock stage");
    stage_path(c, path, "/shared", "");
    if (mkdir(path, 0711) != 0) cshim_fail(c, CSHIM_STAGE_MKDIR, errno, path, "lock stage");
    if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0711") != 0)
        cshim_fail(c, CSHIM_STAGE_MOUNT, errno, path, "lock stage tmpfs");
    if (mount(NULL, path, NULL, MS_SHARED, NULL) != 0) cshim_fail(c, CSHIM_STAGE_PROPAGATION, errno, path, "shared");
}

__attribute__((noreturn)) void cshim_locked_first_child(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    prepare_stage(c);
    int sv[2];
    if (cshim_seqpacket_pair(sv) != 0) cshim_fail(c, CSHIM_STAGE_SYNC, errno, NULL, "lock stage socket");
    struct clone_args args;
    memset(&args, 0, sizeof args);
    /* The launcher's child (it reaps it); its cgroup namespace comes later, as on every path. */
    args.flags = CLONE_PARENT | (p->create_flags & ~(uint64_t)CLONE_NEWCGROUP);
    long pid = cshim_clone3(&args, sizeof args);
    if (pid < 0) cshim_fail(c, CSHIM_STAGE_FORK, errno, NULL, "clone the init with its namespaces");
    if (pid == 0) {
        close(sv[0]);
        stage_child(c, sv[1]);
        cshim_final_child(c);
    }
    close(sv[1]);
    /* The parent maps C's user namespace and continues C (F never reads the sync socket). */
    if (cshim_report(c, CSHIM_RECORD_USERNS, (int)pid) != 0) _exit(126);
    run_stage(c, sv[0]);
    cshim_report(c, CSHIM_RECORD_CHILD_PID, (int)pid);
    _exit(0);
}
