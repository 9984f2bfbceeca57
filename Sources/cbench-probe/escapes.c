/* The security-defaults attempts (`--escape NAME`): each tries to reach the host from
 * inside the container and says how far it got: "blocked" (the container defends),
 * "reached" (what it reached is in the detail), "permitted" (the kernel let the call through
 * but nothing of the host was in reach) or "untried" (the attempt could not be set up).
 * Nothing is left changed: a sysctl gets its own value back, core_pattern its old one at
 * once, nodes are removed, mounts are detached, a module image is never valid ELF. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mount.h>
#include <netinet/in.h>

#include "probe.h"

enum { ESCAPE_BLOCKED, ESCAPE_REACHED, ESCAPE_PERMITTED, ESCAPE_UNTRIED };
static const char *const outcome_names[] = {"blocked", "reached", "permitted", "untried"};

#define MAX_INHERITED 64

struct escape_context {
    struct scratch scratch;
    int host_known;
    dev_t host_dev; /* the host's root file system, from --host-root DEV:INO */
    ino_t host_ino;
    int inherited[MAX_INHERITED]; /* descriptors above 2 the probe was started with */
    int inherited_count;
};

struct escape_result {
    int outcome;
    int error;
    char detail[900];
};

static void say(struct escape_result *r, int outcome, int error, const char *format, ...) {
    r->outcome = outcome;
    r->error = error;
    va_list args;
    va_start(args, format);
    vsnprintf(r->detail, sizeof(r->detail), format, args);
    va_end(args);
}

/* Up to `limit` names of the directory `fd` (closed here), space-separated, into `out`. */
static void list_directory(int fd, char *out, size_t size, int limit) {
    out[0] = '\0';
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        close(fd);
        return;
    }
    struct dirent *entry;
    int count = 0;
    while ((entry = readdir(dir)) != NULL && count < limit) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", count > 0 ? " " : "", entry->d_name);
        count++;
    }
    closedir(dir);
}

/* The "shocker" escape: a handle naming the host root file system's root inode, opened
 * through any mount of that file system the container holds (its root, a bind mount). */
