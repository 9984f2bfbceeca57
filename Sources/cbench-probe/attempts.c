/* Forbidden operations a container should (usually) be denied. Every attempt
 * is chosen so that success is visible without any lasting effect, on the
 * host or in the container; see the one-line reason beside each. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/kexec.h>
#include <linux/mount.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>

#include "probe.h"

struct outcome {
    int ok;
    int error;        /* errno of the call, 0 on success */
    char detail[160]; /* why ok/error means what it means, when not obvious */
};

typedef void (*attempt_fn)(const struct scratch *, struct outcome *);

static void set_errno_outcome(struct outcome *o, int result) {
    o->ok = result == 0;
    o->error = result == 0 ? 0 : errno;
}

/* A plain tmpfs mounted on our own empty directory and unmounted at once.
 * Without a writable directory: a detached fsmount, never attached anywhere. */
static void attempt_mount_tmpfs(const struct scratch *s, struct outcome *o) {
    if (s->path[0] != '\0') {
        char target[4200];
        snprintf(target, sizeof(target), "%s/mnt", s->path);
        if (mkdir(target, 0700) != 0 && errno != EEXIST) {
            o->error = errno;
            snprintf(o->detail, sizeof(o->detail), "could not create the mount point");
            return;
        }
        set_errno_outcome(o, mount("cbench-probe", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=16k"));
        if (o->ok) umount2(target, MNT_DETACH);
        rmdir(target);
        return;
    }
    int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
    if (fs < 0) {
        set_errno_outcome(o, -1);
    } else {
        int result = (int)syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
        if (result == 0) {
            int mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
            set_errno_outcome(o, mnt < 0 ? -1 : 0);
            if (mnt >= 0) close(mnt);
        } else {
            set_errno_outcome(o, -1);
        }
        close(fs);
    }
    snprintf(o->detail, sizeof(o->detail), "no writable directory (%s): tried a detached fsopen/fsmount",
             probe_errno_name(s->error));
}

/* The node gets /dev/null's numbers, so even a leftover one grants nothing. */
static void attempt_mknod_char(const struct scratch *s, struct outcome *o) {
    if (s->path[0] == '\0') {
        o->error = s->error;
        snprintf(o->detail, sizeof(o->detail), "no writable directory for the node");
        return;
    }
    char node[4200];
    snprintf(node, sizeof(node), "%s/null", s->path);
    set_errno_outcome(o, mknod(node, S_IFCHR | 0600, makedev(1, 3)));
    if (o->ok) unlink(node);
}

/* Opening for write without writing changes nothing; the open is the check. */
static void attempt_open_write(const char *path, struct outcome *o) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    set_errno_outcome(o, fd < 0 ? -1 : 0);
    if (fd >= 0) close(fd);
}

static void attempt_core_pattern(const struct scratch *s, struct outcome *o) {
    (void)s;
    attempt_open_write("/proc/sys/kernel/core_pattern", o);
}

static void attempt_sysrq_trigger(const struct scratch *s, struct outcome *o) {
    (void)s;
    attempt_open_write("/proc/sysrq-trigger", o);
}

/* Opening /proc/kcore needs CAP_SYS_RAWIO; nothing is read. */
static void attempt_read_kcore(const struct scratch *s, struct outcome *o) {
    (void)s;
    int fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
    set_errno_outcome(o, fd < 0 ? -1 : 0);
    if (fd >= 0) close(fd);
}

/* Setting the hostname to its current value: permitted or not, nothing changes. */
static void attempt_sethostname(const struct scratch *s, struct outcome *o) {
    (void)s;
    struct utsname names;
    if (uname(&names) != 0) {
        set_errno_outcome(o, -1);
        return;
    }
    set_errno_outcome(o, sethostname(names.nodename, strlen(names.nodename)));
}

/* Protocol 0: the packet socket receives nothing and is closed unused. */
static void attempt_raw_socket(const struct scratch *s, struct outcome *o) {
    (void)s;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    set_errno_outcome(o, fd < 0 ? -1 : 0);
    if (fd >= 0) close(fd);
}

/* ping without CAP_NET_RAW: an ICMP datagram socket (allowed to the groups in
 * net.ipv4.ping_group_range), one echo request to 127.0.0.1 and its reply within a second.
 * ok: the reply came; EACCES from socket(): the caller's group is outside the range. */
static void attempt_ping_datagram(const struct scratch *s, struct outcome *o) {
    (void)s;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd < 0) {
        set_errno_outcome(o, -1);
        snprintf(o->detail, sizeof(o->detail), "socket(AF_INET, SOCK_DGRAM, ICMP)");
        return;
    }
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct icmphdr echo = {.type = ICMP_ECHO};
    echo.un.echo.sequence = htons(1);
    struct pollfd wait = {.fd = fd, .events = POLLIN};
    char reply[64];
    if (sendto(fd, &echo, sizeof(echo), 0, (struct sockaddr *)&to, sizeof(to)) != (ssize_t)sizeof(echo)) {
        set_errno_outcome(o, -1);
        snprintf(o->detail, sizeof(o->detail), "sendto 127.0.0.1");
    } else if (poll(&wait, 1, 1000) != 1) {
        o->ok = 0;
        o->error = ETIMEDOUT;
        snprintf(o->detail, sizeof(o->detail), "no echo reply from 127.0.0.1 within 1 s");
    } else {
        ssize_t n = recv(fd, reply, sizeof(reply), 0);
        const struct icmphdr *answer = (const struct icmphdr *)reply;
        o->ok = n >= (ssize_t)sizeof(*answer) && answer->type == ICMP_ECHOREPLY;
        o->error = n < 0 ? errno : 0;
        snprintf(o->detail, sizeof(o->detail), "%s from 127.0.0.1", o->ok ? "echo reply" : "no echo reply");
    }
    close(fd);
}

