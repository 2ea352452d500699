<?xml version="1.0" encoding="utf-8"?>
<!-- expect: pci.on-board  - the first VM also passes through ff:1f.7, which no board has -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[1]/pci_devs">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <pci_dev>ff:1f.7 Mutation: no such device</pci_dev>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="vm[1][not(pci_devs)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <pci_devs><pci_dev>ff:1f.7 Mutation: no such device</pci_dev></pci_devs>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