static void escape_open_by_handle(const struct escape_context *c, struct escape_result *r) {
    if (!c->host_known) {
        say(r, ESCAPE_UNTRIED, 0, "no --host-root DEV:INO given");
        return;
    }
    struct stat own_root;
    if (stat("/", &own_root) != 0) own_root.st_ino = 0;
    struct {
        struct file_handle head;
        uint32_t words[2]; /* FILEID_INO32_GEN: inode, generation */
    } handle;
    handle.head.handle_bytes = sizeof(handle.words);
    handle.head.handle_type = 1;
    handle.words[0] = (uint32_t)c->host_ino;
    handle.words[1] = 0;
    FILE *mounts = fopen("/proc/self/mountinfo", "re");
    char line[4096], point[1024], through[1100] = "/";
    int tried = 0, last_error = 0, own = 0;
    while (mounts != NULL && fgets(line, sizeof(line), mounts) != NULL) {
        if (sscanf(line, "%*d %*d %*s %*s %1023s", point) != 1) continue;
        int mount_fd = open(point, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (mount_fd < 0) continue;
        if (fstat(mount_fd, &st) != 0 || st.st_dev != c->host_dev) {
            close(mount_fd);
            continue;
        }
        tried++;
        snprintf(through, sizeof(through), "%s", point);
        int fd = (int)syscall(SYS_open_by_handle_at, mount_fd, &handle.head, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        last_error = fd < 0 ? errno : 0;
        close(mount_fd);
        if (fd < 0 && (last_error == EPERM || last_error == EACCES)) break;
        if (fd < 0) continue;
        struct stat reached;
        if (fstat(fd, &reached) == 0 && reached.st_dev == c->host_dev && reached.st_ino == c->host_ino &&
            !(own_root.st_dev == reached.st_dev && own_root.st_ino == reached.st_ino)) {
            char names[400];
            list_directory(fd, names, sizeof(names), 12);
            if (mounts != NULL) fclose(mounts);
            say(r, ESCAPE_REACHED, 0, "opened the host's root directory (dev %u:%u inode %lu) by handle through the mount at %s: %s",
                major(c->host_dev), minor(c->host_dev), (unsigned long)c->host_ino, point, names);
            return;
        }
        own = 1; /* the handle named this container's own root, no host directory */
        close(fd);
    }
    if (mounts != NULL) fclose(mounts);
    if (tried == 0) {
        /* No mount of the host's file system: the call on our own root still shows
         * whether the capability check lets it through. */
        int fd = (int)syscall(SYS_open_by_handle_at, AT_FDCWD, &handle.head, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        last_error = fd < 0 ? errno : 0;
        if (fd >= 0) close(fd);
    }
    if (last_error == EPERM || last_error == EACCES || last_error == ENOSYS) {
        say(r, ESCAPE_BLOCKED, last_error, "open_by_handle_at refused (through %s)", through);
    } else {
        say(r, ESCAPE_PERMITTED, last_error,
            "open_by_handle_at passed the permission check but reached nothing: %s (%d mount%s of the host's root file system %u:%u in reach)",
            own ? "the handle opened this container's own root" : probe_errno_name(last_error), tried, tried == 1 ? "" : "s", major(c->host_dev), minor(c->host_dev));
    }
}

/* A fresh proc or sysfs: mount(2) on a scratch directory, or a detached fsopen/fsmount
 * (nothing attached anywhere) when no directory is writable. Returns the path through
 * which the new mount is seen and fills `fd_or_dir` (detach with unmount_fresh). */
static int mount_fresh(const struct escape_context *c, const char *type, char *path, size_t size, int *error) {
    if (c->scratch.path[0] != '\0') {
        snprintf(path, size, "%s/%s", c->scratch.path, type);
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            *error = errno;
            return -1;
        }
        if (mount(type, path, type, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) == 0) return 0;
        *error = errno;
        rmdir(path);
        return -1;
    }
    int fs = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC);
    if (fs < 0) {
        *error = errno;
        return -1;
    }
    int mnt = -1;
    if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
        mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    *error = mnt < 0 ? errno : 0;
    close(fs);
    if (mnt < 0) return -1;
    snprintf(path, size, "/proc/self/fd/%d", mnt);
    return mnt;
}

static void unmount_fresh(int handle, const char *path) {
    if (handle > 0) {
        close(handle);
        return;
    }
    umount2(path, MNT_DETACH);
    rmdir(path);
}

static void escape_mount_proc_sysfs(const struct escape_context *c, struct escape_result *r) {
    char proc[4200], sys[4200], names[200] = "";
    int proc_error = 0, sys_error = 0;
    int proc_mount = mount_fresh(c, "proc", proc, sizeof(proc), &proc_error);
    int sysrq_open = 0;
    if (proc_mount >= 0) {
        char sysrq[4300];
        snprintf(sysrq, sizeof(sysrq), "%s/sysrq-trigger", proc);
        int fd = open(sysrq, O_WRONLY | O_CLOEXEC);
        sysrq_open = fd >= 0;
        if (fd >= 0) close(fd);
        unmount_fresh(proc_mount, proc);
    }
    int sys_mount = mount_fresh(c, "sysfs", sys, sizeof(sys), &sys_error);
    if (sys_mount >= 0) {
        char block[4300];
        snprintf(block, sizeof(block), "%s/block", sys);
        int fd = open(block, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) list_directory(fd, names, sizeof(names), 8);
        unmount_fresh(sys_mount, sys);
    }
    if (proc_mount < 0 && sys_mount < 0) {
        say(r, ESCAPE_BLOCKED, proc_error, "mount proc: %s; mount sysfs: %s", probe_errno_name(proc_error), probe_errno_name(sys_error));
        return;
    }
    char proc_text[200], sys_text[300];
    if (proc_mount >= 0) snprintf(proc_text, sizeof(proc_text), "mounted a fresh proc (unmasked; its sysrq-trigger %s for writing)", sysrq_open ? "opened" : "did not open");
    else snprintf(proc_text, sizeof(proc_text), "mount proc: %s", probe_errno_name(proc_error));
    if (sys_mount >= 0) snprintf(sys_text, sizeof(sys_text), "mounted a fresh sysfs (block devices: %s)", names[0] ? names : "none");
    else snprintf(sys_text, sizeof(sys_text), "mount sysfs: %s", probe_errno_name(sys_error));
    say(r, ESCAPE_REACHED, 0, "%s; %s", proc_text, sys_text);
}

/* Writes `text` to `path`; 0 or errno. */
static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    ssize_t n = write(fd, text, strlen(text));
    int error = n < 0 ? errno : 0;
    close(fd);
    return error;
}

