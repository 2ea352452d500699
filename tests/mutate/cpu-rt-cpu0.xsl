<?xml version="1.0" encoding="utf-8"?>
<!-- expect: cpu.rt-cpu0  - the first real-time VM with a cpu_affinity also gets pCPU 0 -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[normalize-space(vm_type) = 'RTVM'][cpu_affinity][1]/cpu_affinity">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <pcpu><pcpu_id>0</pcpu_id><real_time_vcpu>n</real_time_vcpu></pcpu>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
