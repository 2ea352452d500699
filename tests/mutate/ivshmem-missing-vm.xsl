<?xml version="1.0" encoding="utf-8"?>
<!-- expect: ivshmem.member-vm  - the last member of the first ivshmem region names VM NO_SUCH_VM -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="IVSHMEM_REGION[1]/IVSHMEM_VMS/IVSHMEM_VM[last()]/VM_NAME/text()">NO_SUCH_VM</xsl:template>
</xsl:stylesheet>