/* A host-wide sysctl given its own value back, and sysrq's help key (it only logs). */
static void escape_write_proc_sys(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    static const char sysctl[] = "/proc/sys/kernel/printk_ratelimit";
    char *value = probe_read_line(sysctl);
    int sysctl_error = value == NULL ? errno : 0;
    if (value != NULL) {
        sysctl_error = write_text(sysctl, value);
        free(value);
    }
    int sysrq_error = write_text("/proc/sysrq-trigger", "h");
    if (sysctl_error != 0 && sysrq_error != 0) {
        say(r, ESCAPE_BLOCKED, sysctl_error, "write %s: %s; write /proc/sysrq-trigger: %s", sysctl, probe_errno_name(sysctl_error),
            probe_errno_name(sysrq_error));
        return;
    }
    say(r, ESCAPE_REACHED, 0, "write %s (host-wide; its own value written back): %s; write 'h' (help, logged) to /proc/sysrq-trigger: %s",
        sysctl, sysctl_error ? probe_errno_name(sysctl_error) : "written", sysrq_error ? probe_errno_name(sysrq_error) : "written");
}

/* core_pattern set to a plain file name, read back, and its old value written at once. */
static void escape_core_pattern(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    static const char path[] = "/proc/sys/kernel/core_pattern", probe_value[] = "cbench-probe-core";
    char *old = probe_read_line(path);
    if (old == NULL) {
        say(r, ESCAPE_UNTRIED, errno, "read %s: %s", path, probe_errno_name(errno));
        return;
    }
    int error = write_text(path, probe_value);
    if (error != 0) {
        say(r, ESCAPE_BLOCKED, error, "write %s: %s (it stays \"%s\")", path, probe_errno_name(error), old);
        free(old);
        return;
    }
    char *now = probe_read_line(path);
    int changed = now != NULL && strcmp(now, probe_value) == 0;
    int restore_error = write_text(path, old);
    char *after = probe_read_line(path);
    int restored = after != NULL && strcmp(after, old) == 0;
    say(r, changed ? ESCAPE_REACHED : ESCAPE_PERMITTED, 0, "the host's core_pattern \"%s\" became \"%s\"; restored by the probe: %s%s%s", old,
        now != NULL ? now : "?", restored ? "yes" : "NO", restore_error ? ", write: " : "", restore_error ? probe_errno_name(restore_error) : "");
    free(old);
    free(now);
    free(after);
}

/* A block node with the host root disk's numbers, read for its superblock, then removed. */
static void escape_mknod_block(const struct escape_context *c, struct escape_result *r) {
    if (!c->host_known) {
        say(r, ESCAPE_UNTRIED, 0, "no --host-root DEV:INO given");
        return;
    }
    if (c->scratch.path[0] == '\0') {
        say(r, ESCAPE_UNTRIED, c->scratch.error, "no writable directory for the node: %s", probe_errno_name(c->scratch.error));
        return;
    }
    char node[4200];
    snprintf(node, sizeof(node), "%s/disk", c->scratch.path);
    unsigned major_number = major(c->host_dev), minor_number = minor(c->host_dev);
    if (mknod(node, S_IFBLK | 0600, c->host_dev) != 0) {
        say(r, ESCAPE_BLOCKED, errno, "mknod of block device %u:%u (the host's root disk): %s", major_number, minor_number, probe_errno_name(errno));
        return;
    }
    int fd = open(node, O_RDONLY | O_CLOEXEC);
    int open_error = fd < 0 ? errno : 0;
    unsigned char block[2048];
    ssize_t got = fd >= 0 ? read(fd, block, sizeof(block)) : -1;
    int read_error = got < 0 ? errno : 0;
    if (fd >= 0) close(fd);
    unlink(node);
    if (fd < 0) {
        say(r, ESCAPE_BLOCKED, open_error, "mknod of block device %u:%u made the node; opening it: %s", major_number, minor_number, probe_errno_name(open_error));
        return;
    }
    if (got <= 0) {
        say(r, ESCAPE_PERMITTED, read_error, "opened block device %u:%u; reading it: %s", major_number, minor_number, read_error ? probe_errno_name(read_error) : "0 bytes");
        return;
    }
    int ext = got >= 1082 && block[1080] == 0x53 && block[1081] == 0xEF;
    say(r, ESCAPE_REACHED, 0, "made block device %u:%u (the host's root disk) and read %zd bytes of it%s", major_number, minor_number, got,
        ext ? " (an ext2/3/4 superblock)" : "");
}

