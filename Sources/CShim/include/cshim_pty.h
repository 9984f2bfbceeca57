#ifndef CSHIM_PTY_H
#define CSHIM_PTY_H
#include <stddef.h>
/* The pty calls (posix_openpt, grantpt, unlockpt, ptsname_r) need _XOPEN_SOURCE/_GNU_SOURCE,
 * which Swift's Glibc module is not built with: system containers' consoles use these. */

/* A new pty master (O_RDWR|O_NOCTTY|O_CLOEXEC), granted and unlocked; its slave's path in
 * `slave_path`. Returns the master fd, or -1 with errno set. */
int cshim_pty_open(char *slave_path, size_t length);

/* The slave path of `master` (ptsname_r). Returns 0, or an errno value. */
int cshim_pty_slave_path(int master, char *slave_path, size_t length);

/* A pty pair of the devpts instance at dev/pts below `root_fd` (a container's root), so the
 * slave is /dev/pts/N inside the container. Returns the master and sets *slave and *number
 * (N), or -1 with errno set (ENOTTY when dev/pts/ptmx there is not a devpts ptmx). */
int cshim_pty_open_in_root(int root_fd, int *slave, int *number);
#endif
