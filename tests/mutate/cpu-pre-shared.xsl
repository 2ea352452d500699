<?xml version="1.0" encoding="utf-8"?>
<!-- expect: cpu.pre-launched-shared  - the second pre-launched VM also gets the first pre-launched VM's first pCPU -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[normalize-space(load_order) = 'PRE_LAUNCHED_VM'][2]/cpu_affinity">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:copy-of select="/acrn-config/vm[normalize-space(load_order) = 'PRE_LAUNCHED_VM'][1]/cpu_affinity/pcpu[1]"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
