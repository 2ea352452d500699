<?xml version="1.0"?>
<!--
  What each VM's MADT must list, read from the scenario and the board (not from acrn-cfgc's
  resolved document): one line per VM in scenario order, "NAME LOAD_ORDER APIC_ID...", its
  vCPUs' local APIC ids in vCPU order (the order of cpu_affinity): 0..n-1, or with
  lapic_passthrough the APIC id the board gives the pCPU (config_abi.h says so).
  xsltproc stringparam board: the board file.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:param name="board"/>
  <xsl:variable name="threads" select="document($board)/acrn-config/processors//thread"/>

  <xsl:template match="/">
    <xsl:for-each select="/acrn-config/vm">
      <xsl:variable name="physical" select="normalize-space(lapic_passthrough) = 'y'"/>
      <xsl:value-of select="concat(normalize-space(name), ' ', normalize-space(load_order))"/>
      <xsl:for-each select="cpu_affinity/pcpu/pcpu_id">
        <xsl:variable name="id" select="normalize-space(.)"/>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="$physical">
            <xsl:value-of select="normalize-space($threads[normalize-space(cpu_id) = $id]/apic_id)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="position() - 1"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
