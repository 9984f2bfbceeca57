/* --run: a program of the container's own root, run to its end, so a report can show
 * that a guest binary works there (its loader and libraries are the guest's). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

#define RUN_MAX_ARGS 8
#define RUN_OUTPUT_BYTES 512
#define RUN_SECONDS 10

/* Reads the child's output (stdout and stderr on one pipe) until it closes or the
 * deadline passes; keeps the first RUN_OUTPUT_BYTES. 0 when the pipe closed in time. */
static int collect(int fd, char *output, size_t *length) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left = RUN_SECONDS * 1000L - ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L);
        if (left <= 0) return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int ready = poll(&p, 1, (int)left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return -1;
        char chunk[256];
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        size_t keep = (size_t)n;
        if (*length + keep > RUN_OUTPUT_BYTES) keep = RUN_OUTPUT_BYTES - *length;
        memcpy(output + *length, chunk, keep);
        *length += keep;
    }
}

void check_run(struct json *j, const char *command) {
    char *copy = strdup(command);
    char *argv[RUN_MAX_ARGS + 1];
    int argc = 0;
    char *save = NULL;
    for (char *word = strtok_r(copy, " ", &save); word != NULL && argc < RUN_MAX_ARGS; word = strtok_r(NULL, " ", &save))
        argv[argc++] = word;
    argv[argc] = NULL;
    char output[RUN_OUTPUT_BYTES + 1];
    size_t length = 0;
    int error = 0, status = -1, timed_out = 0, exec_error = 0;
    int out[2], report[2];
    if (argc == 0) {
        error = EINVAL;
    } else if (pipe2(out, O_CLOEXEC) != 0) {
        error = errno;
    } else if (pipe2(report, O_CLOEXEC) != 0) {
        error = errno;
        close(out[0]);
        close(out[1]);
    } else {
        pid_t child = fork();
        if (child < 0) {
            error = errno;
            close(out[0]);
            close(out[1]);
            close(report[0]);
            close(report[1]);
        } else if (child == 0) {
            close(out[0]);
            close(report[0]);
            dup2(out[1], STDOUT_FILENO);
            dup2(out[1], STDERR_FILENO);
            int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (null >= 0) dup2(null, STDIN_FILENO);
            char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", NULL};
            execve(argv[0], argv, envp);
            int code = errno;
            ssize_t ignored = write(report[1], &code, sizeof(code));
            (void)ignored;
            _exit(127);
        } else {
            close(out[1]);
            close(report[1]);
            timed_out = collect(out[0], output, &length) != 0;
            if (timed_out) kill(child, SIGKILL);
            int code = 0;
            ssize_t n;
            do n = read(report[0], &code, sizeof(code));
            while (n < 0 && errno == EINTR);
            if (n == (ssize_t)sizeof(code)) exec_error = code;
            close(out[0]);
            close(report[0]);
            while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        }
    }
    output[length] = '\0';
    json_object_begin(j);
    json_kv_string(j, "command", command);
    json_kv_errno(j, "errno", error ? error : exec_error);
    if (!error && !exec_error && !timed_out && WIFEXITED(status)) json_kv_int(j, "exit", WEXITSTATUS(status));
    else json_kv_null(j, "exit");
    if (!error && !exec_error && !timed_out && WIFSIGNALED(status)) json_kv_int(j, "signal", WTERMSIG(status));
    json_kv_bool(j, "timed_out", timed_out);
    json_kv_string(j, "output", output);
    json_object_end(j);
    free(copy);
}
