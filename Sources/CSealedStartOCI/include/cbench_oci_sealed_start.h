#ifndef CBENCH_OCI_SEALED_START_H
#define CBENCH_OCI_SEALED_START_H
/* Nothing to call: linking this target adds a constructor that re-executes cbench-oci from a
 * sealed handle of its executable before main, for every verb but `run` (sealed_start_oci.c). */
#endif
