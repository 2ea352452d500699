<?xml version="1.0" encoding="utf-8"?>
<!-- expect: cpu.own-pcpu-shared  - the first standard post-launched VM that shares a pCPU with a later one claims its pCPUs (own_pcpu) -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[normalize-space(load_order) = 'POST_LAUNCHED_VM'][normalize-space(vm_type) = 'STANDARD_VM']
                         [cpu_affinity/pcpu/pcpu_id = following-sibling::vm[normalize-space(load_order) = 'POST_LAUNCHED_VM'][normalize-space(vm_type) = 'STANDARD_VM']/cpu_affinity/pcpu/pcpu_id][1]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()[not(self::own_pcpu)]"/>
      <own_pcpu>y</own_pcpu>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
