#ifndef CBENCH_OCI_SEALED_START_H
#define CBENCH_OCI_SEALED_START_H
/* Nothing to call: linking this target adds a constructor that re-executes cbench-oci from a
 * sealed handle of its executable before main, for the verbs that need it (sealed_start_oci.c). */
#endif