/* Calls built to fail: EPERM means denied; EINVAL means the kernel passed the
 * permission check and then refused the arguments, i.e. the operation is allowed. */
static void judge_invalid_call(struct outcome *o, long result, const char *what) {
    o->error = result == 0 ? 0 : errno;
    o->ok = result == 0 || o->error == EINVAL;
    if (o->error == ENOSYS) snprintf(o->detail, sizeof(o->detail), "the kernel lacks this system call");
    else snprintf(o->detail, sizeof(o->detail), "%s; EINVAL after the permission check means permitted", what);
}

/* kexec_load checks CAP_SYS_BOOT first, then rejects an unknown flag bit (0x8000)
 * and more than KEXEC_SEGMENT_MAX segments: two independent reasons that no
 * image is ever loaded, and a non-zero count so it is never an "unload" either. */
static void attempt_kexec_load(const struct scratch *s, struct outcome *o) {
    (void)s;
    long result = syscall(SYS_kexec_load, 0UL, (unsigned long)KEXEC_SEGMENT_MAX + 1, NULL, 0x8000UL);
    judge_invalid_call(o, result, "invalid flag and segment count");
}

/* reboot checks CAP_SYS_BOOT (in the pid namespace's user namespace) before the
 * magic numbers; magic1 = 0 and an unknown command mean it can never act. */
static void attempt_reboot(const struct scratch *s, struct outcome *o) {
    (void)s;
    long result = syscall(SYS_reboot, 0, 0, 0xC0FFEEU, NULL);
    judge_invalid_call(o, result, "wrong magic and unknown command");
}

/* open_by_handle_at checks CAP_DAC_READ_SEARCH, then refuses a handle of zero bytes: it can
 * never open anything. LXC's seccomp policy denies the call (the "shocker" escape). */
static void attempt_open_by_handle_at(const struct scratch *s, struct outcome *o) {
    (void)s;
    struct {
        unsigned int handle_bytes;
        int handle_type;
    } handle = {0, 0};
    long result = syscall(SYS_open_by_handle_at, AT_FDCWD, &handle, O_RDONLY | O_CLOEXEC);
    if (result >= 0) close((int)result);
    judge_invalid_call(o, result < 0 ? -1 : 0, "empty handle");
}

