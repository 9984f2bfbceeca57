#ifndef CSHIM_IDMAP_H
#define CSHIM_IDMAP_H
/* Idmapped mounts (Linux 5.12+): a system container's rootfs, owned by host root on disk,
 * seen through a mount whose ids are mapped as the container's user namespace maps them.
 * Saves shifting every file's owner. */

/* A user namespace with `uid_map` and `gid_map` (the text of /proc/PID/uid_map, e.g.
 * "0 100000 65536\n"), held by a short-lived child that only waits and exits: no Swift runs
 * in it. Returns a close-on-exec fd of the namespace, or -1 with errno set. */
int cshim_userns_fd(const char *uid_map, const char *gid_map);

/* Clones the mount at `source` (open_tree), idmaps it with `userns_fd` (mount_setattr
 * MOUNT_ATTR_IDMAP) and attaches it at `target` (move_mount). Returns 0, or -1 with errno
 * set and `*stage` naming the failing call. */
int cshim_idmapped_bind(const char *source, const char *target, int userns_fd, const char **stage);
#endif
