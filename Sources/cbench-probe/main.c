/* cbench-probe: run inside a container, print one JSON object describing
 * what the container looks like from inside, and exit (or sleep).
 * Statically linked so it runs in any root filesystem. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

static const struct {
    const char *name;
    const char *alias; /* the source file's name, accepted too */
    void (*write)(struct json *);
} sections[] = {
    {"namespaces", "ns", section_namespaces},
    {"processes", "procs", section_processes},
    {"identity", "ids", section_identity},
    {"capabilities", "caps", section_capabilities},
    {"mounts", "mounts", section_mounts},
    {"interfaces", "net", section_interfaces},
    {"os_release", "osrelease", section_os_release},
    {"fds", "fds", section_fds},
    {"cgroup", "cgroup", section_cgroup},
    {"limits", "limits", section_limits},
    {"attempts", "attempts", section_attempts},
};
#define SECTION_COUNT (sizeof(sections) / sizeof(sections[0]))
#define MAX_CHECKS 32

struct check_list {
    const char *items[MAX_CHECKS];
    int count;
};

struct options {
    int pretty;
    int selected[SECTION_COUNT];
    long sleep_seconds;
    long grab_seconds;
    struct check_list markers, connects, writes, execs, runs, escapes, stresses;
    const char *host_root;
};

static void usage(FILE *out) {
    fputs("usage: cbench-probe [--pretty] [--only SECTION,...|none] [--sleep SECONDS]\n"
          "                    [--marker PATH] [--connect HOST:PORT] [--write PATH] [--exec-pe PATH]\n"
          "                    [--run 'PATH [ARG...]'] [--grab-exe SECONDS]\n"
          "                    [--escape NAME] [--host-root DEV:INO] [--stress KIND:AMOUNT]\n"
          "       cbench-probe --serve PORT [--touch MB]\n"
          "Prints one JSON object describing the container it runs in.\n"
          "--grab-exe tries for SECONDS to take and overwrite the executable of every new process\n"
          "in its pid namespace (the CVE-2019-5736 attack on a runtime).\n"
          "--run runs a program of the container's root (arguments split at spaces) and reports\n"
          "its exit and the first part of its output (a guest binary that runs).\n"
          "--escape tries a security-defaults attempt (escapes.c: open_by_handle_at mount_proc_sysfs\n"
          "write_proc_sys core_pattern mknod_block load_module ptrace_outside keyring raw_socket\n"
          "read_kcore leaked_fds cwd_proc_fd); --host-root names the host's root directory by\n"
          "st_dev and inode for the attempts that aim at it.\n"
          "--stress pushes against a resource limit (stress.c): memory:MB (a child touches MB\n"
          "megabytes), pids:N (forks up to N waiting children), cpu:MS (two children spin MS ms).\n"
          "--marker, --connect, --write, --exec-pe, --run, --escape and --stress may repeat.\n"
          "sections: namespaces processes identity capabilities mounts interfaces\n"
          "          os_release fds cgroup limits attempts\n",
          out);
}

static int select_sections(struct options *o, char *list) {
    memset(o->selected, 0, sizeof(o->selected));
    char *save = NULL;
    for (char *name = strtok_r(list, ",", &save); name != NULL; name = strtok_r(NULL, ",", &save)) {
        if (strcmp(name, "none") == 0) continue;
        size_t i = 0;
        while (i < SECTION_COUNT && strcmp(name, sections[i].name) != 0 && strcmp(name, sections[i].alias) != 0) i++;
        if (i == SECTION_COUNT) {
            fprintf(stderr, "cbench-probe: unknown section '%s'\n", name);
            return -1;
        }
        o->selected[i] = 1;
    }
    return 0;
}

static int add_check(struct check_list *list, const char *flag, const char *value) {
    if (list->count == MAX_CHECKS) {
        fprintf(stderr, "cbench-probe: at most %d %s flags\n", MAX_CHECKS, flag);
        return -1;
    }
    list->items[list->count++] = value;
    return 0;
}

