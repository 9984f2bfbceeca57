/* Loads the seccomp program the parent already compiled: the last step before execve. */
#include "child.h"
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

void cshim_load_seccomp(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (!p->has_seccomp) return;
    struct sock_fprog program = {p->seccomp_length, (struct sock_filter *)p->seccomp_filter};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, p->seccomp_flags, &program) < 0)
        cshim_fail(c, CSHIM_STAGE_SECCOMP, errno, NULL,
                   p->no_new_privs ? NULL : "without no_new_privs this needs CAP_SYS_ADMIN");
}
