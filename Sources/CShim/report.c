/* The child's failure and progress records, written to the report pipe. */
#include "child.h"
#include <string.h>
#include <unistd.h>

static const char *const stage_names[CSHIM_STAGE_COUNT] = {
    [CSHIM_STAGE_NONE] = "launch",
    [CSHIM_STAGE_SYNC] = "sync with parent",
    [CSHIM_STAGE_CGROUP] = "cgroup join",
    [CSHIM_STAGE_SETNS] = "setns",
    [CSHIM_STAGE_UNSHARE] = "unshare",
    [CSHIM_STAGE_FORK] = "fork into pid namespace",
    [CSHIM_STAGE_FDS] = "arrange fds",
    [CSHIM_STAGE_SETSID] = "setsid",
    [CSHIM_STAGE_PROPAGATION] = "root propagation",
    [CSHIM_STAGE_ROOTFS] = "rootfs",
    [CSHIM_STAGE_MOUNT] = "mount",
    [CSHIM_STAGE_REMOUNT] = "remount",
    [CSHIM_STAGE_MKDIR] = "create mount target",
    [CSHIM_STAGE_RESOLVE] = "resolve",
    [CSHIM_STAGE_DEVICE] = "device",
    [CSHIM_STAGE_SYMLINK] = "symlink",
    [CSHIM_STAGE_PIVOT_ROOT] = "pivot_root",
    [CSHIM_STAGE_MASK] = "mask",
    [CSHIM_STAGE_READONLY] = "readonly path",
    [CSHIM_STAGE_CHDIR] = "chdir",
    [CSHIM_STAGE_HOSTNAME] = "sethostname",
    [CSHIM_STAGE_DOMAINNAME] = "setdomainname",
    [CSHIM_STAGE_SYSCTL] = "sysctl",
    [CSHIM_STAGE_RLIMIT] = "setrlimit",
    [CSHIM_STAGE_BOUNDING] = "drop bounding capability",
    [CSHIM_STAGE_SETGROUPS] = "setgroups",
    [CSHIM_STAGE_SETGID] = "setresgid",
    [CSHIM_STAGE_SETUID] = "setresuid",
    [CSHIM_STAGE_CAPSET] = "capset",
    [CSHIM_STAGE_AMBIENT] = "ambient capability",
    [CSHIM_STAGE_NO_NEW_PRIVS] = "no_new_privs",
    [CSHIM_STAGE_SECCOMP] = "seccomp",
    [CSHIM_STAGE_LOOPBACK] = "loopback up",
    [CSHIM_STAGE_START_GATE] = "start gate",
    [CSHIM_STAGE_CONSOLE] = "console",
    [CSHIM_STAGE_EXEC] = "exec",
};

const char *cshim_stage_name(uint32_t stage) {
    if (stage >= CSHIM_STAGE_COUNT || stage_names[stage] == NULL) return "launch";
    return stage_names[stage];
}

/* One write(2) of the whole record, retried on EINTR; 0 when it all went out. */
static int write_record(int fd, const struct cshim_record *record) {
    ssize_t rc;
    do {
        rc = write(fd, record, sizeof *record);
    } while (rc < 0 && errno == EINTR);
    return rc == (ssize_t)sizeof *record ? 0 : -1;
}

void cshim_fail(struct cshim_child *c, int stage, int err, const char *arg, const char *reason) {
    struct cshim_record record;
    memset(&record, 0, sizeof record);
    record.kind = CSHIM_RECORD_ERROR;
    record.stage = (uint32_t)stage;
    record.err = err;
    cshim_copy(record.arg, sizeof record.arg, arg);
    cshim_copy(record.reason, sizeof record.reason, reason);
    write_record(c->report_fd, &record);
    _exit(127);
}

int cshim_report(struct cshim_child *c, int kind, int value) {
    struct cshim_record record;
    memset(&record, 0, sizeof record);
    record.kind = (uint32_t)kind;
    record.value = value;
    return write_record(c->report_fd, &record);
}
