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

struct burst_request {
    int count;
    struct cshim_superblock_burst *burst;
};

/* Runs in the child, which shares the caller's memory (CLONE_VM: the big caller's page
 * tables are not copied) but has its own descriptor table and rlimits: raw system calls
 * only, results written straight into the caller's struct, which the caller reads after
 * reaping it. Every superblock is held by its fs_context descriptor alone. */
static int make_superblocks(void *arg) {
    struct burst_request *request = arg;
    struct cshim_superblock_burst *burst = request->burst;
    /* The copies of the caller's descriptors are not the child's to hold. */
    (void)syscall(SYS_close_range, 3, ~0U, 0);
    struct rlimit room = {(rlim_t)request->count + 16, (rlim_t)request->count + 16};
    if (syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &room, NULL) != 0) {
        burst->error = errno;
        burst->stage = "setrlimit RLIMIT_NOFILE";
        /* With the old limit it still makes as many as fit, and says where it stopped. */
    }
    for (int made = 0; made < request->count; made++) {
        long context = syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
        if (context < 0) {
            burst->error = errno;
            burst->stage = "fsopen";
            break;
        }
        /* The smallest tmpfs: a superblock with no room, which is all an id needs. */
        (void)syscall(SYS_fsconfig, (int)context, FSCONFIG_SET_STRING, "size", "4k", 0);
        if (syscall(SYS_fsconfig, (int)context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) {
            burst->error = errno;
            burst->stage = "fsconfig create";
            break;
        }
        burst->made = made + 1;
    }
    return 0;
}

int cshim_prime_superblocks(int count, struct cshim_superblock_burst *burst) {
    burst->made = 0;
    burst->error = 0;
    burst->stage = NULL;
    struct burst_request request = {count, burst};
    size_t stack_size = 64 * 1024;
    char *stack = malloc(stack_size);
    if (stack == NULL) {
        burst->error = ENOMEM;
        burst->stage = "clone";
        return -1;
    }
    pid_t pid = clone(make_superblocks, stack + stack_size, CLONE_NEWNS | CLONE_VM | SIGCHLD, &request);
    if (pid < 0) {
        burst->error = errno;
        burst->stage = "clone";
        free(stack);
        return -1;
    }
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    free(stack);
    return 0;
}