/* umount2 with MNT_FORCE on our scratch directory, which is no mount root: with the right
 * to unmount the kernel answers EINVAL, unmounting nothing. LXC's policy answers EACCES. */
static void attempt_umount_force(const struct scratch *s, struct outcome *o) {
    if (s->path[0] == '\0') {
        o->error = s->error;
        snprintf(o->detail, sizeof(o->detail), "no writable directory");
        return;
    }
    judge_invalid_call(o, umount2(s->path, MNT_FORCE), "not a mount root");
}

static const struct {
    const char *name;
    attempt_fn run;
} attempts[] = {
    {"mount_tmpfs", attempt_mount_tmpfs},
    {"mknod_char", attempt_mknod_char},
    {"write_core_pattern", attempt_core_pattern},
    {"write_sysrq_trigger", attempt_sysrq_trigger},
    {"read_kcore", attempt_read_kcore},
    {"sethostname", attempt_sethostname},
    {"raw_socket", attempt_raw_socket},
    {"ping_datagram", attempt_ping_datagram},
    {"kexec_load", attempt_kexec_load},
    {"reboot", attempt_reboot},
    {"open_by_handle_at", attempt_open_by_handle_at},
    {"umount_force", attempt_umount_force},
};

void probe_make_scratch(struct scratch *s) {
    static const char *const bases[] = {"/tmp", "/dev/shm", "/run", "/var/tmp", "/dev", "."};
    s->path[0] = '\0';
    s->error = 0;
    for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
        snprintf(s->path, sizeof(s->path), "%s/cbench-probe-XXXXXX", bases[i]);
        if (mkdtemp(s->path) != NULL) return;
        if (s->error == 0) s->error = errno;
        s->path[0] = '\0';
    }
}

/* Whatever a killed attempt left behind. */
static void remove_scratch(const struct scratch *s) {
    if (s->path[0] == '\0') return;
    char path[4200];
    snprintf(path, sizeof(path), "%s/mnt", s->path);
    umount2(path, MNT_DETACH);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/null", s->path);
    unlink(path);
    rmdir(s->path);
}

struct attempt_call {
    size_t index;
    const struct scratch *scratch;
};

static void call_attempt(const void *argument, void *result) {
    const struct attempt_call *call = argument;
    attempts[call->index].run(call->scratch, result);
}

/* Each attempt runs in a child, so a seccomp filter that kills (SIGSYS) costs
 * one answer instead of the whole report. */
static void run_attempt(size_t index, const struct scratch *s, struct outcome *o, int *signal_number) {
    struct attempt_call call = {index, s};
    if (probe_in_child(call_attempt, &call, o, sizeof(*o), signal_number) != 0)
        snprintf(o->detail, sizeof(o->detail), "the attempt's child died before reporting");
}

void section_attempts(struct json *j) {
    struct scratch s;
    probe_make_scratch(&s);
    json_key(j, "attempts");
    json_object_begin(j);
    for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
        struct outcome o;
        int signal_number;
        run_attempt(i, &s, &o, &signal_number);
        json_key(j, attempts[i].name);
        json_object_begin(j);
        json_kv_bool(j, "ok", o.ok);
        json_kv_errno(j, "errno", o.error);
        if (signal_number != 0) {
            char name[32];
            const char *abbrev = sigabbrev_np(signal_number);
            if (abbrev != NULL) snprintf(name, sizeof(name), "SIG%s", abbrev);
            else snprintf(name, sizeof(name), "signal %d", signal_number);
            json_kv_string(j, "signal", name);
        }
        if (o.detail[0] != '\0') json_kv_string(j, "detail", o.detail);
        json_object_end(j);
    }
    json_object_end(j);
    remove_scratch(&s);
}
