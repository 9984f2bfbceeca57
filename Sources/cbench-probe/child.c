#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

int probe_in_child(probe_child_fn run, const void *argument, void *result, size_t size, int *signal_number) {
    memset(result, 0, size);
    *signal_number = 0;
    int channel[2];
    pid_t child = -1;
    if (pipe2(channel, O_CLOEXEC) == 0) {
        child = fork();
        if (child < 0) {
            close(channel[0]);
            close(channel[1]);
        }
    }
    if (child < 0) {
        run(argument, result);
        return 0;
    }
    if (child == 0) {
        close(channel[0]);
        run(argument, result);
        ssize_t written = write(channel[1], result, size);
        _exit(written == (ssize_t)size ? 0 : 1);
    }
    close(channel[1]);
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(channel[0], (char *)result + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(channel[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (got == size) return 0;
    memset(result, 0, size);
    if (WIFSIGNALED(status)) *signal_number = WTERMSIG(status);
    return -1;
}
