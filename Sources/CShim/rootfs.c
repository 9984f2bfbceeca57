/* The root: propagation of /, the rootfs bind or overlay mount, pivot_root, read-only root. */
#include "child.h"
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Mount flags of the mount holding `fd` that a bind remount must keep (locked in a user ns). */
unsigned long cshim_locked_flags(int fd) {
    struct statfs st;
    unsigned long flags = 0;
    if (fstatfs(fd, &st) != 0) return 0;
    if (st.f_flags & ST_RDONLY) flags |= MS_RDONLY;
    if (st.f_flags & ST_NOSUID) flags |= MS_NOSUID;
    if (st.f_flags & ST_NODEV) flags |= MS_NODEV;
    if (st.f_flags & ST_NOEXEC) flags |= MS_NOEXEC;
    if (st.f_flags & ST_NOATIME) flags |= MS_NOATIME;
    if (st.f_flags & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (st.f_flags & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

void cshim_prepare_rootfs(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (p->root_propagation != 0 && mount(NULL, "/", NULL, p->root_propagation, NULL) != 0)
        cshim_fail(c, CSHIM_STAGE_PROPAGATION, errno, "/", NULL);
    if (p->rootfs_kind == CSHIM_ROOTFS_DIRECTORY) {
        /* pivot_root needs a mount point; a bind onto itself makes the directory one. */
        if (mount(p->root_path, p->root_path, NULL, MS_BIND | MS_REC, NULL) != 0)
            cshim_fail(c, CSHIM_STAGE_ROOTFS, errno, p->root_path, "bind the root directory onto itself");
    } else if (p->rootfs_kind == CSHIM_ROOTFS_OVERLAY) {
        int rc = mount("overlay", p->root_path, "overlay", 0, p->overlay_data);
        /* A kernel before 5.10 does not know `volatile`: the plain overlay, which syncs. */
        if (rc != 0 && errno == EINVAL && p->overlay_data_without_volatile != NULL)
            rc = mount("overlay", p->root_path, "overlay", 0, p->overlay_data_without_volatile);
        if (rc != 0) cshim_fail(c, CSHIM_STAGE_ROOTFS, errno, p->root_path, "mount overlay");
    }
    c->root_path = p->rootfs_kind == CSHIM_ROOTFS_NONE ? "/" : p->root_path;
    c->root_fd = open(c->root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (c->root_fd < 0) cshim_fail(c, CSHIM_STAGE_ROOTFS, errno, c->root_path, NULL);
}

void cshim_pivot(struct cshim_child *c) {
    if (c->plan->rootfs_kind == CSHIM_ROOTFS_NONE) return;
    if (fchdir(c->root_fd) != 0) cshim_fail(c, CSHIM_STAGE_PIVOT_ROOT, errno, c->root_path, "chdir");
    /* pivot_root(".", ".") stacks the old root on the new one; unmounting "." detaches it
     * without needing a directory for it inside the container. */
    if (cshim_pivot_root(".", ".") != 0) cshim_fail(c, CSHIM_STAGE_PIVOT_ROOT, errno, c->root_path, NULL);
    if (umount2(".", MNT_DETACH) != 0)
        cshim_fail(c, CSHIM_STAGE_PIVOT_ROOT, errno, c->root_path, "detach the old root");
    if (chdir("/") != 0) cshim_fail(c, CSHIM_STAGE_PIVOT_ROOT, errno, "/", "chdir");
    /* shared and unbindable roots get their mode only now (RootPropagationPlan says why). */
    unsigned long after = c->plan->root_propagation_after_pivot;
    if (after != 0 && mount(NULL, "/", NULL, after, NULL) != 0)
        cshim_fail(c, CSHIM_STAGE_PROPAGATION, errno, "/", "after pivot_root");
    close(c->root_fd);
    c->root_path = "/";
    c->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (c->root_fd < 0) cshim_fail(c, CSHIM_STAGE_PIVOT_ROOT, errno, "/", NULL);
}

void cshim_finish_rootfs(struct cshim_child *c) {
    if (!c->plan->rootfs_readonly) return;
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | cshim_locked_flags(c->root_fd);
    if (mount(NULL, "/", NULL, flags, NULL) != 0)
        cshim_fail(c, CSHIM_STAGE_REMOUNT, errno, "/", "make the root read-only");
}
