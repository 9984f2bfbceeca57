/*
 * Descriptors: stdio and preserved fds moved into 0, 1, 2, 3... and everything above marked
 * close-on-exec, so the report pipe closes exactly when execve succeeds.
 */
#include "child.h"
#include <fcntl.h>
#include <unistd.h>

/* Moves one of our own descriptors above `top` so dup2 into 0..top-1 cannot clobber it. */
static int lift(struct cshim_child *c, int fd, int top) {
    if (fd < 0 || fd >= top) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, top);
    if (moved < 0) cshim_fail(c, CSHIM_STAGE_FDS, errno, NULL, "moving an internal descriptor");
    /* Close the low number: if the caller had no stdio there, the slot must stay empty rather
     * than hand the container our report pipe. */
    close(fd);
    return moved;
}

void cshim_arrange_fds(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    int count = 3 + (int)p->preserved_count;
    int top = count;
    c->report_fd = lift(c, c->report_fd, top);
    c->sync_fd = lift(c, c->sync_fd, top);
    c->gate_fd = lift(c, c->gate_fd, top);
    c->console_fd = lift(c, c->console_fd, top);

    int temps[count];
    for (int i = 0; i < count; i++) {
        int source = i < 3 ? (p->stdio[i] >= 0 ? p->stdio[i] : i) : p->preserved_fds[i - 3];
        temps[i] = -1;
        if (source == i) {
            /* Already in place: only make sure it survives execve. An inherited stdio that is
             * closed in the caller stays closed. */
            if (fcntl(i, F_SETFD, 0) != 0 && (i >= 3 || p->stdio[i] >= 0))
                cshim_fail(c, CSHIM_STAGE_FDS, errno, NULL, "a descriptor to keep is not open");
            continue;
        }
        temps[i] = fcntl(source, F_DUPFD_CLOEXEC, top);
        if (temps[i] < 0) cshim_fail(c, CSHIM_STAGE_FDS, errno, NULL, "a descriptor to keep is not open");
    }
    for (int i = 0; i < count; i++) {
        if (temps[i] < 0) continue;
        if (dup2(temps[i], i) < 0) cshim_fail(c, CSHIM_STAGE_FDS, errno, NULL, "dup2");
        close(temps[i]);
    }
    if (cshim_close_range((unsigned int)top, ~0U, CSHIM_CLOSE_RANGE_CLOEXEC) != 0)
        cshim_fail(c, CSHIM_STAGE_FDS, errno, NULL, "close_range");
}
