<?xml version="1.0" encoding="utf-8"?>
<!-- expect: rdt.board-support  - RDT is enabled on a board none of whose caches has the CAT capability (no change on boards with CAT) -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:param name="board"/>
  <xsl:variable name="cat" select="document($board)/acrn-config/caches/cache/capability[@id = 'CAT']"/>

  <xsl:template match="/">
    <xsl:if test="$board = ''">
      <xsl:message terminate="yes">rdt-no-cat.xsl needs the board file: --stringparam board FILE</xsl:message>
    </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="hv/FEATURES/RDT/RDT_ENABLED/text()">
    <xsl:choose>
      <xsl:when test="$cat"><xsl:value-of select="."/></xsl:when>
      <xsl:otherwise>y</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
