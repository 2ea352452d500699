/*
 * The ACPI tables acrn-cfgc compiled for each pre-launched VM (config_acpi.c), checked before
 * anything copies them into guest memory. They were generated from another source tree than
 * this hypervisor, so, like a guest image, they are input: every place and length is checked
 * against config_abi.h's layout first (ACFG_VACPI_RSDP, ACFG_VACPI_END).
 */
#ifndef HV_VACPI_H
#define HV_VACPI_H

#include "config_abi.h"
#include "types.h"

/*
 * 0 if the tables of one VM (pre_launched: whether it is) may be copied as they are: a
 * pre-launched VM has 1 to ACFG_VACPI_TABLES_MAX tables, the first the RSDP at ACFG_VACPI_RSDP,
 * each after the one before and ending at or below ACFG_VACPI_END, each as long as its own
 * length field says and with a right checksum (the FACS has none); any other VM has none.
 * Otherwise -1, and why (why_len bytes) says which table is wrong and how.
 */
int vacpi_check_vm(const struct acfg_acpi_vm *v, bool pre_launched, char *why, size_t why_len);

#endif
