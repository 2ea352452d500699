<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vuart.same-vm  - the first vUART connection's second endpoint names the VM of its first endpoint -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vuart_connection[1]/endpoint[2]/vm_name/text()">
    <xsl:value-of select="normalize-space(../../../endpoint[1]/vm_name)"/>
  </xsl:template>
</xsl:stylesheet>
