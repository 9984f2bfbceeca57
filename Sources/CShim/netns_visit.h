/* A calling thread's visit to another network namespace: enter, act, come back (the namespace is
 * per thread, so the visit must not outlive the C call). Private to CShim. */
#ifndef CSHIM_NETNS_VISIT_H
#define CSHIM_NETNS_VISIT_H

/* The calling thread's own network namespace, opened, or -errno. */
int cshim_netns_open_current(void);

/* Enters `netns_fd`; returns the descriptor of the namespace to come back to, or -errno
 * (nothing changed then). */
int cshim_netns_visit_begin(int netns_fd);

/* Enters a new, empty network namespace; returns the descriptor of the namespace to come back
 * to, or -errno (nothing changed then). */
int cshim_netns_visit_new(void);

/* Comes back to `home` and closes it. A thread that cannot come back would run later work in
 * the other namespace, so this aborts rather than go on (it cannot fail for root holding the fd). */
void cshim_netns_visit_end(int home);

#endif
