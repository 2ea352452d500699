<?xml version="1.0" encoding="utf-8"?>
<!-- expect: rdt.vcat-without-rdt  - virtual CAT is switched on while RDT stays off -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="RDT[not(normalize-space(RDT_ENABLED) = 'y')]/VCAT_ENABLED">
    <VCAT_ENABLED>y</VCAT_ENABLED>
  </xsl:template>
</xsl:stylesheet>
