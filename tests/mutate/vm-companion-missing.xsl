<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.companion  - the first VM names as companion a VM id one above the highest id -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="missing">
    <xsl:for-each select="/acrn-config/vm/@id">
      <xsl:sort data-type="number" order="descending"/>
      <xsl:if test="position() = 1"><xsl:value-of select=". + 1"/></xsl:if>
    </xsl:for-each>
  </xsl:variable>

  <xsl:template match="vm[1]/companion_vmid/text()">
    <xsl:value-of select="$missing"/>
  </xsl:template>
  <xsl:template match="vm[1][not(companion_vmid)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <companion_vmid><xsl:value-of select="$missing"/></companion_vmid>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
