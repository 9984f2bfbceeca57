#ifndef CSHIM_SHRINKER_MARK_H
#define CSHIM_SHRINKER_MARK_H
/* Raising the kernel's shrinker high-water mark (mm/shrinker.c) before a density ramp, so
 * that every target's memory cgroups pay the same map size from their first container: each
 * superblock takes a memcg-aware shrinker id (the lowest free), a new id at or past
 * shrinker_nr_max grows every memory cgroup's map, and shrinker_nr_max never falls. */

/* What cshim_prime_superblocks did: superblocks alive at once, and the first failure. */
struct cshim_superblock_burst {
    int made;
    int children;
    int error;          /* errno of the first failure, 0 when all were made */
    const char *stage;  /* the call that failed ("fsopen", "fsconfig create", "clone", ...), or NULL */
};

/* Children of its own (each a private mount namespace, the caller's memory, no Swift) make
 * `count` tmpfs superblocks, at most `per_child` each (what RLIMIT_NOFILE lets one process
 * hold), with fsopen and FSCONFIG_CMD_CREATE, never mounted (fs.mount-max does not bound
 * them). Each holds its own until all have made theirs, so all are alive at once; then they
 * exit together, their descriptors close and the kernel frees every superblock and its id.
 * Every child is reaped before this returns. Returns 0, or -1 when no child could start. */
int cshim_prime_superblocks(int count, int per_child, struct cshim_superblock_burst *burst);
#endif
