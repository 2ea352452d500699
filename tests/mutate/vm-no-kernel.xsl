<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.kernel  - the first pre-launched VM loses its kern_mod -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[normalize-space(load_order) = 'PRE_LAUNCHED_VM'][1]/os_config/kern_mod"/>
</xsl:stylesheet>
