<?xml version="1.0" encoding="utf-8"?>
<!-- expect: cpu.rt-shared  - the first real-time VM's first pCPU is given to the first other VM that is neither real-time nor pre-launched -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="rt" select="/acrn-config/vm[normalize-space(vm_type) = 'RTVM'][cpu_affinity/pcpu][1]"/>

  <xsl:template match="vm[normalize-space(vm_type) != 'RTVM'][normalize-space(load_order) != 'PRE_LAUNCHED_VM'][cpu_affinity/pcpu][1]/cpu_affinity">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="$rt">
        <pcpu>
          <pcpu_id><xsl:value-of select="normalize-space($rt/cpu_affinity/pcpu[1]/pcpu_id)"/></pcpu_id>
          <real_time_vcpu>n</real_time_vcpu>
        </pcpu>
      </xsl:if>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
