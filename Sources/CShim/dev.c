/*
 * /dev: the standard nodes and links when /dev is a tmpfs, and the spec's devices. Inside a
 * user namespace mknod is not allowed, so the host's node is bind-mounted onto an empty file.
 */
#include "child.h"
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The node `path` in its directory `parent` (O_PATH, resolved in the root); `parent` stays open. */
static void create_node_in(struct cshim_child *c, int parent, const char *path, const char *name, uint32_t mode,
                           uint64_t rdev, uint32_t uid, uint32_t gid) {
    if (c->plan->in_user_namespace) {
        int fd = openat(parent, name, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0);
        if (fd < 0) cshim_fail(c, CSHIM_STAGE_DEVICE, errno, path, "create bind target");
        close(fd);
        fd = openat(parent, name, O_PATH | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) cshim_fail(c, CSHIM_STAGE_DEVICE, errno, path, NULL);
        char target[32];
        cshim_fd_path(target, fd);
        /* The same path on the host: the root is not pivoted yet. */
        if (mount(path, target, NULL, MS_BIND, NULL) != 0)
            cshim_fail(c, CSHIM_STAGE_DEVICE, errno, path, "bind the host's node");
        close(fd);
        return;
    }
    int rc = mknodat(parent, name, (mode_t)mode, (dev_t)rdev);
    if (rc != 0 && errno == EEXIST) {
        unlinkat(parent, name, 0);
        rc = mknodat(parent, name, (mode_t)mode, (dev_t)rdev);
    }
    if (rc != 0) cshim_fail(c, CSHIM_STAGE_DEVICE, errno, path, "mknod");
    /* mknod honours the umask; set the exact mode the spec asked for. */
    if (fchmodat(parent, name, (mode_t)(mode & 07777), 0) != 0)
        cshim_fail(c, CSHIM_STAGE_DEVICE, errno, path, "chmod");
    if (fchownat(parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0)
        cshim_fail(c, CSHIM_STAGE_DEVICE, errno, path, "chown");
}

/* The node `path` (absolute inside the container), its directory made when missing. */
static void create_node(struct cshim_child *c, const char *path, uint32_t mode, uint64_t rdev,
                        uint32_t uid, uint32_t gid) {
    char dir[PATH_MAX];
    size_t len = cshim_copy(dir, sizeof dir, path);
    size_t slash = len;
    while (slash > 0 && dir[slash - 1] != '/') slash--;
    if (slash == 0 || slash == len) cshim_fail(c, CSHIM_STAGE_DEVICE, EINVAL, path, "not an absolute file path");
    dir[slash] = '\0';
    int parent = cshim_resolve_in_root(c, dir, 1, CSHIM_STAGE_DEVICE);
    create_node_in(c, parent, path, path + slash, mode, rdev, uid, gid);
    close(parent);
}

static const struct {
    const char *path, *name;
    unsigned int major, minor;
} standard_nodes[] = {
    {"/dev/null", "null", 1, 3}, {"/dev/zero", "zero", 1, 5}, {"/dev/full", "full", 1, 7},
    {"/dev/random", "random", 1, 8}, {"/dev/urandom", "urandom", 1, 9}, {"/dev/tty", "tty", 5, 0},
};

static const struct {
    const char *name, *target;
} standard_links[] = {
    {"fd", "/proc/self/fd"}, {"stdin", "/proc/self/fd/0"}, {"stdout", "/proc/self/fd/1"},
    {"stderr", "/proc/self/fd/2"}, {"ptmx", "pts/ptmx"},
};

void cshim_populate_dev(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    /* Only a container root's /dev: without a rootfs, /dev is the host's. */
    if (p->populate_dev && p->rootfs_kind != CSHIM_ROOTFS_NONE) {
        int dev = cshim_resolve_in_root(c, "/dev", 0, CSHIM_STAGE_DEVICE);
        struct statfs st;
        if (dev >= 0 && fstatfs(dev, &st) == 0 && st.f_type == TMPFS_MAGIC) {
            /* All in /dev itself: the directory resolved once, above. */
            for (size_t i = 0; i < sizeof standard_nodes / sizeof standard_nodes[0]; i++)
                create_node_in(c, dev, standard_nodes[i].path, standard_nodes[i].name, S_IFCHR | 0666,
                               makedev(standard_nodes[i].major, standard_nodes[i].minor), 0, 0);
            for (size_t i = 0; i < sizeof standard_links / sizeof standard_links[0]; i++) {
                if (symlinkat(standard_links[i].target, dev, standard_links[i].name) != 0 && errno != EEXIST)
                    cshim_fail(c, CSHIM_STAGE_SYMLINK, errno, standard_links[i].name, NULL);
            }
        }
        if (dev >= 0) close(dev);
    }
    for (size_t i = 0; i < p->device_count; i++) {
        const struct cshim_device *d = &p->devices[i];
        create_node(c, d->path, d->mode, d->rdev, d->uid, d->gid);
    }
}
