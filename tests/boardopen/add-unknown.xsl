<?xml version="1.0"?>
<!--
  A board as a newer board inspector could write it: every element gets an attribute acrn-cfgc
  does not know, and every element that has children or attributes gets, as its first child, an
  element it does not know (with content of its own). Nothing else changes, and the additions
  stay on the line of their element, so every other line and column stays where it was.
  Parameters: add=0 copies the board unchanged (the baseline, serialized the same way);
  bad=ways|range|apic|vendor also puts a bad value into the first such field acrn-cfgc reads.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="add" select="1"/>
  <xsl:param name="bad" select="''"/>

  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="*">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$add = 1">
        <xsl:attribute name="inspector-note">added by a newer inspector</xsl:attribute>
        <xsl:if test="* or @*">
          <inspector-extra kind="unknown"><extra-value index="0">1</extra-value></inspector-extra>
        </xsl:if>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The bad values: each where acrn-cfgc reads it, among the additions above. -->
  <xsl:variable name="target">
    <xsl:choose>
      <xsl:when test="$bad = 'ways'"><xsl:value-of select="generate-id((//caches/cache/ways)[1])"/></xsl:when>
      <xsl:when test="$bad = 'range'"><xsl:value-of select="generate-id((//memory/range[not(@id)])[1])"/></xsl:when>
      <xsl:when test="$bad = 'apic'"><xsl:value-of select="generate-id((//processors//thread/apic_id)[1])"/></xsl:when>
      <xsl:when test="$bad = 'vendor'"><xsl:value-of select="generate-id((//devices//device/vendor)[1])"/></xsl:when>
    </xsl:choose>
  </xsl:variable>
  <xsl:template match="text()">
    <xsl:choose>
      <xsl:when test="$target != '' and generate-id(..) = $target">
        <xsl:choose>
          <xsl:when test="$bad = 'ways'">eight</xsl:when>
          <xsl:when test="$bad = 'apic'">zero</xsl:when>
          <xsl:when test="$bad = 'vendor'">Intel</xsl:when>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:copy/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="@start">
    <xsl:choose>
      <xsl:when test="$bad = 'range' and generate-id(..) = $target">
        <xsl:attribute name="start">0x10_0000</xsl:attribute>
      </xsl:when>
      <xsl:otherwise><xsl:copy/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
