/*
 * The spec's mounts, in order, onto targets resolved inside the root and reached through
 * /proc/self/fd/N of an O_PATH descriptor, so a symlink swapped in cannot redirect them.
 */
#include "child.h"
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

#define REMOUNT_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | \
                       MS_RELATIME | MS_STRICTATIME | MS_SYNCHRONOUS | MS_DIRSYNC | MS_MANDLOCK)

/* Whether every mount in the namespace is private already: / made rprivate at the start
 * (prepare_rootfs), no lock stage (its shared tree propagates into the container) and no entry
 * of the plan asking for shared or slave. Then every mount made in it is born private, and a
 * private or rprivate request would change nothing. A property of the plan: computed once. */
static int plan_keeps_mounts_private(const struct cshim_plan *p) {
    if (p->root_propagation != (MS_REC | MS_PRIVATE) || p->lock_stage != NULL) return 0;
    for (size_t i = 0; i < p->mount_count; i++)
        if (p->mounts[i].propagation & (MS_SHARED | MS_SLAVE)) return 0;
    return 1;
}

/* The propagation `m` asks for, or 0 when the mount has it already. */
static unsigned long needed_propagation(const struct cshim_mount *m, int all_private) {
    if (all_private && (m->propagation & ~(unsigned long)MS_REC) == MS_PRIVATE) return 0;
    return m->propagation;
}

static int has_magic(int fd, long magic) {
    struct statfs st;
    return fstatfs(fd, &st) == 0 && (long)st.f_type == magic;
}

/* A bind mount ignores flags on the first call; applying them needs a remount. In a user
 * namespace the flags of the source mount are locked, so keep them when asked to. */
int cshim_remount_bind(int fd, unsigned long flags) {
    char target[32];
    cshim_fd_path(target, fd);
    if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags, NULL) == 0) return 0;
    if (errno != EPERM) return -1;
    return mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags | cshim_locked_flags(fd), NULL);
}

/* A failed step of mount_one: fatal, or for an optional mount undone (when `mounted`) and
 * skipped, as LXC skips it. Returns -1 so the caller can return it. */
static int mount_failed(struct cshim_child *c, const struct cshim_mount *m, int fd, int mounted,
                        int stage, int err, const char *reason) {
    if (!m->optional) cshim_fail(c, stage, err, m->destination, reason);
    if (mounted && fd >= 0) {
        char target[32];
        cshim_fd_path(target, fd);
        umount2(target, MNT_DETACH);
    }
    if (fd >= 0) close(fd);
    return -1;
}

static int mount_one(struct cshim_child *c, const struct cshim_mount *m, int all_private) {
    const char *dest = m->destination;
    int is_proc_type = cshim_streq(m->fstype, "proc");
    int create = (m->bind && m->source_is_file ? 2 : 1) | (m->optional ? CSHIM_RESOLVE_SOFT : 0);
    int fd = cshim_resolve_in_root(c, dest, create, CSHIM_STAGE_MOUNT);
    if (fd < 0) return mount_failed(c, m, -1, 0, CSHIM_STAGE_MOUNT, errno, NULL);
    char real[PATH_MAX];
    if (cshim_container_path(c, fd, real, sizeof real) != 0)
        cshim_fail(c, CSHIM_STAGE_MOUNT, EXDEV, dest, "target resolves outside the root");
    int onto_proc = cshim_streq(real, "/proc");
    int onto_sys = cshim_streq(real, "/sys");
    if (onto_proc && !is_proc_type && !m->bind)
        cshim_fail(c, CSHIM_STAGE_MOUNT, EINVAL, dest, "only procfs may be mounted on /proc");

    char target[32];
    cshim_fd_path(target, fd);
    int rc;
    char staged[PATH_MAX];
    if (m->bind) {
        rc = mount(m->source, target, NULL, MS_BIND | (m->bind == CSHIM_RBIND ? MS_REC : 0), NULL);
    } else if (c->plan->lock_stage != NULL && cshim_staged_source(c->plan, m, staged, sizeof staged) == 0) {
        /* The staged proc or sysfs with its locked masks (the copy keeps them locked). */
        rc = mount(staged, target, NULL, MS_BIND | MS_REC, NULL);
    } else {
        rc = mount(m->source, target, m->fstype, m->flags, m->data);
        /* sysfs needs a network namespace owned by our user namespace; fall back like runc. */
        if (rc != 0 && errno == EPERM && c->plan->in_user_namespace && cshim_streq(m->fstype, "sysfs"))
            rc = mount("/sys", target, NULL, MS_BIND | MS_REC, NULL);
    }
    if (rc != 0) return mount_failed(c, m, fd, 0, CSHIM_STAGE_MOUNT, errno, NULL);
    close(fd);

    int remount = m->bind && (m->flags & REMOUNT_FLAGS) != 0;
    unsigned long propagation = needed_propagation(m, all_private);
    int recursive = m->recursive_set != 0 || m->recursive_clear != 0;
    /* Nothing more to do on the new mount: no need to name it. */
    if (!remount && propagation == 0 && !recursive && !onto_proc && !onto_sys) return 0;
    /* Reopen: the new fd names the root of the new mount, not the directory beneath it. */
    fd = cshim_resolve_in_root(c, dest, 0, CSHIM_STAGE_MOUNT);
    if (fd < 0) cshim_fail(c, CSHIM_STAGE_MOUNT, errno, dest, "reopen after mounting");
    cshim_fd_path(target, fd);
    if (remount && cshim_remount_bind(fd, m->flags & REMOUNT_FLAGS) != 0)
        return mount_failed(c, m, fd, 1, CSHIM_STAGE_REMOUNT, errno, NULL);
    if (propagation != 0 && mount(NULL, target, NULL, propagation, NULL) != 0)
        return mount_failed(c, m, fd, 1, CSHIM_STAGE_MOUNT, errno, "set propagation");
    if (recursive && cshim_mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, m->recursive_set, m->recursive_clear, 0) != 0)
        return mount_failed(c, m, fd, 1, CSHIM_STAGE_REMOUNT, errno, "recursive mount attributes (mount_setattr)");
    if (onto_proc && !has_magic(fd, PROC_SUPER_MAGIC))
        cshim_fail(c, CSHIM_STAGE_MOUNT, EINVAL, dest, "not a procfs after mounting");
    if (onto_sys && !has_magic(fd, SYSFS_MAGIC))
        cshim_fail(c, CSHIM_STAGE_MOUNT, EINVAL, dest, "not a sysfs after mounting");
    close(fd);
    return 0;
}

