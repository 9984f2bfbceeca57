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
 * its checkpoint, either with `-lazy` for post-copy's lazy pages): it answers `accepted`, runs `COMMAND _launch ID VERB` (CBENCH_APP_ROOT=STORE-ROOT,
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
 * gone and opens the path again) and then each DIRECTORY that is empty, in order.
 *
 * Single-threaded: one epoll set over the socket, a signalfd, the clients, the launchers'
 * pipes and a pidfd for each child it knows (launcher, container, finish). A child is reaped
 * by its own pid when its pidfd says it ended (waitpid(PID) costs the same with 10 or 10,000
 * children: the kernel looks the pid up, do_wait_pid since Linux 5.14), never by walking
 * every child. SIGCHLD only arms a waitpid(-1) sweep at most once a second, for the children
 * no pidfd watches (a descendant orphaned to it, a pidfd that could not be opened): SIGCHLD is
 * not queued, so the signal of such a child can merge into another's and name nobody.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MONITOR_NAME "cbench-monitor"
#define REPORT_FD 3
#define LINE_MAX_BYTES 4096
/* How long after a SIGCHLD the sweep for unwatched children runs (at most once per delay);
 * CBENCH_MONITOR_SWEEP_DELAY_MS changes it (the tests lengthen it). */
#define SWEEP_DELAY_MS 1000
#define NO_JOB SIZE_MAX

enum job_state { JOB_READING, JOB_LAUNCHING, JOB_RUNNING, JOB_FINISHING, JOB_FREE };

/* What an epoll event is about: the low 3 bits of its tag, above them the job's index. */
enum watch_kind { WATCH_LISTENER, WATCH_SIGNALS, WATCH_REQUEST, WATCH_ANSWER, WATCH_LAUNCHER, WATCH_CONTAINER, WATCH_FINISHER };

/* One container from request to finish. A running container keeps only a few dozen bytes
 * here: the line buffer lives from request to the launcher's answer. */
struct job {
    enum job_state state;
    int client;       /* connection waiting for the answer, or -1 */
    int answer;       /* read end of the launcher's pipe, or -1 */
    pid_t launcher;   /* `_launch`, until reaped */
    pid_t container;  /* the container's init, once known */
    pid_t finisher;   /* `_finish`, until reaped */
    int launcher_fd, container_fd, finisher_fd; /* their pidfds in the epoll set, or -1 */
    size_t next_free; /* the next free slot after this one, while free */
    char id[80];
    char *store_root; /* CBENCH_APP_ROOT of its launch and finish */
    char *run_root;   /* CBENCH_APP_RUN */
    char *line;       /* LINE_MAX_BYTES while reading a request or an answer, else NULL */
    size_t used;
};

static struct job *jobs;
static size_t job_count, job_capacity;
/* Free slots (a list through next_free) and the slots in use: no walk over every job to
 * find a slot or to know whether any is left. */
static size_t free_head = NO_JOB;
static size_t active_jobs;
/* The epoll set of every descriptor it waits on. */
static int watch_set = -1;
/* The descriptor limit it was started with (raised for the pidfds), given back to children. */
static struct rlimit started_files;
static int files_raised;
/* When the sweep for unwatched children is due (CLOCK_MONOTONIC ms), or -1. */
static long long sweep_due = -1;
static long long sweep_delay_ms = SWEEP_DELAY_MS;

/* Children whose pidfd said they ended while waitpid could not reap them yet: zombies a tracer
 * still holds. CRIU kills a dumped tree while it has it seized and reaps it later, which hands
 * each one to its real parent, this monitor, with a SIGCHLD. Tried on every SIGCHLD, so such
 * a container is finished then, not at the next sweep a second later (`cbench app checkpoint`
 * waited 1.0-1.1 s longer in about a third of its runs, 2026-12-04). A short list: only
 * containers a tracer held at their end are in it. */
static pid_t *held;
static size_t held_count, held_capacity;

/* Children reaped before their launcher's answer named them: a container that ended at once
 * can come back and be reaped before its `ok PID` is read. Only a launch still awaiting its
 * answer can claim one, so an exit is kept only while one is (orphaned descendants reaped
 * meanwhile too) and the list is emptied once none is: it grows as needed instead of
 * dropping an entry, and never outlives the launches that could need it. */
