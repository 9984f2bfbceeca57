/* Pty pairs for system containers' consoles (see cshim_pty.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "cshim.h"
#include "cshim_pty.h"

int cshim_pty_open(char *slave_path, size_t length) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    int rc = (grantpt(master) == 0 && unlockpt(master) == 0) ? ptsname_r(master, slave_path, length) : errno;
    if (rc != 0) {
        close(master);
        errno = rc;
        return -1;
    }
    return master;
}

int cshim_pty_slave_path(int master, char *slave_path, size_t length) {
    return ptsname_r(master, slave_path, length);
}

/* A pty of the devpts instance mounted at dev/pts inside `root_fd` (a container's root),
 * reached with RESOLVE_IN_ROOT so a symlink planted in the container cannot lead elsewhere,
 * and checked to be a devpts ptmx. The slave comes from TIOCGPTPEER: no path lookup. */
int cshim_pty_open_in_root(int root_fd, int *slave, int *number) {
    int master = (int)cshim_openat2(root_fd, "dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0,
                                    RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
    if (master < 0) return -1;
    struct statfs fs;
    struct stat st;
    if (fstatfs(master, &fs) != 0 || fs.f_type != DEVPTS_SUPER_MAGIC || fstat(master, &st) != 0 || !S_ISCHR(st.st_mode)) {
        close(master);
        errno = ENOTTY;
        return -1;
    }
    int unlock = 0;
    int peer = ioctl(master, TIOCSPTLCK, &unlock) == 0 && ioctl(master, TIOCGPTN, number) == 0
                   ? ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
    if (peer < 0) {
        int err = errno;
        close(master);
        errno = err;
        return -1;
    }
    *slave = peer;
    return master;
}
