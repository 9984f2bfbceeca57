/* Whether a directory entry is the root of a mount: statx's STATX_ATTR_MOUNT_ROOT (Linux
 * 5.8+), which sees bind mounts of the same file system that an st_dev comparison misses. */
#include "cshim.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

int cshim_is_mount_root(int dirfd, const char *name) {
    struct statx info;
    if (statx(dirfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, 0, &info) != 0) return -1;
    if (!(info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)) return 0;
    return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) ? 1 : 0;
}
