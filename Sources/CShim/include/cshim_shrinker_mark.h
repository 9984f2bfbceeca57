#ifndef CSHIM_SHRINKER_MARK_H
#define CSHIM_SHRINKER_MARK_H
/* Raising the kernel's shrinker high-water mark (mm/shrinker.c) before a density ramp, so
 * that every target's memory cgroups pay the same map size from their first container: each
 * superblock takes a memcg-aware shrinker id (the lowest free), a new id at or past
 * shrinker_nr_max grows every memory cgroup's map, and shrinker_nr_max never falls. */

/* What cshim_prime_superblocks did: superblocks alive at once, and the first failure. */
struct cshim_superblock_burst {
    int made;
    int error;          /* errno of the failure, 0 when all were made */
    const char *stage;  /* the call that failed ("fsopen", "fsconfig create", "setrlimit", "clone"), or NULL */
};

/* A child of its own (a private mount namespace, the caller's memory, no Swift) makes
 * `count` tmpfs superblocks at once with fsopen and FSCONFIG_CMD_CREATE, never mounted (so
 * fs.mount-max does not bound them; fs.nr_open bounds the descriptors that hold them), then
 * exits: its descriptors close and the kernel frees every superblock and its id. The child
 * is reaped before this returns. Returns 0, or -1 when the child could not be started. */
int cshim_prime_superblocks(int count, struct cshim_superblock_burst *burst);
#endif
