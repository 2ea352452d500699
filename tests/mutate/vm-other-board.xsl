<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.board  - the scenario says it is written for board 'other-board' -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="/acrn-config">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="board">other-board</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
