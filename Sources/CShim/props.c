/* System properties of the container: host and domain name, sysctls, rlimits, umask. */
#include "child.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void cshim_set_properties(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (p->hostname && sethostname(p->hostname, cshim_strlen(p->hostname)) != 0)
        cshim_fail(c, CSHIM_STAGE_HOSTNAME, errno, p->hostname, NULL);
    if (p->domainname && setdomainname(p->domainname, cshim_strlen(p->domainname)) != 0)
        cshim_fail(c, CSHIM_STAGE_DOMAINNAME, errno, p->domainname, NULL);
}

void cshim_set_sysctls(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    for (size_t i = 0; i < p->sysctl_count; i++) {
        const struct cshim_sysctl *s = &p->sysctls[i];
        int fd = open(s->path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) cshim_fail(c, CSHIM_STAGE_SYSCTL, errno, s->path, NULL);
        size_t len = cshim_strlen(s->value);
        ssize_t n = write(fd, s->value, len);
        if (n != (ssize_t)len) cshim_fail(c, CSHIM_STAGE_SYSCTL, n < 0 ? errno : EIO, s->path, NULL);
        close(fd);
    }
}

void cshim_set_rlimits(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    for (size_t i = 0; i < p->rlimit_count; i++) {
        const struct cshim_rlimit *r = &p->rlimits[i];
        struct rlimit value = {(rlim_t)r->soft, (rlim_t)r->hard};
        if (setrlimit((__rlimit_resource_t)r->resource, &value) != 0) {
            int err = errno;
            struct rlimit current;
            const char *reason = NULL;
            if (err == EPERM && getrlimit((__rlimit_resource_t)r->resource, &current) == 0 &&
                value.rlim_max > current.rlim_max)
                reason = "cannot raise the hard limit (needs CAP_SYS_RESOURCE)";
            cshim_fail(c, CSHIM_STAGE_RLIMIT, err, r->name, reason);
        }
    }
    if (p->umask_value >= 0) umask((mode_t)p->umask_value);
}

/* The working directory must resolve inside the root: magic links (/proc/self/fd/N) are
 * refused by the resolver, and getcwd must then name a path reachable from our root. */
void cshim_enter_cwd(struct cshim_child *c) {
    const char *cwd = c->plan->cwd ? c->plan->cwd : "/";
    int fd = cshim_resolve_in_root(c, cwd, 1, CSHIM_STAGE_CHDIR);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode))
        cshim_fail(c, CSHIM_STAGE_CHDIR, ENOTDIR, cwd, NULL);
    if (fchdir(fd) != 0) cshim_fail(c, CSHIM_STAGE_CHDIR, errno, cwd, NULL);
    close(fd);
    char buf[PATH_MAX];
    long n = syscall(SYS_getcwd, buf, sizeof buf);
    if (n < 0 || buf[0] != '/')
        cshim_fail(c, CSHIM_STAGE_CHDIR, EXDEV, cwd, "resolves outside the container root");
}
