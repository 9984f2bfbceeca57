/*
 * cbench-monitor: what stays on the host for the detached application containers of one
 * app store (`cbench app run -d`, `cbench app start`): one small static C process for all
 * of them, where podman keeps a conmon and Docker a containerd-shim per container.
 *
 *   cbench-monitor SOCKET LOCK [DIRECTORY...] -- COMMAND...
 *
 * It listens on the unix socket SOCKET, tells its starter `ready` on descriptor 3 and
 * serves requests `VERB<TAB>ID<TAB>STORE-ROOT<TAB>RUN-ROOT` (one per connection; VERB is
 * `launch`, or `restore` / `restore-tcp-established` for a container CRIU brings back from
 * its checkpoint): it answers `accepted`, runs `COMMAND _launch ID VERB` (CBENCH_APP_ROOT=STORE-ROOT,
 * CBENCH_APP_RUN=RUN-ROOT: stores that share a run root share the monitor, and each
 * container's launch and finish work on its own store) with a pipe on descriptor 3, and passes
 * the launcher's answer on: `ok` once the container runs (the launcher wrote its run state,
 * naming this monitor, before saying `ok PID`), or `error MESSAGE`. The launcher exits at
 * once; its container, orphaned, comes back here (a child subreaper). When a container
 * ends the monitor runs `COMMAND _finish ID STATUS`, which records the wait status and
 * removes the cgroup, links and run state. SIGTERM, SIGINT and SIGHUP are passed on to
 * every container.
 *
 * Once it has no container, launch or finish left, it exits, but only while it holds LOCK
 * (flock) and no client waits: a starter holds LOCK from connecting until `accepted`, so a
 * request never meets a monitor on its way out. On its way out it removes SOCKET and LOCK
 * (each only while it is still its own: a starter that locked the removed LOCK sees it is
 * gone and opens the path again) and then each DIRECTORY that is empty, in order. Single-threaded: poll() over the socket, a
 * signalfd, the clients and the launchers' pipes.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MONITOR_NAME "cbench-monitor"
#define REPORT_FD 3
#define LINE_MAX_BYTES 4096

enum job_state { JOB_READING, JOB_LAUNCHING, JOB_RUNNING, JOB_FINISHING, JOB_FREE };

/* One container from request to finish. A running container keeps only a few dozen bytes
 * here: the line buffer lives from request to the launcher's answer. */
struct job {
    enum job_state state;
    int client;       /* connection waiting for the answer, or -1 */
    int answer;       /* read end of the launcher's pipe, or -1 */
    pid_t launcher;   /* `_launch`, until reaped */
    pid_t container;  /* the container's init, once known */
    pid_t finisher;   /* `_finish`, until reaped */
    char id[80];
    char *store_root; /* CBENCH_APP_ROOT of its launch and finish */
    char *run_root;   /* CBENCH_APP_RUN */
    char *line;       /* LINE_MAX_BYTES while reading a request or an answer, else NULL */
    size_t used;
};

static struct job *jobs;
static size_t job_count, job_capacity;

/* Children reaped before their launcher's answer named them: a container that ended at once
 * can come back and be reaped before its `ok PID` is read. */
struct early_exit { pid_t pid; int status; };
static struct early_exit early[64];
static size_t early_count;
static char **command;
static int command_length;
/* What it removes on its way out. */
static char **directories;
static int directory_count;

