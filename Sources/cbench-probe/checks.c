/* Checks asked for on the command line: filesystem and exec isolation. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

/* lstat, so a dangling symlink still counts as present. */
void check_marker(struct json *j, const char *path) {
    struct stat st;
    int result = lstat(path, &st);
    json_object_begin(j);
    json_kv_string(j, "path", path);
    json_kv_bool(j, "exists", result == 0);
    json_kv_errno(j, "errno", result == 0 ? 0 : errno);
    json_object_end(j);
}

/* Creates or truncates PATH and writes one line; the file is left for the
 * caller to inspect (from the host, say) and remove. */
void check_write(struct json *j, const char *path) {
    static const char line[] = "cbench-probe\n";
    int error = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = errno;
    } else {
        if (write(fd, line, sizeof(line) - 1) != (ssize_t)(sizeof(line) - 1)) error = errno ? errno : EIO;
        if (close(fd) != 0 && error == 0) error = errno;
    }
    json_object_begin(j);
    json_kv_string(j, "path", path);
    json_kv_bool(j, "ok", error == 0);
    json_kv_errno(j, "errno", error);
    json_object_end(j);
}

/* execve in a child; its errno comes back over a close-on-exec pipe, so an
 * empty read means the exec succeeded (the started program is then killed).
 * A Windows PE file gives ENOEXEC unless binfmt_misc knows the format. */
void check_exec(struct json *j, const char *path) {
    int channel[2];
    int error = 0;
    int ran = 0;
    if (pipe2(channel, O_CLOEXEC) != 0) {
        error = errno;
    } else {
        pid_t child = fork();
        if (child < 0) {
            error = errno;
            close(channel[0]);
            close(channel[1]);
        } else if (child == 0) {
            close(channel[0]);
            char *const argv[] = {(char *)path, NULL};
            char *const envp[] = {NULL};
            execve(path, argv, envp);
            int code = errno;
            ssize_t ignored = write(channel[1], &code, sizeof(code));
            (void)ignored;
            _exit(127);
        } else {
            close(channel[1]);
            int code = 0;
            ssize_t n;
            do n = read(channel[0], &code, sizeof(code));
            while (n < 0 && errno == EINTR);
            close(channel[0]);
            if (n == (ssize_t)sizeof(code)) {
                error = code;
            } else {
                ran = 1;
                kill(child, SIGKILL);
            }
            while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
        }
    }
    json_object_begin(j);
    json_kv_string(j, "path", path);
    json_kv_bool(j, "ok", ran);
    json_kv_errno(j, "errno", error);
    json_object_end(j);
}
