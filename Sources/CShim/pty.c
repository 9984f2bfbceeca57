/* Pty pairs for system containers' consoles (see cshim_pty.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
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
