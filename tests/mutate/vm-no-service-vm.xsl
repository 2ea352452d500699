<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.service-vm-needed  - the Service VM becomes a post-launched VM (running on the pCPUs of the first non-real-time post-launched VM), so nobody launches the post-launched VMs -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:variable name="cpus"
    select="/acrn-config/vm[normalize-space(load_order) = 'POST_LAUNCHED_VM'][normalize-space(vm_type) != 'RTVM'][cpu_affinity/pcpu][1]/cpu_affinity"/>

  <xsl:template match="vm[normalize-space(load_order) = 'SERVICE_VM']/load_order/text()">POST_LAUNCHED_VM</xsl:template>
  <!-- A post-launched VM needs pCPUs of its own naming, which a Service VM does not. -->
  <xsl:template match="vm[normalize-space(load_order) = 'SERVICE_VM'][not(cpu_affinity)]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <xsl:copy-of select="$cpus"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
