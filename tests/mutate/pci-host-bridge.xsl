<?xml version="1.0" encoding="utf-8"?>
<!-- expect: pci.bridge  - the first VM also passes through 00:00.0, the host bridge -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[1]/pci_devs">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <pci_dev>00:00.0 Host bridge</pci_dev>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="vm[1][not(pci_devs)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <pci_devs><pci_dev>00:00.0 Host bridge</pci_dev></pci_devs>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
