/* Shared declarations of the probe: one writer per report section
 * (each adds its top-level members to the open object) and small helpers. */
#ifndef CBENCH_PROBE_H
#define CBENCH_PROBE_H

#include <stddef.h>

#include "json.h"

#define PROBE_REPORT_VERSION 1

/* Symbolic errno name ("EPERM"), or "errno N" for codes glibc cannot name. */
const char *probe_errno_name(int code);

/* The whole of a small file (at most cap bytes) in a malloc'd, NUL-terminated
 * buffer, or NULL with errno set. /proc files report size 0, hence the loop. */
char *probe_read_file(const char *path, size_t cap, size_t *length);
/* Writes `key` and reads `path` (up to 64 KiB): its text, after an opened JSON array, for the
 * caller to fill and close; NULL, after a JSON null, when the file cannot be read. */
char *probe_begin_file_array(struct json *j, const char *key, const char *path);

/* A private scratch directory (mount points, device nodes) in the first writable one of
 * /tmp, /dev/shm, /run, /var/tmp, /dev and the working directory; path is empty when none is. */
struct scratch {
    char path[4096];
    int error; /* mkdtemp errno when no candidate location was writable */
};
void probe_make_scratch(struct scratch *s);

/* Runs `run(argument, result)` in a forked child and copies its `size`-byte result back
 * through a pipe, so a seccomp kill (SIGSYS), a chdir or a trace ends with the child (child.c).
 * Without fork (a pids limit) it runs inline. Returns -1, the result zeroed and *signal_number
 * set when the child died before reporting. */
typedef void (*probe_child_fn)(const void *argument, void *result);
int probe_in_child(probe_child_fn run, const void *argument, void *result, size_t size, int *signal_number);

/* The path of the cgroup file `v1_file` (v1 hierarchy directory `directory`, e.g.
 * cpu,cpuacct) or `v2_file` the process is subject to, into out; 0 when none is readable. */
int probe_cgroup_file(const char *controller, const char *directory, const char *v1_file, const char *v2_file,
                      char *out, size_t size);

/* The first line of a file without its newline, or NULL. */
char *probe_read_line(const char *path);

/* Removes trailing whitespace in place. */
void probe_trim_end(char *s);

/* `--serve PORT [--touch MB]`: the migration scenario's service (serve.c); never returns on success. */
int serve_main(int argc, char **argv);

void section_namespaces(struct json *j);
void section_processes(struct json *j);
void section_identity(struct json *j);
void section_capabilities(struct json *j);
void section_mounts(struct json *j);
void section_interfaces(struct json *j);
void section_os_release(struct json *j);
void section_fds(struct json *j);
void section_cgroup(struct json *j);
void section_limits(struct json *j);
void section_attempts(struct json *j);
/* `--escape NAME`: the security-defaults attempts (escapes.c), one member each under "escapes". */
void check_escapes(struct json *j, const char *const *names, int count, const char *host_root);

/* Checks requested by flags; each writes one element of its array. */
void check_marker(struct json *j, const char *path);
void check_write(struct json *j, const char *path);
void check_connect(struct json *j, const char *target);
void check_exec(struct json *j, const char *path);
void check_run(struct json *j, const char *command);
/* `--stress memory:MB|pids:N|cpu:MS`: pushes against one resource limit (stress.c). */
void check_stress(struct json *j, const char *request);
/* The runtime-executable attack (grab.c), run for `seconds`. */
void check_grab_exe(struct json *j, long seconds);

#endif