static void write_all(int fd, const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(fd, text, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

static void drop_line(struct job *job) {
    free(job->line);
    job->line = NULL;
    job->used = 0;
}

static void free_job(struct job *job) {
    drop_line(job);
    free(job->store_root);
    free(job->run_root);
    job->store_root = job->run_root = NULL;
    job->state = JOB_FREE;
}

static struct job *new_job(int client) {
    char *line = malloc(LINE_MAX_BYTES);
    if (!line) return NULL;
    struct job *job = NULL;
    for (size_t index = 0; index < job_count && !job; index++) {
        if (jobs[index].state == JOB_FREE) job = &jobs[index];
    }
    if (!job) {
        if (job_count == job_capacity) {
            size_t capacity = job_capacity ? job_capacity * 2 : 64;
            struct job *grown = realloc(jobs, capacity * sizeof *jobs);
            if (!grown) {
                free(line);
                return NULL;
            }
            jobs = grown;
            job_capacity = capacity;
        }
        job = &jobs[job_count++];
    }
    memset(job, 0, sizeof *job);
    job->client = client;
    job->answer = -1;
    job->line = line;
    job->state = JOB_READING;
    return job;
}

static void answer_client(struct job *job, const char *text) {
    if (job->client < 0) return;
    write_all(job->client, text);
    close(job->client);
    job->client = -1;
}

/* COMMAND VERB ARGUMENTS..., with default signal handling and nothing of ours open but
 * what `fd3` names (moved to descriptor 3). */
static pid_t run(const struct job *job, const char *verb, const char *second, int fd3, const sigset_t *mask) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (fd3 >= 0 && dup2(fd3, REPORT_FD) < 0) _exit(125);
    if (setenv("CBENCH_APP_ROOT", job->store_root, 1) != 0 || setenv("CBENCH_APP_RUN", job->run_root, 1) != 0) _exit(125);
    /* The container inherits what the launcher does: nothing of the monitor's own. */
    signal(SIGPIPE, SIG_DFL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    char *argv[command_length + 4];
    int count = 0;
    for (int index = 0; index < command_length; index++) argv[count++] = command[index];
    argv[count++] = (char *)verb;
    argv[count++] = (char *)job->id;
    if (second) argv[count++] = (char *)second;
    argv[count] = NULL;
    execv(argv[0], argv);
    if (fd3 >= 0) {
        char line[512];
        snprintf(line, sizeof line, "error " MONITOR_NAME ": exec %s: %s\n", argv[0], strerror(errno));
        write_all(REPORT_FD, line);
    }
    _exit(125);
}

/* Field `index` of a tab-separated line, copied; NULL when it is missing or empty. */
static char *field(const char *line, int index) {
    for (; index > 0; index--) {
        line = strchr(line, '\t');
        if (!line) return NULL;
        line++;
    }
    size_t length = strcspn(line, "\t");
    return length ? strndup(line, length) : NULL;
}

/* The ways a container comes up: a fresh launch, or a restore (the restored tree is the
 * launcher's child, so it comes back here just as a launched one does). */
static const char *const verbs[] = {"launch", "restore", "restore-tcp-established"};

static const char *known_verb(const char *verb) {
    for (size_t index = 0; verb && index < sizeof verbs / sizeof verbs[0]; index++) {
        if (strcmp(verb, verbs[index]) == 0) return verbs[index];
    }
    return NULL;
}

/* A whole request line arrived: `VERB<TAB>ID<TAB>STORE-ROOT<TAB>RUN-ROOT`. */
static void start_launch(struct job *job, const sigset_t *mask) {
    char *newline = memchr(job->line, '\n', job->used);
    if (newline) *newline = '\0';
    else job->line[job->used] = '\0';
    char *verb = field(job->line, 0), *id = field(job->line, 1);
    job->store_root = field(job->line, 2);
    job->run_root = field(job->line, 3);
    const char *how = known_verb(verb);
    int valid = how && id && strlen(id) < sizeof job->id && job->store_root && job->run_root;
    if (valid) strcpy(job->id, id);
    free(verb);
    free(id);
    if (!valid) {
        answer_client(job, "error " MONITOR_NAME ": malformed request\n");
        free_job(job);
        return;
    }
    write_all(job->client, "accepted\n");
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) {
        answer_client(job, "error " MONITOR_NAME ": pipe failed\n");
        free_job(job);
        return;
    }
    job->launcher = run(job, "_launch", how, ends[1], mask);
    close(ends[1]);
    if (job->launcher < 0) {
        close(ends[0]);
        answer_client(job, "error " MONITOR_NAME ": fork failed\n");
        free_job(job);
        return;
    }
    job->answer = ends[0];
    job->used = 0;
    job->state = JOB_LAUNCHING;
}

static void start_finish(struct job *job, int status, const sigset_t *mask) {
    char number[16];
    snprintf(number, sizeof number, "%d", status);
    job->container = 0;
    job->finisher = run(job, "_finish", number, -1, mask);
    if (job->finisher > 0) job->state = JOB_FINISHING;
    else free_job(job);
}

/* The launcher answered (or closed its pipe): pass it on. */
static void finish_launch(struct job *job, const sigset_t *mask) {
    close(job->answer);
    job->answer = -1;
    job->line[job->used] = '\0';
    long pid = strncmp(job->line, "ok ", 3) == 0 ? strtol(job->line + 3, NULL, 10) : 0;
    if (pid > 0) {
        job->container = (pid_t)pid;
        job->state = JOB_RUNNING;
        drop_line(job);
        answer_client(job, "ok\n");
        for (size_t index = 0; index < early_count; index++) {
            if (early[index].pid != job->container) continue;
            int status = early[index].status;
            early[index] = early[--early_count];
            start_finish(job, status, mask);
            break;
        }
    } else {
        /* The launcher removed what it made; once reaped the job is free. */
        answer_client(job, strncmp(job->line, "error ", 6) == 0 ? job->line : "error the launcher exited without a word\n");
        if (job->launcher > 0) {
            job->state = JOB_FINISHING;
            drop_line(job);
        } else {
            free_job(job);
        }
    }
}

/* One child that ended: a launcher, a container (whose finish starts now) or a finish. */
static void claim(pid_t pid, int status, const sigset_t *mask) {
    int claimed = 0;
    for (size_t index = 0; index < job_count; index++) {
        struct job *job = &jobs[index];
        if (job->state == JOB_FREE) continue;
        if (job->launcher == pid) {
            claimed = 1;
            job->launcher = 0;
            if (job->state == JOB_FINISHING && job->finisher == 0) free_job(job);
        } else if (job->container == pid && job->state == JOB_RUNNING) {
            claimed = 1;
            start_finish(job, status, mask);
        } else if (job->finisher == pid) {
            claimed = 1;
            job->finisher = 0;
            if (job->launcher == 0) free_job(job);
        }
    }
    if (!claimed && early_count < sizeof early / sizeof early[0]) early[early_count++] = (struct early_exit){pid, status};
}

/* Every child that ended. waitpid(-1) walks every child of the monitor (each running container
 * is one), so the sweep runs once per wakeup that read a SIGCHLD, however many were read, and
 * nowhere else: at 2000 containers a sweep after every poll round was 1.6 ms of CPU per start
 * (perf, 2026-12-03). A SIGCHLD merged into another is reaped by the same sweep. */
static void reap(const sigset_t *mask) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) claim(pid, status, mask);
}