/* 64 zero bytes are no ELF object: past the CAP_SYS_MODULE check the kernel refuses the
 * image (ENOEXEC), so nothing loads, yet a real module would have. */
static void escape_load_module(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    static const unsigned char image[64];
    long result = syscall(SYS_init_module, image, sizeof(image), "");
    int error = result == 0 ? 0 : errno;
    if (error == EPERM || error == EACCES || error == ENOSYS) {
        say(r, ESCAPE_BLOCKED, error, "init_module: %s", probe_errno_name(error));
    } else {
        say(r, ESCAPE_REACHED, error, "init_module passed the CAP_SYS_MODULE check (a 64-byte non-ELF image was refused with %s): a real module would load",
            probe_errno_name(error));
    }
}

static int same_file(const char *a, const char *b) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* A visible process outside the container: another root or another pid namespace. */
static void escape_ptrace_outside(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    DIR *proc = opendir("/proc");
    if (proc == NULL) {
        say(r, ESCAPE_UNTRIED, errno, "open /proc: %s", probe_errno_name(errno));
        return;
    }
    pid_t self = getpid();
    int seen = 0, outside = 0, last_error = 0;
    char last[64] = "";
    struct dirent *entry;
    while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        pid_t pid = (pid_t)atoi(entry->d_name);
        seen++;
        if (pid == self) continue;
        char root[64], ns[64];
        snprintf(root, sizeof(root), "/proc/%d/root", pid);
        snprintf(ns, sizeof(ns), "/proc/%d/ns/pid", pid);
        if (same_file(root, "/") && same_file(ns, "/proc/self/ns/pid")) continue;
        struct stat probe_root;
        if (stat(root, &probe_root) != 0 && errno == ENOENT) continue; /* gone, or a kernel thread */
        outside++;
        snprintf(last, sizeof(last), "%d", pid);
        if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0) {
            char comm_path[64];
            snprintf(comm_path, sizeof(comm_path), "/proc/%d/comm", pid);
            char *comm = probe_read_line(comm_path);
            closedir(proc);
            say(r, ESCAPE_REACHED, 0, "ptrace(PTRACE_SEIZE) of pid %d (%s), outside the container: attached", pid, comm != NULL ? comm : "?");
            free(comm);
            return; /* the trace ends with this child */
        }
        last_error = errno;
    }
    closedir(proc);
    if (outside == 0) {
        say(r, ESCAPE_BLOCKED, 0, "no process outside the container is visible (%d pids, all with this root and pid namespace)", seen);
    } else {
        say(r, ESCAPE_BLOCKED, last_error, "%d processes outside visible; ptrace(PTRACE_SEIZE) refused (last: pid %s, %s)", outside, last,
            probe_errno_name(last_error));
    }
}

/* Root's user keyring: keyrings are per user of a user namespace, so in the initial one it
 * is the host root's own. */
static void escape_keyring(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    long id = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -4 /* KEY_SPEC_USER_KEYRING */, 1);
    if (id < 0) {
        say(r, ESCAPE_BLOCKED, errno, "keyctl(KEYCTL_GET_KEYRING_ID, user keyring): %s", probe_errno_name(errno));
        return;
    }
    char description[200] = "";
    long n = syscall(SYS_keyctl, 6 /* KEYCTL_DESCRIBE */, id, description, sizeof(description) - 1);
    if (n < 0) snprintf(description, sizeof(description), "describe: %s", probe_errno_name(errno));
    char *map = probe_read_line("/proc/self/uid_map");
    unsigned inside = 1, outside_id = 1, count = 0;
    if (map != NULL) sscanf(map, "%u %u %u", &inside, &outside_id, &count);
    free(map);
    int initial = inside == 0 && outside_id == 0 && count == 4294967295U;
    if (initial && getuid() == 0) {
        say(r, ESCAPE_REACHED, 0, "keyring %ld (%s): root's user keyring in the initial user namespace, the host root's own", id, description);
    } else {
        say(r, ESCAPE_BLOCKED, 0, "keyctl permitted, but keyring %ld (%s) belongs to uid %u of %s, not to the host's root", id, description, getuid(),
            initial ? "the initial user namespace" : "the container's own user namespace");
    }
}

