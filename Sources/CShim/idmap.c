/* Idmapped mounts for system containers' roots (see cshim_idmap.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cshim_idmap.h"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    if (written != (ssize_t)length) {
        errno = written < 0 ? saved : EIO;
        return -1;
    }
    return 0;
}

/* The holder: shares the caller's memory (CLONE_VM: no page tables to copy, which costs
 * milliseconds in a large process) and only waits for the pipe to close. Raw read only. */
static int hold_namespace(void *arg) {
    const int *ends = arg;
    char byte;
    /* Its own copy of the descriptor table holds the write end too: close it, or no EOF. */
    (void)syscall(SYS_close, ends[1]);
    (void)syscall(SYS_read, ends[0], &byte, 1);
    return 0;
}

int cshim_userns_fd(const char *uid_map, const char *gid_map) {
    int hold[2];
    if (pipe2(hold, O_CLOEXEC) != 0) return -1;
    size_t stack_size = 64 * 1024;
    char *stack = malloc(stack_size);
    if (stack == NULL) {
        close(hold[0]);
        close(hold[1]);
        errno = ENOMEM;
        return -1;
    }
    pid_t pid = clone(hold_namespace, stack + stack_size, CLONE_NEWUSER | CLONE_VM | SIGCHLD, hold);
    if (pid < 0) {
        int saved = errno;
        free(stack);
        close(hold[0]);
        close(hold[1]);
        errno = saved;
        return -1;
    }
    char path[64];
    int fd = -1, saved = 0;
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
    if (write_file(path, uid_map) == 0) {
        snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
        if (write_file(path, gid_map) == 0) {
            snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
            fd = open(path, O_RDONLY | O_CLOEXEC);
        }
    }
    if (fd < 0) saved = errno;
    close(hold[1]);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    close(hold[0]);
    free(stack);
    if (fd < 0) errno = saved;
    return fd;
}

int cshim_idmapped_bind(const char *source, const char *target, int userns_fd, const char **stage) {
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0) {
        *stage = "open_tree";
        return -1;
    }
    struct {
        uint64_t attr_set, attr_clr, propagation, userns_fd;
    } attr = {MOUNT_ATTR_IDMAP, 0, 0, (uint64_t)userns_fd};
    int rc = (int)syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof attr);
    if (rc != 0) {
        *stage = "mount_setattr MOUNT_ATTR_IDMAP";
    } else {
        rc = (int)syscall(SYS_move_mount, tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
        if (rc != 0) *stage = "move_mount";
    }
    int saved = errno;
    close(tree);
    errno = saved;
    return rc;
}