static int busy(void) {
    for (size_t index = 0; index < job_count; index++) {
        if (jobs[index].state != JOB_FREE) return 1;
    }
    return 0;
}

static void forward(int sig) {
    for (size_t index = 0; index < job_count; index++) {
        if (jobs[index].state == JOB_RUNNING && jobs[index].container > 0) kill(jobs[index].container, sig);
    }
}

static int listen_on(const char *path) {
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path) { errno = ENAMETOOLONG; return -1; }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 128) != 0) {
        int code = errno;
        close(fd);
        errno = code;
        return -1;
    }
    return fd;
}

/* Whether `path` is still the file `known` describes. */
static int same_file(const char *path, const struct stat *known) {
    struct stat now;
    return stat(path, &now) == 0 && now.st_dev == known->st_dev && now.st_ino == known->st_ino;
}

static void leave(const char *socket_path, const struct stat *socket_file, const char *lock_path, int lock) {
    struct stat lock_file;
    if (same_file(socket_path, socket_file)) unlink(socket_path);
    if (fstat(lock, &lock_file) == 0 && same_file(lock_path, &lock_file)) unlink(lock_path);
    for (int index = 0; index < directory_count; index++) rmdir(directories[index]);
}

int main(int argc, char **argv) {
    int separator = 3;
    while (separator < argc && strcmp(argv[separator], "--") != 0) separator++;
    if (separator + 1 >= argc) {
        fprintf(stderr, "usage: " MONITOR_NAME " SOCKET LOCK [DIRECTORY...] -- COMMAND...\n");
        return 2;
    }
    const char *socket_path = argv[1];
    const char *lock_path = argv[2];
    directories = argv + 3;
    directory_count = separator - 3;
    command = argv + separator + 1;
    command_length = argc - separator - 1;
    int report = fcntl(REPORT_FD, F_GETFD) == 0 ? REPORT_FD : -1;
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        if (report >= 0) write_all(report, "error " MONITOR_NAME ": prctl PR_SET_CHILD_SUBREAPER failed\n");
        return 125;
    }
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    sigset_t handled, original;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    sigprocmask(SIG_BLOCK, &handled, &original);
    signal(SIGPIPE, SIG_IGN);
    int signals = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    int listener = listen_on(socket_path);
    struct stat socket_file;
    if (listener >= 0 && stat(socket_path, &socket_file) != 0) {
        close(listener);
        listener = -1;
    }
    if (lock < 0 || signals < 0 || listener < 0) {
        char line[512];
        snprintf(line, sizeof line, "error " MONITOR_NAME ": listen on %s: %s\n", socket_path, strerror(errno));
        if (report >= 0) write_all(report, line);
        return 125;
    }
    /* It outlives its starter: keep no directory of the starter's busy. */
    if (chdir("/") != 0) {
        if (report >= 0) write_all(report, "error " MONITOR_NAME ": chdir /: failed\n");
        return 125;
    }
    if (report >= 0) {
        write_all(report, "ready\n");
        close(report);
    }

    for (;;) {
        /* Idle: leave, unless a starter holds the lock (it is connecting) or one waits. */
        if (!busy() && flock(lock, LOCK_EX | LOCK_NB) == 0) {
            struct pollfd pending = {.fd = listener, .events = POLLIN};
            if (poll(&pending, 1, 0) == 0) {
                leave(socket_path, &socket_file, lock_path, lock);
                return 0;
            }
            flock(lock, LOCK_UN);
        }
        size_t slots = 2 + job_count;
        struct pollfd watched[slots];
        struct job *owners[slots];
        size_t count = 0;
        watched[count] = (struct pollfd){.fd = listener, .events = POLLIN};
        owners[count++] = NULL;
        watched[count] = (struct pollfd){.fd = signals, .events = POLLIN};
        owners[count++] = NULL;
        for (size_t index = 0; index < job_count; index++) {
            struct job *job = &jobs[index];
            int fd = job->state == JOB_READING ? job->client : job->state == JOB_LAUNCHING ? job->answer : -1;
            if (fd < 0) continue;
            watched[count] = (struct pollfd){.fd = fd, .events = POLLIN};
            owners[count++] = job;
        }
        if (poll(watched, count, busy() ? -1 : 1000) < 0 && errno != EINTR) return 1;
        if (watched[1].revents) {
            struct signalfd_siginfo info;
            int children_ended = 0;
            while (read(signals, &info, sizeof info) == sizeof info) {
                if (info.ssi_signo == SIGCHLD) children_ended = 1;
                else forward((int)info.ssi_signo);
            }
            if (children_ended) reap(&original);
        }
        for (size_t index = 2; index < count; index++) {
            struct job *job = owners[index];
            if (!watched[index].revents || job->state == JOB_FREE) continue;
            int fd = watched[index].fd;
            ssize_t got = read(fd, job->line + job->used, LINE_MAX_BYTES - 1 - job->used);
            if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (got > 0) job->used += (size_t)got;
            int complete = got <= 0 || memchr(job->line, '\n', job->used) || job->used == LINE_MAX_BYTES - 1;
            if (!complete) continue;
            if (job->state == JOB_READING) {
                if (got <= 0 && job->used == 0) {
                    close(job->client);
                    job->client = -1;
                    free_job(job);
                } else {
                    start_launch(job, &original);
                }
            } else {
                finish_launch(job, &original);
            }
        }
        if (watched[0].revents) {
            int client;
            while ((client = accept4(listener, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
                if (!new_job(client)) {
                    write_all(client, "error " MONITOR_NAME ": out of memory\n");
                    close(client);
                }
            }
        }
        /* A child that ends after the signalfd read leaves SIGCHLD pending again: the next
         * poll returns at once for it, so nothing is reaped here. */
    }
}
