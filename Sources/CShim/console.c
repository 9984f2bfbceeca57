/*
 * --console-socket, as runc and crun do it: after pivot_root the pty comes from the
 * container's own devpts (so `tty` inside names /dev/pts/N), its slave becomes stdin, stdout,
 * stderr, the controlling terminal and /dev/console, and its master goes to the socket.
 */
#include "child.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>
#include "cshim_pty.h"
#include "cshim_socket.h"

/* The slave bound over /dev/console (an empty file made for it), as runc does. */
static void bind_console(struct cshim_child *c, const char *slave_path) {
    int target = cshim_resolve_in_root(c, "/dev/console", 2, CSHIM_STAGE_CONSOLE);
    char target_path[32];
    cshim_fd_path(target_path, target);
    if (mount(slave_path, target_path, NULL, MS_BIND, NULL) != 0)
        cshim_fail(c, CSHIM_STAGE_CONSOLE, errno, "bind /dev/console", NULL);
    close(target);
}

void cshim_setup_console(struct cshim_child *c) {
    int slave = -1, number = -1;
    /* The same opening as `exec --tty` (cshim_pty_open_in_root): dev/pts/ptmx beneath the
     * new root, checked to be a devpts ptmx, the slave by TIOCGPTPEER. */
    int master = cshim_pty_open_in_root(c->root_fd, &slave, &number);
    if (master < 0) cshim_fail(c, CSHIM_STAGE_CONSOLE, errno, "open /dev/pts/ptmx", NULL);
    char slave_path[32];
    cshim_numbered_path(slave_path, "/dev/pts/", (unsigned int)number);
    for (int i = 0; i < 3; i++)
        if (dup2(slave, i) < 0) cshim_fail(c, CSHIM_STAGE_CONSOLE, errno, "make the slave stdio", NULL);
    close(slave);
    /* The session was made by setsid earlier (new_session); the slave was opened O_NOCTTY. */
    if (ioctl(0, TIOCSCTTY, 0) != 0)
        cshim_fail(c, CSHIM_STAGE_CONSOLE, errno, "make the slave the controlling terminal (TIOCSCTTY)", NULL);
    bind_console(c, slave_path);
    if (cshim_send_with_fd(c->console_fd, slave_path, cshim_strlen(slave_path), master) < 0)
        cshim_fail(c, CSHIM_STAGE_CONSOLE, errno, "send the master to the console socket", NULL);
    close(master);
    close(c->console_fd);
    c->console_fd = -1;
}