struct early_exit { pid_t pid; int status; };
static struct early_exit *early;
static size_t early_count, early_capacity;
/* Jobs in JOB_LAUNCHING (kept by set_state): whether an early exit can still be claimed,
 * known without walking every job. */
static size_t launches_awaited;
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

/* Every change of a job's state goes through here, so launches_awaited stays true. */
static void set_state(struct job *job, enum job_state state) {
    if (job->state == JOB_LAUNCHING) launches_awaited--;
    if (state == JOB_LAUNCHING) launches_awaited++;
    job->state = state;
}

static void drop_line(struct job *job) {
    free(job->line);
    job->line = NULL;
    job->used = 0;
}

static long long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static size_t index_of(const struct job *job) { return (size_t)(job - jobs); }

static int watch(int fd, size_t index, enum watch_kind kind) {
    struct epoll_event event = {.events = EPOLLIN, .data.u64 = ((uint64_t)index << 3) | (uint64_t)kind};
    return epoll_ctl(watch_set, EPOLL_CTL_ADD, fd, &event);
}

/* Out of the epoll set explicitly, before any close: a forked child that has not exec'd yet
 * still holds the file, and epoll drops an entry only when the file itself goes. */
static void unwatch(int fd) {
    if (fd >= 0) epoll_ctl(watch_set, EPOLL_CTL_DEL, fd, NULL);
}

static void close_watched(int *fd) {
    if (*fd < 0) return;
    unwatch(*fd);
    close(*fd);
    *fd = -1;
}

/* A pidfd for child `pid` in the epoll set; without one (EMFILE, say) the sweep finds it. */
static void track(pid_t pid, int *slot, size_t index, enum watch_kind kind) {
    if (pid <= 0 || *slot >= 0) return;
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0) return;
    if (watch(fd, index, kind) != 0) {
        close(fd);
        return;
    }
    *slot = fd;
}

static void free_job(struct job *job) {
    if (job->state == JOB_FREE) return;
    drop_line(job);
    free(job->store_root);
    free(job->run_root);
    job->store_root = job->run_root = NULL;
    close_watched(&job->client);
    close_watched(&job->answer);
    close_watched(&job->launcher_fd);
    close_watched(&job->container_fd);
    close_watched(&job->finisher_fd);
    set_state(job, JOB_FREE);
    job->next_free = free_head;
    free_head = index_of(job);
    active_jobs--;
}

