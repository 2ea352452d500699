<?xml version="1.0" encoding="UTF-8"?>
<!--
  What tests/emit/roundtrip prints from the emitted tables, derived from the resolved document
  directly: xsltproc expect.xsl resolved.xml. Written from the ABI's meaning, not from the
  emitters, so a slip in either shows as a difference. Hex values are the document's own
  (lowercase, no leading zeros), as roundtrip prints them; '-' is absent.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="r" select="/acrn-resolved"/>

  <xsl:template name="opt">
    <xsl:param name="v"/>
    <xsl:param name="none" select="'-'"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="string($v) != ''"><xsl:value-of select="$v"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$none"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/">
    <xsl:apply-templates select="$r/board"/>
    <xsl:apply-templates select="$r/hv"/>
    <xsl:for-each select="$r/ivshmem_regions/region">
      <xsl:value-of select="concat('ivshmem ', @name, ' ', @size)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="hpa"/></xsl:call-template>
      <xsl:value-of select="concat(' ', substring('hvdm', 1 + 2 * number(@provided_by != 'Hypervisor'), 2), $nl)"/>
    </xsl:for-each>
    <xsl:value-of select="concat('vms ', count($r/vm), $nl)"/>
    <xsl:apply-templates select="$r/vm"/>
    <xsl:value-of select="concat('dm vms ', count($r/vm[@load_order = 'POST_LAUNCHED_VM']), $nl)"/>
    <xsl:apply-templates select="$r/vm[@load_order = 'POST_LAUNCHED_VM']" mode="dm"/>
  </xsl:template>

  <!-- ==== board ==== -->

  <xsl:template match="board">
    <xsl:value-of select="concat('board ', $r/@board, $nl)"/>
    <xsl:for-each select="pcpus/pcpu">
      <xsl:value-of select="concat('pcpu ', @id, ' ', @apic_id, $nl)"/>
    </xsl:for-each>
    <xsl:for-each select="ram/range">
      <xsl:value-of select="concat('ram ', @start, ' ', @size, $nl)"/>
    </xsl:for-each>
    <xsl:for-each select="reserved/range">
      <xsl:value-of select="concat('reserved ', @start, ' ', @size, $nl)"/>
    </xsl:for-each>
    <xsl:for-each select="ioapics/ioapic">
      <xsl:value-of select="concat('ioapic ', @id, ' ', @address, ' ', @gsi_base, ' ', @gsi_count, $nl)"/>
    </xsl:for-each>
    <xsl:apply-templates select="pci_devs/pci_dev"/>
    <xsl:choose>
      <xsl:when test="serial_console">
        <xsl:value-of select="concat('console ', serial_console/@type, ' ', serial_console/@base)"/>
        <xsl:call-template name="opt"><xsl:with-param name="v" select="serial_console/@irq"/></xsl:call-template>
        <xsl:value-of select="$nl"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>console none&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="cat">
        <xsl:value-of select="concat('cat ', cat/@level, ' ', cat/@cbm_length, ' ', cat/@clos_count, ' ', cat/@cdp, $nl)"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>cat none&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="poweroff">
        <xsl:value-of select="concat('poweroff ', poweroff/@space, ' ', poweroff/@pm1a_cnt, ' ', poweroff/@slp_typ, $nl)"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>poweroff none&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="board/pci_devs/pci_dev">
    <xsl:value-of select="concat('pci ', @bdf, ' ', @vendor, ' ', @device, ' ', @class)"/>
    <xsl:call-template name="opt">
      <xsl:with-param name="v" select="@pin"/>
      <xsl:with-param name="none" select="'none'"/>
    </xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="@gsi"/></xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="@bridge"/></xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:for-each select="bar[not(@index = preceding-sibling::bar/@index)]">
      <xsl:sort select="@index" data-type="number"/>
      <xsl:value-of select="concat('bar ', @index, ' ', @type, ' ', @base, ' ', @size)"/>
      <xsl:call-template name="opt">
        <xsl:with-param name="v" select="@prefetchable"/>
        <xsl:with-param name="none" select="'n'"/>
      </xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <!-- ==== hypervisor ==== -->

  <!-- in the bit order of config_abi.h's ACFG_HV_* -->
  <xsl:variable name="switches" select="'RELOC MULTIBOOT2 SPLIT_LOCK_DETECTION UC_LOCK_DETECTION SECURITY_VM_FIXUP KEEP_IRQ_DISABLED HYPERV IOMMU_ENFORCE_SNP ACPI_PARSE L1D_VMENTRY MCE_ON_PSC RDT CDP VCAT SSRAM '"/>

  <xsl:template name="switches">
    <xsl:param name="list"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="name" select="substring-before($list, ' ')"/>
      <xsl:if test="$r/hv/features/feature[@name = $name or @name = concat($name, '_ENABLED')] = 'y'">
        <xsl:value-of select="concat(' ', $name)"/>
      </xsl:if>
      <xsl:call-template name="switches">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="hv">
    <xsl:value-of select="concat('hv ram ', hv_ram/start, ' ', hv_ram/size, ' stack')"/>
    <xsl:call-template name="opt">
      <xsl:with-param name="v" select="stack_size"/>
      <xsl:with-param name="none" select="'0x0'"/>
    </xsl:call-template>
    <xsl:value-of select="concat('&#10;hv boot_area ', boot_area/@start, ' ', boot_area/@size)"/>
    <xsl:text>&#10;hv features</xsl:text>
    <xsl:if test="build_type = 'debug'"> DEBUG_BUILD</xsl:if>
    <xsl:call-template name="switches">
      <xsl:with-param name="list" select="$switches"/>
    </xsl:call-template>
    <xsl:text>&#10;hv scheduler</xsl:text>
    <xsl:call-template name="opt">
      <xsl:with-param name="v" select="scheduler"/>
      <xsl:with-param name="none" select="'SCHED_BVT'"/>
    </xsl:call-template>
    <xsl:text>&#10;hv loglevel</xsl:text>
    <xsl:for-each select="debug">
      <xsl:call-template name="opt"><xsl:with-param name="v" select="console_loglevel"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="mem_loglevel"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="npk_loglevel"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
    </xsl:for-each>
    <xsl:text>&#10;hv gpu_sbdf</xsl:text>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="gpu_sbdf"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="rdt/cache">
        <xsl:value-of select="concat($nl, 'hv clos_cache ', rdt/cache/@level, ' ', rdt/cache/@ways, ' ',
                              rdt/cache/@clos_count, ' ', rdt/@cdp, $nl)"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>&#10;hv clos_cache none&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:text>hv capacities</xsl:text>
    <xsl:for-each select="capacities">
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_vm_num"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_ioapic_num"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_pci_dev_num"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_ioapic_lines"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_pt_irq_entries"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_msix_table_num"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="max_emulated_mmio"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
    </xsl:for-each>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- ==== VMs ==== -->

  <xsl:template name="vuart">
    <xsl:param name="u"/>
    <xsl:value-of select="concat(' ', $u/@type)"/>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="$u/io_port"/></xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="$u/irq"/></xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="$u/vbdf"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="connections">
    <xsl:param name="tag"/>
    <xsl:for-each select="vuart_connections/vuart_connection">
      <xsl:value-of select="$tag"/>
      <xsl:call-template name="vuart"><xsl:with-param name="u" select="."/></xsl:call-template>
      <xsl:text> -></xsl:text>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="@peer"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="@peer_connection"/></xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="flags">
    <xsl:param name="hv"/>
    <xsl:if test="flags/@lapic_passthrough = 'y'"> LAPIC_PASSTHROUGH</xsl:if>
    <xsl:if test="$hv and @load_order = 'SERVICE_VM'"> HYPERCALLS</xsl:if>
    <xsl:if test="@vm_type = 'RTVM'"> REAL_TIME</xsl:if>
    <xsl:if test="flags/@io_completion_polling = 'y'"> IO_COMPLETION_POLLING</xsl:if>
    <xsl:if test="flags/@nested_virtualization = 'y'"> NESTED_VIRT</xsl:if>
    <xsl:if test="flags/@virtual_cat = 'y'"> VCAT</xsl:if>
  </xsl:template>

  <xsl:template name="pcpus">
    <xsl:for-each select="pcpus/pcpu">
      <xsl:value-of select="concat(' ', @id)"/>
    </xsl:for-each>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="vm">
    <xsl:value-of select="concat('vm ', position() - 1, ' ', @id, ' ', @name, ' ', @load_order, ' ', @vm_type)"/>
    <xsl:call-template name="opt">
      <xsl:with-param name="v" select="flags/@priority"/>
      <xsl:with-param name="none" select="'PRIO_LOW'"/>
    </xsl:call-template>
    <xsl:call-template name="flags"><xsl:with-param name="hv" select="true()"/></xsl:call-template>
    <xsl:text>&#10;  pcpus</xsl:text>
    <xsl:call-template name="pcpus"/>
    <xsl:for-each select="memory/region">
      <xsl:value-of select="concat('  mem ', @gpa)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="@hpa"/></xsl:call-template>
      <xsl:value-of select="concat(' ', @size, ' ram')"/>
      <xsl:if test="not(@hpa)">+dm</xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:for-each select="ivshmem_devs/ivshmem[hpa and bar2]">
      <xsl:value-of select="concat('  mem ', bar2, ' ', hpa, ' ', @size, ' ivshmem', $nl)"/>
    </xsl:for-each>
    <xsl:text>  console</xsl:text>
    <xsl:call-template name="vuart"><xsl:with-param name="u" select="console_vuart"/></xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="connections"><xsl:with-param name="tag" select="'  vuart'"/></xsl:call-template>
    <xsl:for-each select="pci_devs/pci_dev">
      <xsl:value-of select="concat('  ptdev ', @pbdf)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="vbdf"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="intx/@pgsi"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="intx/@vgsi"/></xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:for-each select="ivshmem_devs/ivshmem">
      <xsl:value-of select="concat('  ivshmem ', @name)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="vbdf"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="bar0"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="bar2"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:choose>
      <xsl:when test="clos"><xsl:value-of select="concat('  clos ', clos/@id, ' ', clos/@mask, $nl)"/></xsl:when>
      <xsl:otherwise><xsl:text>  clos none&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:text>  kernel</xsl:text>
    <xsl:call-template name="opt">
      <xsl:with-param name="v" select="normalize-space(os_config/kern_type)"/>
      <xsl:with-param name="none" select="'none'"/>
    </xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="normalize-space(os_config/kern_mod)"/></xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="normalize-space(os_config/ramdisk_mod)"/></xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="os_config/kern_load_addr"/></xsl:call-template>
    <xsl:call-template name="opt"><xsl:with-param name="v" select="os_config/kern_entry_addr"/></xsl:call-template>
    <xsl:value-of select="concat($nl, '  bootargs &quot;', normalize-space(os_config/bootargs), '&quot;', $nl)"/>
  </xsl:template>

  <!-- ==== the device model's view of post-launched VMs ==== -->

  <xsl:template match="vm" mode="dm">
    <xsl:value-of select="concat('dm vm ', count(preceding-sibling::vm), ' ', @id, ' ', @name, ' ', @vm_type)"/>
    <xsl:call-template name="flags"><xsl:with-param name="hv" select="false()"/></xsl:call-template>
    <xsl:text>&#10;  dm pcpus</xsl:text>
    <xsl:call-template name="pcpus"/>
    <xsl:for-each select="memory/region">
      <xsl:value-of select="concat('  dm mem ', @gpa, ' ', @size, $nl)"/>
    </xsl:for-each>
    <xsl:text>  dm console</xsl:text>
    <xsl:call-template name="vuart"><xsl:with-param name="u" select="console_vuart"/></xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="connections"><xsl:with-param name="tag" select="'  dm vuart'"/></xsl:call-template>
    <xsl:for-each select="pci_devs/pci_dev">
      <xsl:value-of select="concat('  dm ptdev ', @pbdf)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="vbdf"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="intx/@pgsi"/></xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:for-each select="ivshmem_devs/ivshmem">
      <xsl:value-of select="concat('  dm ivshmem ', @name, ' ', @size)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="vbdf"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="bar0"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="bar2"/><xsl:with-param name="none" select="'0x0'"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="$r/ivshmem_regions/region[@name = current()/@name]/@provided_by = 'Hypervisor'"> hv</xsl:when>
        <xsl:otherwise> dm</xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:for-each select="virtio_devs/virtio">
      <xsl:value-of select="concat('  dm virtio ', @kind)"/>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="@value"/></xsl:call-template>
      <xsl:call-template name="opt"><xsl:with-param name="v" select="vbdf"/></xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
