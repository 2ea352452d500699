<?xml version="1.0" encoding="utf-8"?>
<!-- expect: memory.region-hypervisor  - HV_RAM_START moves to 0x10000000, above the boot area, and the first hpa_region starts there -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[memory/hpa_region][1]/memory/hpa_region[1]/start_hpa/text()">0x10000000</xsl:template>
  <xsl:template match="hv/MEMORY[/acrn-config/vm/memory/hpa_region]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()[not(self::HV_RAM_START)]"/>
      <HV_RAM_START>0x10000000</HV_RAM_START>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