static struct job *new_job(int client) {
    char *line = malloc(LINE_MAX_BYTES);
    if (!line) return NULL;
    struct job *job = NULL;
    if (free_head != NO_JOB) {
        job = &jobs[free_head];
        free_head = job->next_free;
    } else {
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
    job->client = -1;
    job->answer = job->launcher_fd = job->container_fd = job->finisher_fd = -1;
    job->line = line;
    set_state(job, JOB_READING);
    active_jobs++;
    if (watch(client, index_of(job), WATCH_REQUEST) != 0) {
        free_job(job);
        return NULL;
    }
    job->client = client;
    return job;
}

static void answer_client(struct job *job, const char *text) {
    if (job->client < 0) return;
    write_all(job->client, text);
    close_watched(&job->client);
}

/* Descriptor 3 of the monitor stays open on /dev/null (kept in `placeholder`): a launch puts
 * its pipe there just before the clone and the placeholder back just after, so the child's
 * descriptor 3 is below the cut of its own small table (see child_main). */
static int placeholder = -1;

extern char **environ;

/* The environment of a launch or finish: the monitor's own with CBENCH_APP_ROOT and
 * CBENCH_APP_RUN naming the job's stores. Made before the child is, which shares the
 * monitor's memory and must not allocate; freed once it has exec'd. */
struct environment {
    char **entries;
    char *store_root, *run_root;
};

static char *setting(const char *name, const char *value) {
    size_t size = strlen(name) + strlen(value) + 2;
    char *text = malloc(size);
    if (text) snprintf(text, size, "%s=%s", name, value);
    return text;
}

static void free_environment(struct environment *environment) {
    free(environment->entries);
    free(environment->store_root);
    free(environment->run_root);
}

static int job_environment(const struct job *job, struct environment *environment) {
    size_t count = 0;
    while (environ[count]) count++;
    environment->entries = calloc(count + 3, sizeof *environment->entries);
    environment->store_root = setting("CBENCH_APP_ROOT", job->store_root);
    environment->run_root = setting("CBENCH_APP_RUN", job->run_root);
    if (!environment->entries || !environment->store_root || !environment->run_root) {
        free_environment(environment);
        return -1;
    }
    size_t used = 0;
    for (size_t index = 0; index < count; index++) {
        if (strncmp(environ[index], "CBENCH_APP_ROOT=", 16) == 0 || strncmp(environ[index], "CBENCH_APP_RUN=", 15) == 0) continue;
        environment->entries[used++] = environ[index];
    }
    environment->entries[used++] = environment->store_root;
    environment->entries[used] = environment->run_root;
    return 0;
}

/* What a child does before its execve, all prepared by the monitor. */
struct child_start {
    int keep;   /* descriptors below it stay: 0-2, and 3 for a launch's answer pipe */
    int report; /* descriptor 3 is the answer pipe (inherited across the execve) */
    char **argv;
    char **envp;
    const sigset_t *mask;
};

/* The child runs here until its execve; one child at a time, as CLONE_VFORK holds the
 * monitor until then. */
static char child_stack[64 * 1024] __attribute__((aligned(16)));

/* The child shares the monitor's memory (CLONE_VM: its page tables, which grow with its jobs,
 * are not copied at the clone and torn down at the execve: copy_page_range was 0.07 ms per
 * start at 3,800 containers, perf 2026-12-04) and its descriptor table (CLONE_FILES) until it
 * makes its own with close_range(keep, ~0U, CLOSE_RANGE_UNSHARE), which copies only what is
 * below `keep` (dup_fd's punch hole, Linux 6.11+). fork() copied all N pidfds into every
 * `_launch` and `_finish` and execve closed them again: 0.45 ms per start at N~1,700
 * (dnotify_flush, perf 2026-12-04). CLONE_VFORK holds the monitor until the child has exec'd
 * or exited, so neither table nor memory changes under it. Its signal handlers are its own
 * (no CLONE_SIGHAND). It makes system calls only (a failed execve's message is formatted on
 * its own stack): nothing it does may change the monitor's memory. */
static int child_main(void *argument) {
    const struct child_start *start = argument;
    if (syscall(SYS_close_range, (unsigned)start->keep, ~0U, CLOSE_RANGE_UNSHARE) != 0) {
        /* An older kernel: a whole copy of its own, whose close-on-exec descriptors execve closes. */
        if (unshare(CLONE_FILES) != 0) _exit(125);
        if (syscall(SYS_close_range, (unsigned)start->keep, ~0U, 0) != 0) _exit(125);
    }
    if (start->report && fcntl(REPORT_FD, F_SETFD, 0) != 0) _exit(125);
    /* The container inherits what the launcher does: nothing of the monitor's own. */
    struct sigaction default_action = {.sa_handler = SIG_DFL};
    sigaction(SIGPIPE, &default_action, NULL);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, start->mask, NULL, _NSIG / 8);
    if (files_raised) setrlimit(RLIMIT_NOFILE, &started_files);
    execve(start->argv[0], start->argv, start->envp);
    if (start->report) {
        char line[512];
        snprintf(line, sizeof line, "error " MONITOR_NAME ": exec %s: %s\n", start->argv[0], strerror(errno));
        write_all(REPORT_FD, line);
    }
    _exit(125);
}

/* COMMAND VERB ARGUMENTS..., with default signal handling and nothing of ours open but
 * what `fd3` names (on descriptor 3). */
