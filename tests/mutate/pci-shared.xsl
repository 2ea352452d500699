<?xml version="1.0" encoding="utf-8"?>
<!-- expect: pci.shared  - the first passed-through device of the first VM that has one is also given to the first other VM -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="owner" select="/acrn-config/vm[pci_devs/pci_dev][1]"/>
  <xsl:variable name="dev" select="$owner/pci_devs/pci_dev[1]"/>
  <xsl:variable name="thief" select="/acrn-config/vm[generate-id(.) != generate-id($owner)][1]"/>

  <xsl:template match="vm">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="$dev and generate-id(.) = generate-id($thief) and not(pci_devs)">
        <pci_devs><xsl:copy-of select="$dev"/></pci_devs>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="pci_devs">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="$dev and generate-id(..) = generate-id($thief)">
        <xsl:copy-of select="$dev"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
