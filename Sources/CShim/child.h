#ifndef CSHIM_CHILD_H
#define CSHIM_CHILD_H
/* Child-side helpers shared by the per-concern files. Only async-signal-safe code here. */
#include "cshim.h"
#include <errno.h>
#include <limits.h>

/* The state of the child while it carries out the plan. */
struct cshim_child {
    const struct cshim_plan *plan;
    int report_fd;  /* write end of the report pipe */
    int sync_fd;    /* read end of the continue pipe */
    int root_fd;    /* O_PATH of the prepared root (before pivot), or of / after */
    const char *root_path; /* "/" when there is no rootfs */
    int gate_fd;    /* O_PATH fd of the start gate FIFO, or -1 */
    int console_fd; /* the connected console socket, or -1 (closed once the master is sent) */
};

/* Write an error record and _exit; never returns. */
__attribute__((noreturn)) void cshim_fail(struct cshim_child *c, int stage, int err,
                                          const char *arg, const char *reason);
/* Write a non-error record; returns 0 or -1. */
int cshim_report(struct cshim_child *c, int kind, int value);

/* Small string helpers (no libc allocation). */
size_t cshim_strlen(const char *s);
/* Copy up to cap-1 bytes; returns bytes copied (without the NUL). */
size_t cshim_copy(char *dst, size_t cap, const char *src);
int cshim_streq(const char *a, const char *b);
/* "/proc/self/fd/N" into buf (at least 32 bytes). */
void cshim_fd_path(char *buf, int fd);
/* `prefix` (under 16 bytes) then `number` in decimal into buf (at least 32 bytes). */
void cshim_numbered_path(char *buf, const char *prefix, unsigned int number);

/* Resolve `path` (absolute inside the container) beneath the root fd, refusing magic links.
 * `create`: 0 none, 1 directory, 2 empty file for the final component, plus CSHIM_RESOLVE_SOFT
 * to return -1 (errno set) instead of failing the launch. Returns an O_PATH fd. */
#define CSHIM_RESOLVE_SOFT 4
int cshim_resolve_in_root(struct cshim_child *c, const char *path, int create, int stage);
/* The path of `fd` relative to the container root into buf ("/proc"), or -1 if outside. */
int cshim_container_path(struct cshim_child *c, int fd, char *buf, size_t cap);

/* Mount flags of the mount holding `fd` that a bind remount must keep (locked in a user ns). */
unsigned long cshim_locked_flags(int fd);
/* Remount the bind mount whose root is `fd` with `flags` (plus locked flags if refused). */
int cshim_remount_bind(int fd, unsigned long flags);

/* Blocks until the parent says "continue" (one byte on the sync socket); exits on EOF. */
void cshim_wait_for_parent(struct cshim_child *c);
/* The final process: everything from "continue" to execve (spawn.c). */
__attribute__((noreturn)) void cshim_final_child(struct cshim_child *c);

/* Hides the file or directory `fd` (O_PATH): /dev/null bound over a file, an empty read-only
 * tmpfs over a directory. Returns 0, or -1 with errno. */
int cshim_mask_fd(int fd);

/* mask_dir.c: empty directory number `index` made in the container's own /dev tmpfs, as an
 * O_PATH fd; *dev (-1 at first) keeps /dev's fd for the next ones. -1 when there is no such
 * /dev or the directory cannot be made. The caller binds it over one masked directory; once all
 * are bound, cshim_remove_mask_dirs removes the `count` made and closes *dev (nothing for -1). */
int cshim_open_mask_dir(struct cshim_child *c, int *dev, unsigned int index);
void cshim_remove_mask_dirs(struct cshim_child *c, int dev, unsigned int count);

/* lock_stage (locked_mounts.c): the first child's order of namespaces and its stage of proc
 * and sysfs, and which plan entries the stage already did. */
__attribute__((noreturn)) void cshim_locked_first_child(struct cshim_child *c);
/* The staged tree for a proc or sysfs entry into buf; 0, or -1 when `m` is neither. */
int cshim_staged_source(const struct cshim_plan *p, const struct cshim_mount *m, char *buf, size_t cap);
/* Whether a masked path was masked in the stage (under /proc/ or /sys/). */
int cshim_mask_is_staged(const char *path);

/* The steps, one concern per file. Each fails through cshim_fail. */
void cshim_join_namespaces(struct cshim_child *c);
void cshim_arrange_fds(struct cshim_child *c);
void cshim_prepare_rootfs(struct cshim_child *c);
void cshim_do_mounts(struct cshim_child *c);
void cshim_populate_dev(struct cshim_child *c);
void cshim_pivot(struct cshim_child *c);
void cshim_mask_paths(struct cshim_child *c);
void cshim_finish_rootfs(struct cshim_child *c);
void cshim_enter_cwd(struct cshim_child *c);
void cshim_set_properties(struct cshim_child *c);
void cshim_set_sysctls(struct cshim_child *c);
void cshim_set_rlimits(struct cshim_child *c);
void cshim_drop_bounding(struct cshim_child *c);
void cshim_switch_user(struct cshim_child *c);
void cshim_apply_capabilities(struct cshim_child *c);
void cshim_set_no_new_privs(struct cshim_child *c);
void cshim_load_seccomp(struct cshim_child *c);
void cshim_loopback_up(struct cshim_child *c);
void cshim_wait_start_gate(struct cshim_child *c);
void cshim_setup_console(struct cshim_child *c);
void cshim_reset_signals(void);
__attribute__((noreturn)) void cshim_exec(struct cshim_child *c);

#endif