static pid_t run(const struct job *job, const char *verb, const char *second, int fd3, const sigset_t *mask) {
    struct environment environment;
    if (job_environment(job, &environment) != 0) return -1;
    char *argv[command_length + 4];
    int count = 0;
    for (int index = 0; index < command_length; index++) argv[count++] = command[index];
    argv[count++] = (char *)verb;
    argv[count++] = (char *)job->id;
    if (second) argv[count++] = (char *)second;
    argv[count] = NULL;
    pid_t pid = -1;
    if (fd3 < 0 || dup3(fd3, REPORT_FD, O_CLOEXEC) >= 0) {
        struct child_start start = {fd3 >= 0 ? REPORT_FD + 1 : REPORT_FD, fd3 >= 0, argv, environment.entries, mask};
        pid = clone(child_main, child_stack + sizeof child_stack, CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &start);
        if (fd3 >= 0) (void)dup3(placeholder, REPORT_FD, O_CLOEXEC);
    }
    free_environment(&environment);
    return pid;
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

static void finish_launch(struct job *job, const sigset_t *mask);

/* The ways a container comes up: a fresh launch, or a restore (the restored tree is the
 * launcher's child, so it comes back here just as a launched one does). */
static const char *const verbs[] = {"launch", "restore", "restore-tcp-established", "restore-lazy",
                                    "restore-tcp-established-lazy"};

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
    /* The client now waits for the answer; what it sends meanwhile is not read. */
    unwatch(job->client);
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
    track(job->launcher, &job->launcher_fd, index_of(job), WATCH_LAUNCHER);
    job->answer = ends[0];
    job->used = 0;
    set_state(job, JOB_LAUNCHING);
    if (watch(job->answer, index_of(job), WATCH_ANSWER) != 0) {
        /* Unwatched, the answer would never be read: stop here, as for a failed pipe. */
        close(job->answer);
        job->answer = -1;
        job->line[0] = '\0';
        job->used = 0;
        finish_launch(job, mask);
    }
}

/* Keeps one early exit; the list doubles when full. Should memory run out, the oldest entry
 * makes room (the one least likely still to be named) rather than the new one being lost
 * or the monitor waiting. */
static void keep_early_exit(pid_t pid, int status) {
    if (early_count == early_capacity) {
        size_t capacity = early_capacity ? early_capacity * 2 : 16;
        struct early_exit *grown = realloc(early, capacity * sizeof *early);
        if (grown) {
            early = grown;
            early_capacity = capacity;
        } else if (early_count > 0) {
            memmove(early, early + 1, (early_count - 1) * sizeof *early);
            early_count--;
        } else {
            return;
        }
    }
    early[early_count++] = (struct early_exit){pid, status};
}

/* Empties the early exits once no launch awaits its answer: none of them can be named now. */
static void forget_unclaimable_exits(void) {
    if (launches_awaited == 0) early_count = 0;
}

static void start_finish(struct job *job, int status, const sigset_t *mask) {
    char number[16];
    snprintf(number, sizeof number, "%d", status);
    job->container = 0;
    close_watched(&job->container_fd);
    job->finisher = run(job, "_finish", number, -1, mask);
    if (job->finisher > 0) {
        set_state(job, JOB_FINISHING);
        track(job->finisher, &job->finisher_fd, index_of(job), WATCH_FINISHER);
    } else {
        free_job(job);
    }
}

/* The launcher answered (or closed its pipe): pass it on. */
static void finish_launch(struct job *job, const sigset_t *mask) {
    close_watched(&job->answer);
    job->line[job->used] = '\0';
    long pid = strncmp(job->line, "ok ", 3) == 0 ? strtol(job->line + 3, NULL, 10) : 0;
    if (pid > 0) {
        job->container = (pid_t)pid;
        set_state(job, JOB_RUNNING);
        drop_line(job);
        answer_client(job, "ok\n");
        for (size_t index = 0; index < early_count; index++) {
            if (early[index].pid != job->container) continue;
            int status = early[index].status;
            early[index] = early[--early_count];
            forget_unclaimable_exits();
            start_finish(job, status, mask);
            return;
        }
        forget_unclaimable_exits();
        /* Its pidfd once it is surely this monitor's child: after the launcher, its parent
         * until then, is reaped (its orphans come here as it exits). */
        if (job->launcher == 0) track(job->container, &job->container_fd, index_of(job), WATCH_CONTAINER);
    } else {
        /* The launcher removed what it made; once reaped the job is free. */
        answer_client(job, strncmp(job->line, "error ", 6) == 0 ? job->line : "error the launcher exited without a word\n");
        if (job->launcher > 0) {
            set_state(job, JOB_FINISHING);
            drop_line(job);
        } else {
            free_job(job);
        }
        forget_unclaimable_exits();
    }
}

/* One child of `job` that ended: its launcher, its container (whose finish starts now) or its
 * finish. Whether it was one of them. */
