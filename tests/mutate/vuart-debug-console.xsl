<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vuart.debug-console  - a debug build loses its serial console (SERIAL_CONSOLE None) -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="hv[not(normalize-space(BUILD_TYPE) = 'release')]/DEBUG_OPTIONS/SERIAL_CONSOLE">
    <SERIAL_CONSOLE>None</SERIAL_CONSOLE>
  </xsl:template>
</xsl:stylesheet>