void cshim_do_mounts(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    int all_private = plan_keeps_mounts_private(p);
    for (size_t i = 0; i < p->mount_count; i++) mount_one(c, &p->mounts[i], all_private);
}

int cshim_mask_fd(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    char target[32];
    cshim_fd_path(target, fd);
    return S_ISDIR(st.st_mode) ? mount("tmpfs", target, "tmpfs", MS_RDONLY, NULL)
                               : mount("/dev/null", target, NULL, MS_BIND, NULL);
}

/* Binds `source` (an O_PATH fd of an empty directory) over the masked directory `fd` (O_PATH,
 * at `path`); closes `fd`. */
static void bind_mask(struct cshim_child *c, const char *path, int fd, int source, const char *what) {
    char from[32], target[32];
    cshim_fd_path(from, source);
    cshim_fd_path(target, fd);
    if (mount(from, target, NULL, MS_BIND, NULL) != 0) cshim_fail(c, CSHIM_STAGE_MASK, errno, path, what);
    close(fd);
}

/* Hides the masked directory `fd` (at `path`) with a read-only bind of `empty`, an empty
 * directory of mask_dir.c; closes `fd`. */
static void mask_with_empty_dir(struct cshim_child *c, const char *path, int fd, int empty) {
    bind_mask(c, path, fd, empty, "bind of an empty directory");
    int bound = cshim_resolve_in_root(c, path, 0, CSHIM_STAGE_MASK);
    if (cshim_remount_bind(bound, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC) != 0)
        cshim_fail(c, CSHIM_STAGE_MASK, errno, path, "read-only remount of the mask");
    close(bound);
}

/* After pivot_root: masked paths hidden (file: /dev/null bound over it; directory: a read-only
 * bind of an empty directory made in the container's own /dev tmpfs and removed once bound
 * (mask_dir.c), or without such a /dev one empty read-only tmpfs shared by all of them),
 * read-only paths bound onto themselves and remounted read-only. Missing ones are skipped, and
 * so are those the lock stage masked already. */
void cshim_mask_paths(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    char target[32];
    for (size_t i = 0; i < p->readonly_count; i++) {
        const char *path = p->readonly_paths[i];
        int fd = cshim_resolve_in_root(c, path, 0, CSHIM_STAGE_READONLY);
        if (fd < 0) {
            if (errno == ENOENT) continue;
            cshim_fail(c, CSHIM_STAGE_READONLY, errno, path, NULL);
        }
        cshim_fd_path(target, fd);
        if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) != 0)
            cshim_fail(c, CSHIM_STAGE_READONLY, errno, path, NULL);
        close(fd);
        fd = cshim_resolve_in_root(c, path, 0, CSHIM_STAGE_READONLY);
        if (fd < 0 || cshim_remount_bind(fd, MS_RDONLY) != 0)
            cshim_fail(c, CSHIM_STAGE_READONLY, errno, path, NULL);
        close(fd);
    }
    int shared = -1, dev = -1;
    unsigned int made = 0;
    for (size_t i = 0; i < p->masked_count; i++) {
        const char *path = p->masked_paths[i];
        if (p->lock_stage != NULL && cshim_mask_is_staged(path)) continue;
        int fd = cshim_resolve_in_root(c, path, 0, CSHIM_STAGE_MASK);
        if (fd < 0) {
            if (errno == ENOENT) continue;
            cshim_fail(c, CSHIM_STAGE_MASK, errno, path, NULL);
        }
        struct stat st;
        if (fstat(fd, &st) != 0) cshim_fail(c, CSHIM_STAGE_MASK, errno, path, NULL);
        if (S_ISDIR(st.st_mode)) {
            int empty = shared < 0 ? cshim_open_mask_dir(c, &dev, made) : -1;
            if (empty >= 0) {
                mask_with_empty_dir(c, path, fd, empty);
                close(empty);
                made++;
                continue;
            }
            /* Without a /dev tmpfs of the container's own: the empty read-only tmpfs that hid
             * the first masked directory hides the others too, one tmpfs for all of them (every
             * superblock costs every memory cgroup on the host, mask_dir.c). No remount: a bind
             * copies the flags of the mount it clones (fs/namespace.c, clone_mnt). */
            if (shared >= 0) {
                bind_mask(c, path, fd, shared, "bind of the shared mask");
                continue;
            }
        }
        if (cshim_mask_fd(fd) != 0) cshim_fail(c, CSHIM_STAGE_MASK, errno, path, NULL);
        close(fd);
        /* The new tmpfs's root, for the directories after this one. */
        if (S_ISDIR(st.st_mode)) shared = cshim_resolve_in_root(c, path, 0, CSHIM_STAGE_MASK);
    }
    if (shared >= 0) close(shared);
    cshim_remove_mask_dirs(c, dev, made);
}