static int claim_in(struct job *job, pid_t pid, int status, const sigset_t *mask) {
    if (job->state == JOB_FREE || pid <= 0) return 0;
    if (job->launcher == pid) {
        close_watched(&job->launcher_fd);
        job->launcher = 0;
        if (job->state == JOB_FINISHING && job->finisher == 0) free_job(job);
        else if (job->state == JOB_RUNNING) track(job->container, &job->container_fd, index_of(job), WATCH_CONTAINER);
        return 1;
    }
    if (job->container == pid && job->state == JOB_RUNNING) {
        start_finish(job, status, mask);
        return 1;
    }
    if (job->finisher == pid) {
        close_watched(&job->finisher_fd);
        job->finisher = 0;
        if (job->launcher == 0) free_job(job);
        return 1;
    }
    return 0;
}

/* Keeps `pid` for reap_held; when memory runs out, the sweep reaps it instead. */
static void keep_held(pid_t pid) {
    if (held_count == held_capacity) {
        size_t capacity = held_capacity ? held_capacity * 2 : 8;
        pid_t *grown = realloc(held, capacity * sizeof *held);
        if (!grown) return;
        held = grown;
        held_capacity = capacity;
    }
    held[held_count++] = pid;
}

static void claim(pid_t pid, int status, const sigset_t *mask);

/* A SIGCHLD came: each held child its tracer has let go of is reaped and claimed now. One
 * already reaped by a sweep (ECHILD) leaves the list too. */
static void reap_held(const sigset_t *mask) {
    size_t index = 0;
    while (index < held_count) {
        int status;
        pid_t pid = held[index];
        pid_t reaped = waitpid(pid, &status, WNOHANG | __WALL);
        if (reaped == 0) {
            index++;
            continue;
        }
        held[index] = held[--held_count];
        if (reaped == pid) claim(pid, status, mask);
    }
}

/* A child the sweep reaped: found by walking the jobs (the sweep's children are the ones no
 * pidfd named, so this is rare), else kept for a launcher's answer that may name it, while
 * one is awaited (otherwise no one ever could: an orphaned descendant). */
static void claim(pid_t pid, int status, const sigset_t *mask) {
    for (size_t index = 0; index < job_count; index++) {
        if (claim_in(&jobs[index], pid, status, mask)) return;
    }
    if (launches_awaited > 0) keep_early_exit(pid, status);
}

/* The pidfd of one of job `index`'s children is readable: that child ended. Reaped by its pid
 * (it is this monitor's own, unreaped, so the pid is still its). */
static void reap_watched(size_t index, enum watch_kind kind, const sigset_t *mask) {
    if (index >= job_count) return;
    struct job *job = &jobs[index];
    pid_t pid = kind == WATCH_LAUNCHER ? job->launcher : kind == WATCH_CONTAINER ? job->container : job->finisher;
    int *fd = kind == WATCH_LAUNCHER ? &job->launcher_fd : kind == WATCH_CONTAINER ? &job->container_fd : &job->finisher_fd;
    if (job->state == JOB_FREE || *fd < 0 || pid <= 0) return;
    int status;
    pid_t reaped = waitpid(pid, &status, WNOHANG);
    if (reaped == pid) {
        claim_in(job, pid, status, mask);
    } else {
        /* Readable but not reapable yet: a zombie a tracer holds (see `held`). Watched no
         * longer, so a level-triggered entry cannot spin; the SIGCHLD of its release reaps it,
         * and the sweep stays as the fallback. */
        close_watched(fd);
        if (reaped == 0) keep_held(pid);
        sweep_due = now_ms();
    }
}

/* Every child that ended, by walking them all (waitpid(-1) visits each child of the monitor:
 * at 2000 containers a sweep per start was 0.44 ms of it, perf 2026-12-03). Only for the
 * children no pidfd watches, at most once per SWEEP_DELAY_MS after a SIGCHLD. */
static void sweep(const sigset_t *mask) {
    int status;
    pid_t pid;
    sweep_due = -1;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) claim(pid, status, mask);
}

