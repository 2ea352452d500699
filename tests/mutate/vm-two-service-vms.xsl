<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.service-vm-count  - a copy of the Service VM, with a new id and name, is added as the last VM -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="svc" select="/acrn-config/vm[normalize-space(load_order) = 'SERVICE_VM'][1]"/>

  <xsl:template match="vm[last()]">
    <xsl:copy-of select="."/>
    <xsl:if test="$svc">
      <vm>
        <xsl:attribute name="id">
          <xsl:for-each select="../vm/@id">
            <xsl:sort data-type="number" order="descending"/>
            <xsl:if test="position() = 1"><xsl:value-of select=". + 1"/></xsl:if>
          </xsl:for-each>
        </xsl:attribute>
        <xsl:apply-templates select="$svc/node()" mode="rename"/>
      </vm>
    </xsl:if>
  </xsl:template>
  <xsl:template match="@*|node()" mode="rename">
    <xsl:copy-of select="."/>
  </xsl:template>
  <xsl:template match="name" mode="rename">
    <name>Second_Service</name>
  </xsl:template>
</xsl:stylesheet>
