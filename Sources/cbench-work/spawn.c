/*
 * Process creation: fork, exec of this very binary as `noop` (static, so no loader or
 * library work), and wait, COUNT times; reported per process.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work.h"

int mode_spawn(int argc, char **argv) {
    if (argc != 1) {
        fprintf(stderr, "usage: " WORK_NAME " spawn COUNT\n");
        return 2;
    }
    long count = work_count(argv[0], "COUNT");
    if (count == 0) count = 1;
    char self[4096];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) work_fail("spawn: readlink /proc/self/exe");
    self[length] = '\0';
    char *child_argv[] = {self, "noop", NULL};
    uint64_t start = work_now_ns();
    for (long i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0) work_fail("spawn: fork");
        if (pid == 0) {
            execv(self, child_argv);
            _exit(127);
        }
        int status = 0;
        if (waitpid(pid, &status, 0) != pid) work_fail("spawn: waitpid");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, WORK_NAME ": spawn: the child ended with status %d\n", status);
            return 1;
        }
    }
    double microseconds = (double)(work_now_ns() - start) / 1e3 / (double)count;
    printf("{\"workload\":\"spawn\",\"processes\":%ld,\"spawn_us\":%.2f}\n", count, microseconds);
    return 0;
}
