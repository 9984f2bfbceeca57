#include <sys/prctl.h>
/* Thin wrappers for syscalls that Glibc does not export to Swift (or not at all). */
#include "cshim.h"
#include <errno.h>
#include <linux/openat2.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

int cshim_pidfd_open(pid_t pid, unsigned int flags) {
    return (int)syscall(SYS_pidfd_open, pid, flags);
}

int cshim_pidfd_send_signal(int pidfd, int sig, unsigned int flags) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, flags);
}

static int waitid_common(idtype_t type, id_t id, int options, int *code, int *status, pid_t *pid) {
    siginfo_t info;
    info.si_pid = 0;
    info.si_code = 0;
    info.si_status = 0;
    if (waitid(type, id, &info, options) != 0) return -1;
    if (code) *code = info.si_code;
    if (status) *status = info.si_status;
    if (pid) *pid = info.si_pid;
    return 0;
}

int cshim_waitid_pidfd(int pidfd, int options, int *code, int *status, pid_t *pid) {
    return waitid_common((idtype_t)P_PIDFD, (id_t)pidfd, options, code, status, pid);
}

int cshim_waitid_pid(pid_t pid, int options, int *code, int *status) {
    return waitid_common(P_PID, (id_t)pid, options, code, status, NULL);
}

int cshim_setns(int fd, int nstype) { return (int)syscall(SYS_setns, fd, nstype); }

int cshim_unshare(int flags) { return (int)syscall(SYS_unshare, flags); }

int cshim_ptrace_seize(pid_t pid) { return (int)ptrace(PTRACE_SEIZE, pid, NULL, NULL); }

int cshim_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int cshim_close_range(unsigned int first, unsigned int last, unsigned int flags) {
    return (int)syscall(SYS_close_range, first, last, flags);
}

int cshim_mount_setattr(int dirfd, const char *path, unsigned int flags,
                        uint64_t attr_set, uint64_t attr_clr, uint64_t propagation) {
    struct {
        uint64_t attr_set, attr_clr, propagation, userns_fd;
    } attr = {attr_set, attr_clr, propagation, 0};
    return (int)syscall(SYS_mount_setattr, dirfd, path, flags, &attr, sizeof attr);
}

long cshim_clone3(void *args, size_t size) { return syscall(SYS_clone3, args, size); }

int cshim_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how how = {.flags = flags, .mode = mode, .resolve = resolve};
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

int cshim_set_child_subreaper(int on) {
    return prctl(PR_SET_CHILD_SUBREAPER, on, 0, 0, 0);
}

long cshim_lgetxattr(const char *path, const char *name, void *value, size_t size) {
    return (long)lgetxattr(path, name, value, size);
}

int cshim_set_affinity(pid_t thread, const unsigned char *mask, unsigned long bytes) {
    return (int)syscall(SYS_sched_setaffinity, thread, bytes, mask);
}