static void escape_raw_socket(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    int packet = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    int packet_error = packet < 0 ? errno : 0;
    int icmp = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    int icmp_error = icmp < 0 ? errno : 0;
    if (packet >= 0) close(packet);
    if (icmp >= 0) close(icmp);
    char netns[64] = "?";
    ssize_t n = readlink("/proc/self/ns/net", netns, sizeof(netns) - 1);
    if (n >= 0) netns[n] = '\0';
    if (packet < 0 && icmp < 0) {
        say(r, ESCAPE_BLOCKED, packet_error, "socket(AF_PACKET, SOCK_RAW): %s; socket(AF_INET, SOCK_RAW, ICMP): %s",
            probe_errno_name(packet_error), probe_errno_name(icmp_error));
        return;
    }
    say(r, ESCAPE_REACHED, 0, "socket(AF_PACKET, SOCK_RAW): %s; socket(AF_INET, SOCK_RAW, ICMP): %s (in network namespace %s)",
        packet < 0 ? probe_errno_name(packet_error) : "opened", icmp < 0 ? probe_errno_name(icmp_error) : "opened", netns);
}

static void escape_read_kcore(const struct escape_context *c, struct escape_result *r) {
    (void)c;
    int fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        say(r, ESCAPE_BLOCKED, errno, "open /proc/kcore: %s", probe_errno_name(errno));
        return;
    }
    unsigned char header[64];
    ssize_t got = read(fd, header, sizeof(header));
    int error = got < 0 ? errno : 0;
    close(fd);
    if (got >= 4 && memcmp(header, "\177ELF", 4) == 0) {
        say(r, ESCAPE_REACHED, 0, "read /proc/kcore: %zd bytes of the kernel's memory image (an ELF core header)", got);
    } else if (got < 0) {
        say(r, ESCAPE_BLOCKED, error, "opened /proc/kcore; reading it: %s", probe_errno_name(error));
    } else {
        say(r, ESCAPE_BLOCKED, 0, "opened /proc/kcore, read %zd bytes and no ELF header: masked", got);
    }
}

/* What each descriptor the probe was started with points at (after fds 0-2). */
static void describe_inherited(const struct escape_context *c, char *out, size_t size) {
    out[0] = '\0';
    for (int i = 0; i < c->inherited_count; i++) {
        char link[64], target[200];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", c->inherited[i]);
        ssize_t n = readlink(link, target, sizeof(target) - 1);
        if (n < 0) snprintf(target, sizeof(target), "?");
        else target[n] = '\0';
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%sfd %d -> %s", i > 0 ? ", " : "", c->inherited[i], target);
    }
}

static void escape_leaked_fds(const struct escape_context *c, struct escape_result *r) {
    if (c->inherited_count == 0) {
        say(r, ESCAPE_BLOCKED, 0, "only fds 0, 1 and 2 were open when the container's process started");
        return;
    }
    char list[700];
    describe_inherited(c, list, sizeof(list));
    say(r, ESCAPE_REACHED, 0, "%d descriptor%s beyond stdio open at start: %s", c->inherited_count, c->inherited_count == 1 ? "" : "s", list);
}

/* The working directory at start, then every inherited directory descriptor entered through
 * /proc/self/fd: getcwd names a place outside the root as "(unreachable)...". */
static void escape_cwd_proc_fd(const struct escape_context *c, struct escape_result *r) {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof(cwd)) == NULL) snprintf(cwd, sizeof(cwd), "(getcwd: %s)", probe_errno_name(errno));
    int directories = 0;
    for (int i = 0; i < c->inherited_count; i++) {
        char path[64], names[300];
        snprintf(path, sizeof(path), "/proc/self/fd/%d", c->inherited[i]);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        directories++;
        if (chdir(path) != 0) continue;
        char there[PATH_MAX];
        if (getcwd(there, sizeof(there)) == NULL || strncmp(there, "(unreachable)", 13) == 0) {
            list_directory(open("..", O_RDONLY | O_DIRECTORY | O_CLOEXEC), names, sizeof(names), 10);
            say(r, ESCAPE_REACHED, 0, "chdir(%s) put the cwd outside the container's root (%s); its parent holds: %s", path,
                strncmp(there, "(unreachable)", 13) == 0 ? there : "getcwd failed", names);
            return;
        }
    }
    if (strncmp(cwd, "(unreachable)", 13) == 0 || cwd[0] == '(') {
        say(r, ESCAPE_REACHED, 0, "the working directory at start is outside the container's root: %s", cwd);
        return;
    }
    say(r, ESCAPE_BLOCKED, 0, "cwd at start %s; %d inherited directory descriptor%s, none leads outside the root", cwd, directories,
        directories == 1 ? "" : "s");
}

