<?xml version="1.0" encoding="utf-8"?>
<!-- expect: memory.region-boot-area  - the first hpa_region starts at 0x200000, where GRUB puts the hypervisor image and the modules -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[memory/hpa_region][1]/memory/hpa_region[1]/start_hpa/text()">0x200000</xsl:template>
</xsl:stylesheet>
