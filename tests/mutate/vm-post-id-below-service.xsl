<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.post-launched-id  - the Service VM and the first post-launched VM swap ids -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="svc" select="/acrn-config/vm[normalize-space(load_order) = 'SERVICE_VM'][1]"/>
  <xsl:variable name="post" select="/acrn-config/vm[normalize-space(load_order) = 'POST_LAUNCHED_VM'][1]"/>

  <xsl:template match="vm/@id">
    <xsl:attribute name="id">
      <xsl:choose>
        <xsl:when test="$svc and $post and count(.. | $svc) = 1"><xsl:value-of select="$post/@id"/></xsl:when>
        <xsl:when test="$svc and $post and count(.. | $post) = 1"><xsl:value-of select="$svc/@id"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