/* The epoll wait before the sweep is due: -1 (none due) or the milliseconds left. */
static int sweep_wait(void) {
    if (sweep_due < 0) return -1;
    long long left = sweep_due - now_ms();
    return left <= 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

static int busy(void) { return active_jobs > 0; }

/* A client's request or a launcher's answer has bytes (or ended). */
static void read_from(size_t index, enum watch_kind kind, const sigset_t *mask) {
    if (index >= job_count) return;
    struct job *job = &jobs[index];
    int fd = kind == WATCH_REQUEST && job->state == JOB_READING ? job->client
           : kind == WATCH_ANSWER && job->state == JOB_LAUNCHING ? job->answer : -1;
    if (fd < 0) return;
    ssize_t got = read(fd, job->line + job->used, LINE_MAX_BYTES - 1 - job->used);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (got > 0) job->used += (size_t)got;
    int complete = got <= 0 || memchr(job->line, '\n', job->used) || job->used == LINE_MAX_BYTES - 1;
    if (!complete) return;
    if (job->state == JOB_READING) {
        if (got <= 0 && job->used == 0) free_job(job);
        else start_launch(job, mask);
    } else {
        finish_launch(job, mask);
    }
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
    const char *delay = getenv("CBENCH_MONITOR_SWEEP_DELAY_MS");
    if (delay && *delay) {
        char *end = NULL;
        long long parsed = strtoll(delay, &end, 10);
        if (end && *end == '\0' && parsed >= 0 && parsed <= 3600000) sweep_delay_ms = parsed;
    }
    /* Descriptor 3 reserved for the launches' pipes (see placeholder): taken before anything
     * else is opened, after `ready` if the starter gave a report pipe there. */
    placeholder = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (placeholder < 0 || (report < 0 && placeholder != REPORT_FD && dup3(placeholder, REPORT_FD, O_CLOEXEC) < 0)) {
        if (report >= 0) write_all(report, "error " MONITOR_NAME ": open /dev/null failed\n");
        return 125;
    }
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
    watch_set = epoll_create1(EPOLL_CLOEXEC);
    if (lock < 0 || signals < 0 || listener < 0 || watch_set < 0
        || watch(listener, 0, WATCH_LISTENER) != 0 || watch(signals, 0, WATCH_SIGNALS) != 0) {
        char line[512];
        snprintf(line, sizeof line, "error " MONITOR_NAME ": listen on %s: %s\n", socket_path, strerror(errno));
        if (report >= 0) write_all(report, line);
        return 125;
    }
    /* A pidfd per running container: room for them up to the hard limit. */
    if (getrlimit(RLIMIT_NOFILE, &started_files) == 0 && started_files.rlim_cur < started_files.rlim_max) {
        struct rlimit raised = {.rlim_cur = started_files.rlim_max, .rlim_max = started_files.rlim_max};
        files_raised = setrlimit(RLIMIT_NOFILE, &raised) == 0;
    }
    /* It outlives its starter: keep no directory of the starter's busy. */
    if (chdir("/") != 0) {
        if (report >= 0) write_all(report, "error " MONITOR_NAME ": chdir /: failed\n");
        return 125;
    }
    if (report >= 0) {
        write_all(report, "ready\n");
        (void)dup3(placeholder, REPORT_FD, O_CLOEXEC);
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
        int timeout = sweep_wait();
        if (!busy() && (timeout < 0 || timeout > 1000)) timeout = 1000;
        struct epoll_event events[64];
        int count = epoll_wait(watch_set, events, 64, timeout);
        if (count < 0) {
            if (errno != EINTR) return 1;
            count = 0;
        }
        /* New clients last: until then no slot is reused, so an event of this round still
         * means the job it was registered for. */
        int clients_waiting = 0;
        for (int event = 0; event < count; event++) {
            enum watch_kind kind = (enum watch_kind)(events[event].data.u64 & 7);
            size_t index = (size_t)(events[event].data.u64 >> 3);
            if (kind == WATCH_LISTENER) {
                clients_waiting = 1;
            } else if (kind == WATCH_SIGNALS) {
                struct signalfd_siginfo info;
                while (read(signals, &info, sizeof info) == sizeof info) {
                    if (info.ssi_signo != SIGCHLD) forward((int)info.ssi_signo);
                    else if (sweep_due < 0) sweep_due = now_ms() + sweep_delay_ms;
                }
                if (held_count > 0) reap_held(&original);
            } else if (kind == WATCH_LAUNCHER || kind == WATCH_CONTAINER || kind == WATCH_FINISHER) {
                reap_watched(index, kind, &original);
            } else {
                read_from(index, kind, &original);
            }
        }
        if (sweep_due >= 0 && sweep_wait() == 0) sweep(&original);
        if (clients_waiting) {
            int client;
            while ((client = accept4(listener, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
                if (!new_job(client)) {
                    write_all(client, "error " MONITOR_NAME ": out of memory\n");
                    close(client);
                }
            }
        }
    }
}
