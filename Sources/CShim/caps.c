/* Identity and privileges: bounding set, user and groups, capability sets, no_new_privs. */
#include "child.h"
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

void cshim_drop_bounding(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (!p->has_capabilities) return;
    for (int cap = 0; cap <= p->cap_last && cap < 64; cap++) {
        if (p->cap_bounding & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
            cshim_fail(c, CSHIM_STAGE_BOUNDING, errno, NULL, NULL);
    }
}

/* Raw syscalls: glibc's set*id wrappers broadcast to the parent's other threads (setxid),
 * which do not exist in this copy and whose locks may be held. */
void cshim_switch_user(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (p->has_capabilities && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0)
        cshim_fail(c, CSHIM_STAGE_SETUID, errno, NULL, "PR_SET_KEEPCAPS");
    if (p->set_groups && syscall(SYS_setgroups, p->group_count, p->groups) != 0)
        cshim_fail(c, CSHIM_STAGE_SETGROUPS, errno, NULL, NULL);
    if (syscall(SYS_setresgid, p->gid, p->gid, p->gid) != 0)
        cshim_fail(c, CSHIM_STAGE_SETGID, errno, NULL, NULL);
    if (syscall(SYS_setresuid, p->uid, p->uid, p->uid) != 0)
        cshim_fail(c, CSHIM_STAGE_SETUID, errno, NULL, NULL);
    if (p->has_capabilities && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0)
        cshim_fail(c, CSHIM_STAGE_SETUID, errno, NULL, "PR_SET_KEEPCAPS");
}

void cshim_apply_capabilities(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    if (!p->has_capabilities) return;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    for (int i = 0; i < 2; i++) {
        data[i].effective = (uint32_t)(p->cap_effective >> (32 * i));
        data[i].permitted = (uint32_t)(p->cap_permitted >> (32 * i));
        data[i].inheritable = (uint32_t)(p->cap_inheritable >> (32 * i));
    }
    if (syscall(SYS_capset, &header, data) != 0) cshim_fail(c, CSHIM_STAGE_CAPSET, errno, NULL, NULL);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        cshim_fail(c, CSHIM_STAGE_AMBIENT, errno, NULL, "clear");
    for (int cap = 0; cap <= p->cap_last && cap < 64; cap++) {
        if (!(p->cap_ambient & (1ULL << cap))) continue;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0)
            cshim_fail(c, CSHIM_STAGE_AMBIENT, errno, NULL, "raise (needs it permitted and inheritable)");
    }
}

void cshim_set_no_new_privs(struct cshim_child *c) {
    if (c->plan->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        cshim_fail(c, CSHIM_STAGE_NO_NEW_PRIVS, errno, NULL, NULL);
}
