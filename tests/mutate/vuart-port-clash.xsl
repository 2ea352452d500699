<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vuart.port-clash  - the first vUART connection is repeated under another name, so both its VMs get two vUARTs at one port -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vuart_connection[1]">
    <xsl:copy-of select="."/>
    <vuart_connection>
      <name>mutation copy</name>
      <xsl:copy-of select="*[not(self::name)]"/>
    </vuart_connection>
  </xsl:template>
</xsl:stylesheet>
