<?xml version="1.0" encoding="UTF-8"?>
<!--
  config_gen.h: the configuration's sizes as constants, for what must be sized at compile time
  (per-pCPU and per-VM state arrays, page table pools), each equal to a count in the tables;
  and where the hypervisor lives, for its linker script, equal to acfg_hv.ram_start and ram_size.
  Part of tables.xsl (which includes common.xsl): its templates are in mode "config_gen.h".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="/" mode="config_gen.h">
    <xsl:call-template name="banner">
      <xsl:with-param name="what" select="'Counts of the tables, for what is sized at compile time.'"/>
    </xsl:call-template>
    <xsl:text>#ifndef ACFG_GEN_H&#10;#define ACFG_GEN_H&#10;&#10;</xsl:text>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'PCPU_COUNT'"/>
      <xsl:with-param name="v" select="count($r/board/pcpus/pcpu)"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'IOAPIC_COUNT'"/>
      <xsl:with-param name="v" select="count($r/board/ioapics/ioapic)"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'PCI_DEV_COUNT'"/>
      <xsl:with-param name="v" select="count($r/board/pci_devs/pci_dev)"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'VM_COUNT'"/>
      <xsl:with-param name="v" select="count($r/vm)"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'PRE_LAUNCHED_VM_COUNT'"/>
      <xsl:with-param name="v" select="count($r/vm[@load_order = 'PRE_LAUNCHED_VM'])"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'SERVICE_VM_COUNT'"/>
      <xsl:with-param name="v" select="count($r/vm[@load_order = 'SERVICE_VM'])"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'POST_LAUNCHED_VM_COUNT'"/>
      <xsl:with-param name="v" select="count($r/vm[@load_order = 'POST_LAUNCHED_VM'])"/>
    </xsl:call-template>
    <xsl:text>/* index of the Service VM in acfg_vms.vms; ACFG_NONE without one */&#10;</xsl:text>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'SERVICE_VM_INDEX'"/>
      <xsl:with-param name="v">
        <xsl:choose>
          <xsl:when test="$r/vm[@load_order = 'SERVICE_VM']">
            <xsl:value-of select="count($r/vm[@load_order = 'SERVICE_VM'][1]/preceding-sibling::vm)"/>
          </xsl:when>
          <xsl:otherwise>0xffffffffU</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:text>/* the most vCPUs, memory regions and passthrough devices any one VM has */&#10;</xsl:text>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'MAX_VCPUS_PER_VM'"/>
      <xsl:with-param name="v">
        <xsl:call-template name="max-count">
          <xsl:with-param name="path" select="'pcpus'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'MAX_REGIONS_PER_VM'"/>
      <xsl:with-param name="v">
        <xsl:call-template name="max-count">
          <xsl:with-param name="path" select="'regions'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'MAX_PTDEVS_PER_VM'"/>
      <xsl:with-param name="v">
        <xsl:call-template name="max-count">
          <xsl:with-param name="path" select="'ptdevs'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'IVSHMEM_REGION_COUNT'"/>
      <xsl:with-param name="v" select="count($r/ivshmem_regions/region)"/>
    </xsl:call-template>
    <xsl:text>/* where the hypervisor's image is linked (hypervisor/arch/x86/hv.ld.in): acfg_hv.ram_* */&#10;</xsl:text>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'HV_RAM_START'"/>
      <xsl:with-param name="v" select="$r/hv/hv_ram/start"/>
    </xsl:call-template>
    <xsl:call-template name="define">
      <xsl:with-param name="name" select="'HV_RAM_SIZE'"/>
      <xsl:with-param name="v" select="$r/hv/hv_ram/size"/>
    </xsl:call-template>
    <xsl:text>&#10;#endif&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="define">
    <xsl:param name="name"/>
    <xsl:param name="v"/>
    <xsl:value-of select="concat('#define ACFG_GEN_', $name, ' ', $v, $nl)"/>
  </xsl:template>

  <!-- the largest per-VM count (0 without VMs); regions as config_vms.c (acrn-cfgc/emit_vms.c) counts them -->
  <xsl:template name="max-count">
    <xsl:param name="path"/>
    <xsl:if test="not($r/vm)">0</xsl:if>
    <xsl:choose>
      <xsl:when test="$path = 'pcpus'">
        <xsl:for-each select="$r/vm">
          <xsl:sort select="count(pcpus/pcpu)" data-type="number" order="descending"/>
          <xsl:if test="position() = 1">
            <xsl:value-of select="count(pcpus/pcpu)"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$path = 'regions'">
        <xsl:for-each select="$r/vm">
          <xsl:sort select="count(memory/region) + count(ivshmem_devs/ivshmem[hpa and bar2])"
                    data-type="number" order="descending"/>
          <xsl:if test="position() = 1">
            <xsl:value-of select="count(memory/region) + count(ivshmem_devs/ivshmem[hpa and bar2])"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$r/vm">
          <xsl:sort select="count(pci_devs/pci_dev)" data-type="number" order="descending"/>
          <xsl:if test="position() = 1">
            <xsl:value-of select="count(pci_devs/pci_dev)"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
