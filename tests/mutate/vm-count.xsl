<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.count  - CAPACITIES/MAX_VM_NUM is lowered to 1 -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="hv/CAPACITIES/MAX_VM_NUM[/acrn-config/vm[2]]/text()">1</xsl:template>
</xsl:stylesheet>
