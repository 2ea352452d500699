<?xml version="1.0" encoding="UTF-8"?>
<!--
  config_hv.c: the hypervisor's own settings (struct acfg_hv, config_abi.h): its memory, the
  boot area, the feature switches, scheduler, log levels, the cache CLOS masks divide, capacities.
  Part of tables.xsl (which includes common.xsl): its templates are in mode "config_hv.c".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="hv" select="/acrn-resolved/hv"/>

  <!-- the y/n switches config_abi.h has a bit for: NAME or NAME_ENABLED -> ACFG_HV_NAME -->
  <xsl:variable name="switches" select="' RELOC MULTIBOOT2 SPLIT_LOCK_DETECTION UC_LOCK_DETECTION SECURITY_VM_FIXUP KEEP_IRQ_DISABLED HYPERV IOMMU_ENFORCE_SNP ACPI_PARSE L1D_VMENTRY MCE_ON_PSC RDT CDP VCAT SSRAM '"/>

  <xsl:template match="/" mode="config_hv.c">
    <xsl:call-template name="banner">
      <xsl:with-param name="what" select="'Hypervisor settings: memory, features, scheduler, log levels, capacities.'"/>
    </xsl:call-template>
    <xsl:text>#include "config_abi.h"&#10;&#10;const struct acfg_hv acfg_hv = {&#10;</xsl:text>
    <xsl:call-template name="table-header">
      <xsl:with-param name="kind" select="'ACFG_TABLE_HV'"/>
      <xsl:with-param name="type" select="'acfg_hv'"/>
    </xsl:call-template>
    <xsl:value-of select="concat('&#9;.ram_start = ', $hv/hv_ram/start, 'U,', $nl,
                          '&#9;.ram_size = ', $hv/hv_ram/size, 'U,', $nl,
                          '&#9;.boot_area = {', $hv/boot_area/@start, 'U, ', $hv/boot_area/@size, 'U},', $nl)"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'stack_size'"/>
      <xsl:with-param name="v" select="$hv/stack_size"/>
    </xsl:call-template>
    <xsl:text>&#9;.features = </xsl:text>
    <xsl:call-template name="features"/>
    <xsl:text>,&#10;&#9;.scheduler = </xsl:text>
    <xsl:choose>
      <xsl:when test="contains(' SCHED_NOOP SCHED_IORR SCHED_BVT SCHED_PRIO ', concat(' ', $hv/scheduler, ' '))">
        <xsl:value-of select="concat('ACFG_', $hv/scheduler)"/>
      </xsl:when>
      <xsl:otherwise>ACFG_SCHED_BVT</xsl:otherwise> <!-- ACRN's default -->
    </xsl:choose>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'console_loglevel'"/>
      <xsl:with-param name="v" select="$hv/debug/console_loglevel"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'mem_loglevel'"/>
      <xsl:with-param name="v" select="$hv/debug/mem_loglevel"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'npk_loglevel'"/>
      <xsl:with-param name="v" select="$hv/debug/npk_loglevel"/>
    </xsl:call-template>
    <xsl:text>&#9;.gpu_sbdf = </xsl:text>
    <xsl:call-template name="or-none">
      <xsl:with-param name="v" select="$hv/gpu_sbdf"/>
    </xsl:call-template>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="clos-cache"/>
    <xsl:call-template name="capacities"/>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="name"/>
    <xsl:param name="v"/>
    <xsl:param name="indent" select="'&#9;'"/>
    <xsl:value-of select="concat($indent, '.', $name, ' = ')"/>
    <xsl:call-template name="or-zero">
      <xsl:with-param name="v" select="$v"/>
    </xsl:call-template>
    <xsl:text>,&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="features">
    <xsl:variable name="list">
      <xsl:if test="$hv/build_type = 'debug'"> | ACFG_HV_DEBUG_BUILD</xsl:if>
      <xsl:for-each select="$hv/features/feature[. = 'y']">
        <xsl:variable name="name" select="substring-before(concat(@name, '_ENABLED'), '_ENABLED')"/>
        <xsl:if test="contains($switches, concat(' ', $name, ' '))">
          <xsl:value-of select="concat(' | ACFG_HV_', $name)"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($list) = ''">0</xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="replace">
          <xsl:with-param name="s" select="substring($list, 4)"/>
          <xsl:with-param name="from" select="' | '"/>
          <xsl:with-param name="to" select="concat(' |', $nl, '&#9;&#9;    ')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="clos-cache">
    <xsl:variable name="c" select="$hv/rdt/cache"/>
    <xsl:choose>
      <xsl:when test="$c">
        <xsl:value-of select="concat('&#9;.clos_cache = {.level = ', $c/@level, ', .cbm_length = ', $c/@ways,
                              ', .clos_count = ', $c/@clos_count, ', .cdp = ', number($hv/rdt/@cdp = 'y'), '},', $nl)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>&#9;.clos_cache = {.level = 0},&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="capacities">
    <xsl:text>&#9;.capacities = {&#10;</xsl:text>
    <xsl:for-each select="$hv/capacities/*">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="local-name()"/>
        <xsl:with-param name="v" select="."/>
        <xsl:with-param name="indent" select="'&#9;&#9;'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>&#9;},&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
