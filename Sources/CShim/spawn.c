/*
 * clone3 and the child's order of work. The child is a copy of a possibly multi-threaded
 * Swift process: it calls only syscalls and the async-signal-safe helpers in this target.
 */
#include "child.h"
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Blocks until the parent says "continue" (one byte); EOF means it gave up. */
void cshim_wait_for_parent(struct cshim_child *c) {
    char byte;
    ssize_t n;
    do {
        n = read(c->sync_fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(126);
}

static int needs_mount_work(const struct cshim_plan *p) {
    return p->rootfs_kind != CSHIM_ROOTFS_NONE || p->mount_count > 0 || p->device_count > 0 ||
           p->masked_count > 0 || p->readonly_count > 0 || p->root_propagation != 0;
}

/* Joins the v1 cgroups: "0" in `tasks` moves the calling (only) thread. */
static void join_cgroups(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    for (size_t i = 0; i < p->cgroup_task_count; i++) {
        ssize_t n;
        do {
            n = write(p->cgroup_task_fds[i], "0", 1);
        } while (n < 0 && errno == EINTR);
        if (n != 1) cshim_fail(c, CSHIM_STAGE_CGROUP, n < 0 ? errno : EIO, NULL, "write 0 to tasks");
    }
}

/* The final process: everything from "continue" to execve. */
__attribute__((noreturn)) void cshim_final_child(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    cshim_wait_for_parent(c);
    join_cgroups(c);
    /* After the parent placed us in our cgroups, so the namespace root is that cgroup. */
    if ((p->create_flags & CLONE_NEWCGROUP) && cshim_unshare(CLONE_NEWCGROUP) != 0)
        cshim_fail(c, CSHIM_STAGE_UNSHARE, errno, "cgroup", NULL);
    /* Become root of the (now mapped) user namespace so files we create have a mapped owner;
     * the spec's user comes at the end. Without 0 in the map we stay as we are. */
    if (p->in_user_namespace) {
        if (syscall(SYS_setresgid, 0, 0, 0) != 0 && errno != EINVAL)
            cshim_fail(c, CSHIM_STAGE_SETGID, errno, NULL, "become root of the user namespace");
        if (syscall(SYS_setresuid, 0, 0, 0) != 0 && errno != EINVAL)
            cshim_fail(c, CSHIM_STAGE_SETUID, errno, NULL, "become root of the user namespace");
    }
    cshim_reset_signals();
    cshim_arrange_fds(c);
    if (p->new_session && setsid() < 0) cshim_fail(c, CSHIM_STAGE_SETSID, errno, NULL, NULL);
    if (p->controlling_terminal && ioctl(0, TIOCSCTTY, 0) != 0)
        cshim_fail(c, CSHIM_STAGE_SETSID, errno, NULL, "make stdin the controlling terminal (TIOCSCTTY)");
    if ((p->create_flags & CLONE_NEWNET) && p->loopback_up) cshim_loopback_up(c);

    cshim_prepare_rootfs(c);
    if (needs_mount_work(p)) {
        cshim_do_mounts(c);
        cshim_populate_dev(c);
    }
    /* OCI prestart/createRuntime/createContainer hooks run here, after the environment is
     * made and before pivot_root, as the runtime-spec orders (runc pauses its init alike). */
    if (p->hooks_pause) {
        if (cshim_report(c, CSHIM_RECORD_HOOKS, 0) != 0) _exit(126);
        cshim_wait_for_parent(c);
    }
    if (needs_mount_work(p)) cshim_pivot(c);
    if (c->console_fd >= 0) cshim_setup_console(c);
    cshim_set_properties(c);
    cshim_set_sysctls(c);
    cshim_mask_paths(c);
    cshim_enter_cwd(c);
    cshim_finish_rootfs(c);
    cshim_set_rlimits(c);

    /* Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, which the drop below may
     * remove (Docker's defaults do): load it first, as runc does; the filter must then allow
     * the few calls left (capset, setresuid, prctl, execve). */
    int seccomp_first = !p->no_new_privs;
    if (seccomp_first) cshim_load_seccomp(c);
    cshim_drop_bounding(c);
    cshim_switch_user(c);
    cshim_apply_capabilities(c);
    cshim_set_no_new_privs(c);
    cshim_wait_start_gate(c);
    if (!seccomp_first) cshim_load_seccomp(c);
    cshim_exec(c);
}

/* The first child when namespaces are joined: join first, then create (so new namespaces are
 * owned by a joined user namespace), then fork once more when a pid or time namespace applies
 * only to children. CLONE_PARENT makes the final process a child of the launcher itself. */
__attribute__((noreturn)) static void first_child(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    int joined_children_only = 0;
    cshim_join_namespaces(c);
    for (size_t i = 0; i < p->join_count; i++)
        if (p->joins[i].nstype == CLONE_NEWPID || p->joins[i].nstype == CLONE_NEWTIME)
            joined_children_only = 1;
    if (p->create_flags & CLONE_NEWUSER) {
        if (cshim_unshare(CLONE_NEWUSER) != 0) cshim_fail(c, CSHIM_STAGE_UNSHARE, errno, "user", NULL);
        if (cshim_report(c, CSHIM_RECORD_USERNS, 0) != 0) _exit(126);
        cshim_wait_for_parent(c);
    }
    uint64_t rest = p->create_flags & ~(uint64_t)(CLONE_NEWUSER | CLONE_NEWCGROUP);
    if (rest != 0 && cshim_unshare((int)rest) != 0)
        cshim_fail(c, CSHIM_STAGE_UNSHARE, errno, NULL, NULL);
    if (!(rest & (CLONE_NEWPID | CLONE_NEWTIME)) && !joined_children_only) {
        if (cshim_report(c, CSHIM_RECORD_CHILD_PID, (int)syscall(SYS_getpid)) != 0) _exit(126);
        cshim_final_child(c);
    }
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_PARENT;
    long pid = cshim_clone3(&args, sizeof args);
    if (pid < 0) cshim_fail(c, CSHIM_STAGE_FORK, errno, NULL, NULL);
    if (pid == 0) cshim_final_child(c);
    cshim_report(c, CSHIM_RECORD_CHILD_PID, (int)pid);
    _exit(0);
}

int cshim_spawn(const struct cshim_plan *plan, struct cshim_spawn_result *result) {
    int report[2], sync[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -errno;
    /* A socket, not a pipe: the parent's send cannot raise SIGPIPE when the child is gone. */
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) != 0) {
        int err = errno;
        close(report[0]);
        close(report[1]);
        return -err;
    }
    int two_step = plan->join_count > 0 || plan->lock_stage != NULL;
    int pidfd = -1;
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_PIDFD;
    if (!two_step) args.flags |= plan->create_flags & ~(uint64_t)CLONE_NEWCGROUP;
    if (!two_step && plan->clone_into_cgroup_fd >= 0) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)plan->clone_into_cgroup_fd;
    }
    args.pidfd = (uint64_t)(uintptr_t)&pidfd;
    args.exit_signal = SIGCHLD;

    /* Signals stay blocked in the child until just before execve, so no handler of the
     * parent's runs in the copy; the parent's own mask is restored at once. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    long pid = cshim_clone3(&args, sizeof args);
    if (pid == 0) {
        /* Non-dumpable before anything else, until execve resets it: no process of a container
         * we join can open our /proc/PID/exe (the runtime binary), root or fds, or ptrace us,
         * without CAP_SYS_PTRACE in the host's user namespace (cshim_exe_seal.h). */
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        struct cshim_child child = {plan, report[1], sync[0], -1, "/", plan->start_gate_fd, plan->console_socket_fd};
        if (plan->lock_stage != NULL) cshim_locked_first_child(&child);
        if (two_step) first_child(&child);
        cshim_final_child(&child);
    }
    int err = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(report[1]);
    close(sync[0]);
    if (pid < 0) {
        close(report[0]);
        close(sync[1]);
        return -err;
    }
    result->pid = (pid_t)pid;
    result->pidfd = pidfd;
    result->report_fd = report[0];
    result->sync_fd = sync[1];
    result->two_step = two_step;
    return 0;
}

int cshim_continue_child(int sync_fd) {
    char byte = 'c';
    ssize_t n;
    do {
        n = send(sync_fd, &byte, 1, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -1;
}
