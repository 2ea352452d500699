<?xml version="1.0" encoding="utf-8"?>
<!-- expect: cpu.post-launched-none  - the first post-launched VM loses its cpu_affinity -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[normalize-space(load_order) = 'POST_LAUNCHED_VM'][cpu_affinity][1]/cpu_affinity"/>
</xsl:stylesheet>
