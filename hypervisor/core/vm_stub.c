/*
 * Until acrn-cfgc's generated tables are linked in: the pCPUs of boards/bochs-pc.xml and the two
 * counter VMs of scenarios/bochs-pc/partitioned.xml (guest RAM at GPA 0, 16 MiB each).
 */
#include "pcpu.h"
#include "vm.h"

const uint32_t pcpu_hw_ids[] = {0, 1};
const unsigned pcpu_hw_count = ARRAY_SIZE(pcpu_hw_ids);

const struct vm_desc vm_descs[] = {
    {"VM0_COUNTER", 0, 0, 0x4000000, 16 * MIB, "guest0", 0x100000},
    {"VM1_COUNTER", 1, 0, 0x5000000, 16 * MIB, "guest1", 0x100000},
};
const unsigned vm_desc_count = ARRAY_SIZE(vm_descs);