typedef void (*escape_fn)(const struct escape_context *, struct escape_result *);

static const struct {
    const char *name;
    escape_fn run;
} escapes[] = {
    {"open_by_handle_at", escape_open_by_handle},
    {"mount_proc_sysfs", escape_mount_proc_sysfs},
    {"write_proc_sys", escape_write_proc_sys},
    {"core_pattern", escape_core_pattern},
    {"mknod_block", escape_mknod_block},
    {"load_module", escape_load_module},
    {"ptrace_outside", escape_ptrace_outside},
    {"keyring", escape_keyring},
    {"raw_socket", escape_raw_socket},
    {"read_kcore", escape_read_kcore},
    {"leaked_fds", escape_leaked_fds},
    {"cwd_proc_fd", escape_cwd_proc_fd},
};
#define ESCAPE_COUNT (sizeof(escapes) / sizeof(escapes[0]))

struct escape_call {
    escape_fn run;
    const struct escape_context *context;
};

static void call_escape(const void *argument, void *result) {
    const struct escape_call *call = argument;
    call->run(call->context, result);
}

/* Each attempt runs in a child (a seccomp kill costs one answer; a chdir or a trace ends
 * with it). Returns the child's fatal signal, or 0. */
static int run_escape(escape_fn run, const struct escape_context *c, struct escape_result *r) {
    struct escape_call call = {run, c};
    int signal_number = 0;
    if (probe_in_child(call_escape, &call, r, sizeof(*r), &signal_number) == 0) return 0;
    say(r, signal_number == SIGSYS ? ESCAPE_BLOCKED : ESCAPE_UNTRIED, 0, "the attempt's child died before reporting%s",
        signal_number == SIGSYS ? " (SIGSYS: killed by a seccomp filter)" : "");
    return signal_number;
}

static void note_inherited(struct escape_context *c) {
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL) return;
    int own = dirfd(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && c->inherited_count < MAX_INHERITED) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        int fd = atoi(entry->d_name);
        if (fd > 2 && fd != own) c->inherited[c->inherited_count++] = fd;
    }
    closedir(dir);
}

void check_escapes(struct json *j, const char *const *names, int count, const char *host_root) {
    if (count == 0) return;
    struct escape_context c;
    memset(&c, 0, sizeof(c));
    note_inherited(&c); /* first: before the probe opens anything of its own */
    unsigned long long dev = 0, ino = 0;
    if (host_root != NULL && sscanf(host_root, "%llu:%llu", &dev, &ino) == 2) {
        c.host_known = 1;
        c.host_dev = (dev_t)dev;
        c.host_ino = (ino_t)ino;
    }
    probe_make_scratch(&c.scratch);
    json_key(j, "escapes");
    json_object_begin(j);
    for (int i = 0; i < count; i++) {
        size_t k = 0;
        while (k < ESCAPE_COUNT && strcmp(escapes[k].name, names[i]) != 0) k++;
        struct escape_result r;
        int signal_number = 0;
        if (k == ESCAPE_COUNT) say(&r, ESCAPE_UNTRIED, 0, "no such attempt");
        else signal_number = run_escape(escapes[k].run, &c, &r);
        json_key(j, names[i]);
        json_object_begin(j);
        json_kv_string(j, "outcome", outcome_names[r.outcome]);
        json_kv_errno(j, "errno", r.error);
        if (signal_number != 0) {
            const char *abbrev = sigabbrev_np(signal_number);
            char name[32];
            snprintf(name, sizeof(name), "SIG%s", abbrev != NULL ? abbrev : "?");
            json_kv_string(j, "signal", name);
        }
        json_kv_string(j, "detail", r.detail);
        json_object_end(j);
    }
    json_object_end(j);
    if (c.scratch.path[0] != '\0') rmdir(c.scratch.path);
}
