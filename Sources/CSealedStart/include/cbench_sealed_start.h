#ifndef CBENCH_SEALED_START_H
#define CBENCH_SEALED_START_H
/* Nothing to call: linking this target adds a constructor that re-executes cbench from a sealed
 * handle of its executable before main (sealed_start.c). */
#endif
