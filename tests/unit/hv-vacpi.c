/*
 * The hypervisor's check of the ACPI tables (hypervisor/core/vacpi.c), compiled for the host so
 * that test-acpi.c can hand it broken tables. Included rather than listed as a source: automake
 * would put its object in the build's hypervisor/ directory, which the hypervisor's own build owns.
 */
#include "../../hypervisor/core/vacpi.c"
