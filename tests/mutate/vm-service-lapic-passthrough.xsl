<?xml version="1.0" encoding="utf-8"?>
<!-- expect: vm.service-lapic-passthrough  - the Service VM passes its local APIC through, without nested virtualization -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="utf-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="vm[normalize-space(load_order) = 'SERVICE_VM'][not(normalize-space(nested_virtualization_support) = 'y')]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()[not(self::lapic_passthrough)]"/>
      <lapic_passthrough>y</lapic_passthrough>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
