<?xml version="1.0" encoding="UTF-8"?>
<!--
  The key facts of a board XML, one per line, for run-inspector to compare with
  expected/FIXTURE.facts: CPUs and APIC ids, RAM ranges, IOAPICs, caches with CAT,
  PCI functions with BARs, MSI/MSI-X/SR-IOV and bridges, and the text sections that
  carry facts (DRHD, MMCFG, sleep states, serial ports, free IRQs, CPU list).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/acrn-config">
    <xsl:value-of select="concat('board ', @board, $nl)"/>
    <xsl:apply-templates select="processors//thread"/>
    <xsl:apply-templates select="processors/model"/>
    <xsl:apply-templates select="memory/range"/>
    <xsl:apply-templates select="ioapics/ioapic"/>
    <xsl:apply-templates select="caches/cache"/>
    <xsl:apply-templates select="devices//bus[@type = 'pci'][vendor] | devices//device[vendor]"/>
    <xsl:for-each select="DRHD_INFO | MMCFG_BASE_INFO | S3_INFO | S5_INFO | TTYS_INFO |
                          AVAILABLE_IRQ_INFO | CPU_PROCESSOR_INFO | CLOS_INFO | TPM_INFO |
                          TOTAL_MEM_INFO | RESET_REGISTER_INFO | WAKE_VECTOR_INFO">
      <xsl:call-template name="lines">
        <xsl:with-param name="prefix" select="concat(local-name(), ': ')"/>
        <xsl:with-param name="text" select="."/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="thread">
    <xsl:value-of select="concat('cpu ', normalize-space(cpu_id), ' apic ', normalize-space(apic_id),
                          ' x2apic ', normalize-space(x2apic_id), ' die ', ancestor::die/@id)"/>
    <xsl:if test="ancestor::tile"><xsl:value-of select="concat(' tile ', ancestor::tile/@id)"/></xsl:if>
    <xsl:if test="ancestor::module"><xsl:value-of select="concat(' module ', ancestor::module/@id)"/></xsl:if>
    <xsl:value-of select="concat(' core ', ancestor::core/@id, ' fms ', family_id, '/', model_id, '/',
                          stepping_id, ' type ', core_type, $nl)"/>
  </xsl:template>

  <xsl:template match="model">
    <xsl:value-of select="concat('model ', family_id, '/', model_id, ' type ', core_type,
                          ' native ', native_model_id, ' vmx ', count(capability[@id = 'vmx']),
                          ' ept ', count(capability[@id = 'ept']), $nl)"/>
  </xsl:template>

  <xsl:template match="range">
    <xsl:value-of select="concat('ram ', @start, ' ', @end, ' ', @size, $nl)"/>
  </xsl:template>

  <xsl:template match="ioapic">
    <xsl:value-of select="concat('ioapic ', @id, ' ', normalize-space(address), ' base ',
                          normalize-space(gsi_base), ' pins ', normalize-space(gsi_number), $nl)"/>
  </xsl:template>

  <xsl:template match="cache">
    <xsl:value-of select="concat('cache L', @level, ' type ', @type, ' id ', @id, ' size ',
                          cache_size, ' ways ', ways, ' cpus')"/>
    <xsl:for-each select="processors/processor"><xsl:value-of select="concat(' ', .)"/></xsl:for-each>
    <xsl:for-each select="capability[@id = 'CAT']">
      <xsl:value-of select="concat(' cat ', capacity_mask_length, '/', clos_number)"/>
    </xsl:for-each>
    <xsl:if test="capability[@id = 'CDP']"><xsl:text> cdp</xsl:text></xsl:if>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- A function: its bus (the nearest PCI bus) and address as the XML writes them. -->
  <xsl:template match="bus | device">
    <xsl:variable name="bus">
      <xsl:choose>
        <xsl:when test="self::bus"><xsl:value-of select="@address"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="ancestor::bus[@type = 'pci'][1]/@address"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="addr">
      <xsl:choose>
        <xsl:when test="self::bus">0x0</xsl:when>
        <xsl:otherwise><xsl:value-of select="@address"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="concat('pci ', $bus, ' ', $addr, ' ', vendor, ':', identifier, ' class ', class)"/>
    <xsl:if test="physfn"><xsl:value-of select="concat(' vf-of ', physfn/@bus, ' ', physfn/@address)"/></xsl:if>
    <xsl:if test="bus[@type = 'pci']"><xsl:value-of select="concat(' bridge-to ', bus/@address)"/></xsl:if>
    <xsl:value-of select="$nl"/>
    <xsl:for-each select="resource[@id]">
      <xsl:value-of select="concat('  ', @id, ' ', @type, ' ', @min, ' len ', @len)"/>
      <xsl:if test="@width"><xsl:value-of select="concat(' ', @width, '-bit pf ', @prefetchable)"/></xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:for-each select="resource[not(@id)][@type != 'interrupt_pin']">
      <xsl:value-of select="concat('  window ', @type, ' ', @min, ' len ', @len, $nl)"/>
    </xsl:for-each>
    <xsl:for-each select="resource[@type = 'interrupt_pin']">
      <xsl:value-of select="concat('  pin ', @pin, ' gsi ', @source)"/>
      <xsl:if test="not(@source)">-</xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:for-each select="capability[@id = 'MSI']">
      <xsl:value-of select="concat('  msi ', normalize-space(count), $nl)"/>
    </xsl:for-each>
    <xsl:for-each select="capability[@id = 'MSI-X']">
      <xsl:choose>
        <xsl:when test="table_size">
          <xsl:value-of select="concat('  msix ', normalize-space(table_size), ' bir ', table_bir,
                                ' ', table_offset, $nl)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('  msix (not decoded)', $nl)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:for-each select="capability[@id = 'SR-IOV']">
      <xsl:value-of select="concat('  sriov total ', total_vfs, ' first ', first_vf_bdf/bus, ':',
                            first_vf_bdf/device, '.', first_vf_bdf/function, ' stride ', vf_stride,
                            ' vf-device ', vf_device_id, $nl)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Each non-blank line of a text section, blanks collapsed. -->
  <xsl:template name="lines">
    <xsl:param name="prefix"/>
    <xsl:param name="text"/>
    <xsl:variable name="line" select="substring-before(concat($text, $nl), $nl)"/>
    <xsl:if test="normalize-space($line)">
      <xsl:value-of select="concat($prefix, normalize-space($line), $nl)"/>
    </xsl:if>
    <xsl:if test="contains($text, $nl)">
      <xsl:call-template name="lines">
        <xsl:with-param name="prefix" select="$prefix"/>
        <xsl:with-param name="text" select="substring-after($text, $nl)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
