<?xml version="1.0" encoding="UTF-8"?>
<!--
  The C emitters as one stylesheet: acrn-cfgc emit compiles this once and runs it once per
  generated file, with the parameter "output" naming the file. Each file's templates are in
  NAME.xsl, in the mode NAME; what they share is in common.xsl, compiled once here rather than
  once per file (it was most of the cost of compiling them). A new generated file: a NAME.xsl
  with its templates in mode NAME, included below, a line in the choice, and its name in
  acrn-cfgc/emit.c. config_board.c and config_vms.c are written in C (acrn-cfgc/emit_board.c,
  emit_vms.c): as stylesheets they were a fifth of an emit's work.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="common.xsl"/>
  <xsl:include href="config_gen.h.xsl"/>
  <xsl:include href="config_hv.c.xsl"/>
  <xsl:include href="dm_vms.c.xsl"/>
  <xsl:include href="grub.cfg.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:param name="output"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$output = 'config_gen.h'"><xsl:apply-templates select="/" mode="config_gen.h"/></xsl:when>
      <xsl:when test="$output = 'config_hv.c'"><xsl:apply-templates select="/" mode="config_hv.c"/></xsl:when>
      <xsl:when test="$output = 'dm_vms.c'"><xsl:apply-templates select="/" mode="dm_vms.c"/></xsl:when>
      <xsl:when test="$output = 'grub.cfg'"><xsl:apply-templates select="/" mode="grub.cfg"/></xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">no generated file is named '<xsl:value-of select="$output"/>'</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
