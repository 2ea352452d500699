<?xml version="1.0" encoding="utf-8"?>
<!-- expect: schema-unique  - the second VM gets the first VM's id -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[2]/@id">
    <xsl:attribute name="id"><xsl:value-of select="/acrn-config/vm[1]/@id"/></xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
