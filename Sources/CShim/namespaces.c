/* Joining existing namespaces (setns), in the order the plan gives: user first. */
#include "child.h"

void cshim_join_namespaces(struct cshim_child *c) {
    const struct cshim_plan *p = c->plan;
    for (size_t i = 0; i < p->join_count; i++) {
        if (cshim_setns(p->joins[i].fd, p->joins[i].nstype) != 0)
            cshim_fail(c, CSHIM_STAGE_SETNS, errno, p->joins[i].path, NULL);
    }
}
