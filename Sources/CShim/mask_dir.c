/*
 * The sources of the read-only binds that hide a container's masked directories: an empty
 * directory per masked directory, made in the container's own /dev tmpfs and removed again
 * once every masked directory is bound (mask_paths in mounts.c). A bind keeps its removed root:
 * it reads as an empty directory, and nothing can be made in it (a removed directory refuses
 * new entries, ENOENT, besides the bind being read-only). One directory each, not one for all:
 * CRIU 4.1 restores a bind of a removed directory by making that directory again, once per
 * mount, and fails (EEXIST) on a second mount of the same removed root.
 *
 * Why not a tmpfs of its own: every superblock takes a shrinker id, and every memory cgroup on
 * the host keeps a map as long as the highest id the host has used (mm/shrinker.c: 64 ids per
 * 520-byte unit, in a kmalloc-1k object, never shrunk), and grows the map of every memory
 * cgroup when a new id passes that mark. A container's superblocks are paid by every memory
 * cgroup on the host, so one fewer per container is a smaller map in each of them.
 */
#include "child.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static const char mask_dir_prefix[] = ".cbench-mask-";

/* Whether the plan mounts a tmpfs of the container's own at /dev (not a bind of the host's,
 * whose devtmpfs also reads as tmpfs). */
static int plan_mounts_own_dev(const struct cshim_plan *p) {
    if (p->rootfs_kind == CSHIM_ROOTFS_NONE) return 0;
    for (size_t i = 0; i < p->mount_count; i++) {
        const struct cshim_mount *m = &p->mounts[i];
        if (!m->bind && m->fstype != NULL && cshim_streq(m->fstype, "tmpfs") && cshim_streq(m->destination, "/dev"))
            return 1;
    }
    return 0;
}

int cshim_open_mask_dir(struct cshim_child *c, int *dev, unsigned int index) {
    if (*dev < 0) {
        if (!plan_mounts_own_dev(c->plan)) return -1;
        int fd = cshim_resolve_in_root(c, "/dev", CSHIM_RESOLVE_SOFT, CSHIM_STAGE_MASK);
        if (fd < 0) return -1;
        struct statfs st;
        if (fstatfs(fd, &st) != 0 || st.f_type != TMPFS_MAGIC) {
            close(fd);
            return -1;
        }
        *dev = fd;
    }
    char name[32];
    cshim_numbered_path(name, mask_dir_prefix, index);
    /* An existing entry of that name is not ours to remove: the caller falls back to a tmpfs. */
    if (mkdirat(*dev, name, 0) != 0) return -1;
    int dir = openat(*dev, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) {
        int err = errno;
        unlinkat(*dev, name, AT_REMOVEDIR);
        errno = err;
    }
    return dir;
}

void cshim_remove_mask_dirs(struct cshim_child *c, int dev, unsigned int count) {
    if (dev < 0) return;
    char name[32];
    for (unsigned int i = 0; i < count; i++) {
        cshim_numbered_path(name, mask_dir_prefix, i);
        /* Left in place it would show in the container's /dev: fail rather than leave it. */
        if (unlinkat(dev, name, AT_REMOVEDIR) != 0)
            cshim_fail(c, CSHIM_STAGE_MASK, errno, name, "remove a mask's empty directory from /dev");
    }
    close(dev);
}
