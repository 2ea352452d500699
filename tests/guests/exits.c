/*
 * The exit-cost measurement's guest (tests/bench/exit-cost): the boot benchmark's guest (bench.c)
 * with counts small enough to boot in seconds. Under Bochs the TSC counts emulated instructions,
 * so the counts it prints are exact whatever the machine's load.
 */
#define LOOPS  1000000U /* two instructions each */
#define CPUIDS 20000U
#include "bench.c"
