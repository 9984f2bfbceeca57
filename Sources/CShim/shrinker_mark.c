/* The shrinker mark's primer (see cshim_shrinker_mark.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cshim_shrinker_mark.h"

#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING 1
#endif
#ifndef FSCONFIG_CMD_CREATE
#define FSCONFIG_CMD_CREATE 6
#endif

enum { STACK_SIZE = 64 * 1024, MAX_CHILDREN = 256 };

/* One child's share, its two pipe ends (dup'ed to 0 and 1 in it) and what it made. */
struct share {
    int count;
    int hold_read;
    int ready_write;
    int made;
    int error;
    const char *stage;
};

/* Runs in a child that shares the caller's memory (CLONE_VM: the big caller's page tables
 * are not copied) but has its own descriptor table and rlimits: raw system calls only,
 * results written into its `share`, which the caller reads after the child said it is
 * ready or died. Every superblock is held by its fs_context descriptor alone. */
static int hold_superblocks(void *arg) {
    struct share *share = arg;
    /* Only the two pipe ends stay (0: hold, 1: ready), so the share fits the rlimit. */
    if (syscall(SYS_dup2, share->hold_read, 0) < 0 || syscall(SYS_dup2, share->ready_write, 1) < 0) {
        share->error = errno;
        share->stage = "dup2";
        return 1;
    }
    (void)syscall(SYS_close_range, 2, ~0U, 0);
    struct rlimit limit;
    if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        (void)syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &limit, NULL);
    }
    for (int made = 0; made < share->count; made++) {
        long context = syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
        if (context < 0) {
            share->error = errno;
            share->stage = "fsopen";
            break;
        }
        /* The smallest tmpfs: a superblock with no room, which is all an id needs. */
        (void)syscall(SYS_fsconfig, (int)context, FSCONFIG_SET_STRING, "size", "4k", 0);
        if (syscall(SYS_fsconfig, (int)context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) {
            share->error = errno;
            share->stage = "fsconfig create";
            break;
        }
        share->made = made + 1;
    }
    char byte = 1;
    (void)syscall(SYS_write, 1, &byte, 1);
    /* Held until the caller closes the hold pipe's write end: EOF. */
    (void)syscall(SYS_read, 0, &byte, 1);
    return 0;
}

int cshim_prime_superblocks(int count, int per_child, struct cshim_superblock_burst *burst) {
    burst->made = 0;
    burst->children = 0;
    burst->error = 0;
    burst->stage = NULL;
    if (per_child < 1) per_child = 1;
    int hold[2];
    if (pipe2(hold, O_CLOEXEC) != 0) {
        burst->error = errno;
        burst->stage = "pipe2";
        return -1;
    }
    struct share shares[MAX_CHILDREN];
    pid_t pids[MAX_CHILDREN];
    char *stacks[MAX_CHILDREN];
    int children = 0;
    int remaining = count;
    while (remaining > 0 && children < MAX_CHILDREN) {
        int ready[2];
        char *stack = malloc(STACK_SIZE);
        if (stack == NULL || pipe2(ready, O_CLOEXEC) != 0) {
            burst->error = stack == NULL ? ENOMEM : errno;
            burst->stage = stack == NULL ? "malloc" : "pipe2";
            free(stack);
            break;
        }
        struct share *share = &shares[children];
        *share = (struct share){remaining < per_child ? remaining : per_child, hold[0], ready[1], 0, 0, NULL};
        pid_t pid = clone(hold_superblocks, stack + STACK_SIZE, CLONE_NEWNS | CLONE_VM | SIGCHLD, share);
        int saved = errno;
        close(ready[1]);
        if (pid < 0) {
            close(ready[0]);
            free(stack);
            burst->error = saved;
            burst->stage = "clone";
            break;
        }
        pids[children] = pid;
        stacks[children] = stack;
        children++;
        /* Its byte once its share is made; EOF if it died first. */
        char byte;
        while (read(ready[0], &byte, 1) < 0 && errno == EINTR) {}
        close(ready[0]);
        burst->made += share->made;
        remaining -= share->made;
        if (share->stage != NULL) {
            burst->error = share->error;
            burst->stage = share->stage;
            break;
        }
    }
    if (remaining > 0 && burst->stage == NULL) {
        burst->error = EMFILE;
        burst->stage = "children (at most 256)";
    }
    burst->children = children;
    close(hold[1]);
    for (int child = 0; child < children; child++) {
        while (waitpid(pids[child], NULL, 0) < 0 && errno == EINTR) {}
        free(stacks[child]);
    }
    close(hold[0]);
    return children > 0 ? 0 : -1;
}
