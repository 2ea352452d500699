<?xml version="1.0" encoding="utf-8"?>
<!-- expect: memory.region-overlap  - the second pre-launched VM also gets the first pre-launched VM's first hpa_region -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="taken"
    select="/acrn-config/vm[normalize-space(load_order) = 'PRE_LAUNCHED_VM'][1]/memory/hpa_region[1]"/>

  <!-- After the last hpa_region (or after size if there is none), as the schema orders them. -->
  <xsl:template match="vm[normalize-space(load_order) = 'PRE_LAUNCHED_VM'][2]/memory/hpa_region[last()]">
    <xsl:copy-of select="."/>
    <xsl:copy-of select="$taken"/>
  </xsl:template>
  <xsl:template match="vm[normalize-space(load_order) = 'PRE_LAUNCHED_VM'][2]/memory[not(hpa_region)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:copy-of select="$taken"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
