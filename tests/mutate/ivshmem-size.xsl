<?xml version="1.0" encoding="utf-8"?>
<!-- expect: ivshmem.size  - the first ivshmem region is 3 MB, not a power of two -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="IVSHMEM_REGION[1]/IVSHMEM_SIZE/text()">3</xsl:template>
</xsl:stylesheet>
