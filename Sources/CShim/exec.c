/* The end of the child: signal reset, the start gate, PATH lookup and execve. */
#include "child.h"
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

/* Handlers of the parent must not survive (they are reset at exec anyway, but ignored
 * signals would stay ignored in the container). Signals remain blocked until execve. */
void cshim_reset_signals(void) {
    struct sigaction action;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        action.sa_handler = SIG_DFL;
        sigaction(sig, &action, NULL);
    }
}

/* Tell the parent we are ready, then block until someone opens the FIFO for reading. */
void cshim_wait_start_gate(struct cshim_child *c) {
    if (c->gate_fd < 0) return;
    if (cshim_report(c, CSHIM_RECORD_READY, 0) != 0) _exit(126);
    char path[32];
    cshim_fd_path(path, c->gate_fd);
    int fd;
    do {
        fd = open(path, O_WRONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) cshim_fail(c, CSHIM_STAGE_START_GATE, errno, NULL, "open the FIFO (needs /proc)");
    ssize_t n;
    do {
        n = write(fd, "0", 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) cshim_fail(c, CSHIM_STAGE_START_GATE, errno, NULL, "write");
    close(fd);
    close(c->gate_fd);
}

static void exec_now(const char *path, struct cshim_child *c) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, (char *const *)c->plan->argv, (char *const *)c->plan->envp);
    /* Back here only on failure: block again so nothing interrupts the report. */
    int err = errno;
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    errno = err;
}

void cshim_exec(struct cshim_child *c) {
    const char *name = c->plan->exec_path ? c->plan->exec_path : c->plan->argv[0];
    int has_slash = 0;
    for (const char *s = name; *s; s++)
        if (*s == '/') has_slash = 1;
    if (has_slash || name[0] == '\0') {
        exec_now(name, c);
        cshim_fail(c, CSHIM_STAGE_EXEC, errno, name, NULL);
    }
    const char *path = c->plan->path_env ? c->plan->path_env
                                         : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    int seen_eacces = 0;
    char candidate[PATH_MAX];
    size_t name_len = cshim_strlen(name);
    const char *dir = path;
    for (;;) {
        const char *end = dir;
        while (*end != '\0' && *end != ':') end++;
        size_t dir_len = (size_t)(end - dir);
        if (dir_len + name_len + 2 <= sizeof candidate) {
            size_t at = 0;
            if (dir_len == 0) candidate[at++] = '.'; /* empty entry: current directory */
            for (size_t i = 0; i < dir_len; i++) candidate[at++] = dir[i];
            candidate[at++] = '/';
            for (size_t i = 0; i < name_len; i++) candidate[at++] = name[i];
            candidate[at] = '\0';
            exec_now(candidate, c);
            if (errno == EACCES) seen_eacces = 1;
            else if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE && errno != ENAMETOOLONG)
                cshim_fail(c, CSHIM_STAGE_EXEC, errno, candidate, NULL);
        }
        if (*end == '\0') break;
        dir = end + 1;
    }
    cshim_fail(c, CSHIM_STAGE_EXEC, seen_eacces ? EACCES : ENOENT, name, NULL);
}