/* 0 to go on, 1 to exit successfully (--help), -1 on a usage error. */
static int parse_options(int argc, char **argv, struct options *o) {
    memset(o, 0, sizeof(*o));
    for (size_t i = 0; i < SECTION_COUNT; i++) o->selected[i] = 1;
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (strcmp(flag, "--help") == 0 || strcmp(flag, "-h") == 0) {
            usage(stdout);
            return 1;
        }
        if (strcmp(flag, "--pretty") == 0) {
            o->pretty = 1;
            continue;
        }
        static const char *const valued[] = {"--only", "--sleep", "--grab-exe", "--marker", "--connect", "--write", "--exec-pe", "--run",
                                             "--escape", "--host-root", "--stress"};
        int known = 0;
        for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) known |= strcmp(flag, valued[k]) == 0;
        if (!known) {
            fprintf(stderr, "cbench-probe: unknown flag '%s'\n", flag);
            return -1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "cbench-probe: %s needs a value\n", flag);
            return -1;
        }
        char *value = argv[++i];
        int result = 0;
        if (strcmp(flag, "--only") == 0) {
            result = select_sections(o, value);
        } else if (strcmp(flag, "--sleep") == 0 || strcmp(flag, "--grab-exe") == 0) {
            char *end = NULL;
            long seconds = strtol(value, &end, 10);
            if (end == value || *end != '\0' || seconds < 0) {
                fprintf(stderr, "cbench-probe: %s needs whole seconds, not '%s'\n", flag, value);
                result = -1;
            }
            if (strcmp(flag, "--sleep") == 0) o->sleep_seconds = seconds;
            else o->grab_seconds = seconds;
        } else if (strcmp(flag, "--marker") == 0) {
            result = add_check(&o->markers, flag, value);
        } else if (strcmp(flag, "--connect") == 0) {
            result = add_check(&o->connects, flag, value);
        } else if (strcmp(flag, "--write") == 0) {
            result = add_check(&o->writes, flag, value);
        } else if (strcmp(flag, "--run") == 0) {
            result = add_check(&o->runs, flag, value);
        } else if (strcmp(flag, "--escape") == 0) {
            result = add_check(&o->escapes, flag, value);
        } else if (strcmp(flag, "--stress") == 0) {
            result = add_check(&o->stresses, flag, value);
        } else if (strcmp(flag, "--host-root") == 0) {
            o->host_root = value;
        } else {
            result = add_check(&o->execs, flag, value);
        }
        if (result != 0) return -1;
    }
    return 0;
}

static void write_checks(struct json *j, const char *key, const struct check_list *list,
                         void (*check)(struct json *, const char *)) {
    if (list->count == 0) return;
    json_key(j, key);
    json_array_begin(j);
    for (int i = 0; i < list->count; i++) check(j, list->items[i]);
    json_array_end(j);
}

static int write_all(int fd, const char *data, size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

/* As pid 1 of a pid namespace the probe ignores signals without a handler,
 * so a sleeping probe installs one to stay stoppable with SIGTERM. */
static void exit_on_signal(int signal_number) {
    (void)signal_number;
    _exit(0);
}

static void sleep_seconds(long seconds) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = exit_on_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    struct timespec remaining = {.tv_sec = seconds, .tv_nsec = 0};
    while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {}
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--serve") == 0) return serve_main(argc, argv);
    struct options o;
    int parsed = parse_options(argc, argv, &o);
    if (parsed != 0) {
        if (parsed < 0) usage(stderr);
        return parsed < 0 ? 2 : 0;
    }

    /* The whole document is built in memory and written at once: a probe that
     * dies half-way prints nothing rather than broken JSON. */
    char *document = NULL;
    size_t size = 0;
    FILE *buffer = open_memstream(&document, &size);
    if (buffer == NULL) {
        perror("cbench-probe: open_memstream");
        return 1;
    }
    struct json j;
    json_init(&j, buffer, o.pretty);
    json_object_begin(&j);
    json_kv_int(&j, "probe_version", PROBE_REPORT_VERSION);
    for (size_t i = 0; i < SECTION_COUNT; i++)
        if (o.selected[i]) sections[i].write(&j);
    write_checks(&j, "markers", &o.markers, check_marker);
    write_checks(&j, "writes", &o.writes, check_write);
    write_checks(&j, "connects", &o.connects, check_connect);
    write_checks(&j, "exec_pe", &o.execs, check_exec);
    write_checks(&j, "runs", &o.runs, check_run);
    write_checks(&j, "stress", &o.stresses, check_stress);
    if (o.grab_seconds > 0) check_grab_exe(&j, o.grab_seconds);
    check_escapes(&j, o.escapes.items, o.escapes.count, o.host_root);
    json_object_end(&j);
    fputc('\n', buffer);
    if (fclose(buffer) != 0 || document == NULL) {
        perror("cbench-probe: building the report");
        return 1;
    }
    int failed = write_all(STDOUT_FILENO, document, size);
    free(document);
    if (failed) {
        perror("cbench-probe: writing the report");
        return 1;
    }
    if (o.sleep_seconds > 0) sleep_seconds(o.sleep_seconds);
    return 0;
}
