<?xml version="1.0" encoding="UTF-8"?>
<!--
  config_board.c: the board's facts for the hypervisor (struct acfg_board, config_abi.h):
  pCPUs with APIC ids, RAM and reserved ranges, IOAPICs, PCI devices with BARs, the serial
  console, cache allocation. Input: the resolved document (schemas/resolved.xsd).
  Part of tables.xsl (which includes common.xsl): its templates are in mode "config_board.c".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="board" select="/acrn-resolved/board"/>

  <xsl:template match="/" mode="config_board.c">
    <xsl:call-template name="banner">
      <xsl:with-param name="what" select="'The board: pCPUs, memory map, IOAPICs, PCI devices, serial console, CAT.'"/>
    </xsl:call-template>
    <xsl:text>#include &lt;stddef.h&gt;&#10;&#10;#include "config_abi.h"&#10;</xsl:text>
    <xsl:apply-templates select="$board/pcpus[pcpu]" mode="config_board.c"/>
    <xsl:apply-templates select="$board/ram[range] | $board/reserved[range]" mode="config_board.c"/>
    <xsl:apply-templates select="$board/ioapics[ioapic]" mode="config_board.c"/>
    <xsl:apply-templates select="$board/pci_devs[pci_dev]" mode="config_board.c"/>
    <xsl:call-template name="board-table"/>
  </xsl:template>

  <xsl:template match="pcpus" mode="config_board.c">
    <xsl:value-of select="concat($nl, 'static const struct acfg_pcpu pcpus[', count(pcpu), '] = {', $nl)"/>
    <xsl:for-each select="pcpu">
      <xsl:value-of select="concat('&#9;{.id = ', @id, ', .apic_id = ', @apic_id, '},', $nl)"/>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="ram | reserved" mode="config_board.c">
    <xsl:value-of select="concat($nl, 'static const struct acfg_mem_range ', local-name(), '[', count(range), '] = {', $nl)"/>
    <xsl:for-each select="range">
      <xsl:value-of select="concat('&#9;{.base = ', @start, 'U, .size = ', @size, 'U},')"/>
      <xsl:if test="@name">
        <xsl:text> /* </xsl:text>
        <xsl:call-template name="comment-text">
          <xsl:with-param name="s" select="@name"/>
        </xsl:call-template>
        <xsl:text> */</xsl:text>
      </xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="ioapics" mode="config_board.c">
    <xsl:value-of select="concat($nl, 'static const struct acfg_ioapic ioapics[', count(ioapic), '] = {', $nl)"/>
    <xsl:for-each select="ioapic">
      <xsl:value-of select="concat('&#9;{.address = ', @address, 'U, .id = ', @id, ', .gsi_base = ',
                            @gsi_base, ', .gsi_count = ', @gsi_count, '},', $nl)"/>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="pci_devs" mode="config_board.c">
    <xsl:value-of select="concat($nl, 'static const struct acfg_pci_dev pci_devs[', count(pci_dev), '] = {', $nl)"/>
    <xsl:apply-templates select="pci_dev" mode="config_board.c"/>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="pci_dev" mode="config_board.c">
    <xsl:text>&#9;{&#10;&#9;&#9;.bdf = </xsl:text>
    <xsl:call-template name="bdf">
      <xsl:with-param name="bdf" select="@bdf"/>
    </xsl:call-template>
    <xsl:value-of select="concat(', /* ', @bdf, ' */', $nl)"/>
    <xsl:value-of select="concat('&#9;&#9;.vendor = ', @vendor, ', .device = ', @device,
                          ', .class_code = ', @class, ',', $nl)"/>
    <xsl:text>&#9;&#9;.int_pin = </xsl:text>
    <xsl:choose>
      <xsl:when test="@pin">
        <!-- INTA# .. INTD# -> 1 .. 4, the value of the config space's Interrupt Pin -->
        <xsl:value-of select="string-length(substring-before('ABCD', substring(@pin, 4, 1))) + 1"/>
      </xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
    <xsl:text>, .gsi = </xsl:text>
    <xsl:call-template name="or-none">
      <xsl:with-param name="v" select="@gsi"/>
    </xsl:call-template>
    <xsl:text>, .flags = </xsl:text>
    <xsl:choose>
      <xsl:when test="@bridge = 'host'">ACFG_PCI_HOST_BRIDGE</xsl:when>
      <xsl:when test="@bridge = 'pci'">ACFG_PCI_BRIDGE</xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;</xsl:text>
    <!-- by BAR number; the first the board lists wins, as the hardware has only one -->
    <xsl:variable name="bars" select="bar[not(@index = preceding-sibling::bar/@index)]"/>
    <xsl:if test="$bars">
      <xsl:text>&#9;&#9;.bars = {&#10;</xsl:text>
      <xsl:for-each select="$bars">
        <xsl:sort select="@index" data-type="number"/>
        <xsl:value-of select="concat('&#9;&#9;&#9;[', @index, '] = {.base = ', @base, 'U, .size = ', @size, 'U, .type = ')"/>
        <xsl:choose>
          <xsl:when test="@type = 'io'">ACFG_BAR_IO</xsl:when>
          <xsl:when test="@type = 'mem64'">ACFG_BAR_MEM64</xsl:when>
          <xsl:otherwise>ACFG_BAR_MEM32</xsl:otherwise>
        </xsl:choose>
        <xsl:text>, .flags = </xsl:text>
        <xsl:choose>
          <xsl:when test="@prefetchable = 'y'">ACFG_BAR_PREFETCHABLE</xsl:when>
          <xsl:otherwise>0</xsl:otherwise>
        </xsl:choose>
        <xsl:text>},&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>&#9;&#9;},&#10;</xsl:text>
    </xsl:if>
    <xsl:text>&#9;},&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="console">
    <xsl:variable name="c" select="$board/serial_console"/>
    <xsl:text>&#9;.console = {.base = </xsl:text>
    <xsl:call-template name="or-zero">
      <xsl:with-param name="v" select="$c/@base"/>
    </xsl:call-template>
    <xsl:text>, .irq = </xsl:text>
    <xsl:call-template name="or-none">
      <xsl:with-param name="v" select="$c/@irq"/>
    </xsl:call-template>
    <xsl:text>, .type = </xsl:text>
    <xsl:choose>
      <xsl:when test="$c/@type = 'portio'">ACFG_SERIAL_PORTIO</xsl:when>
      <xsl:when test="$c/@type = 'mmio'">ACFG_SERIAL_MMIO</xsl:when>
      <xsl:otherwise>ACFG_SERIAL_NONE</xsl:otherwise>
    </xsl:choose>
    <xsl:text>},</xsl:text>
    <xsl:if test="$c">
      <xsl:text> /* </xsl:text>
      <xsl:call-template name="comment-text">
        <xsl:with-param name="s" select="$c/@device"/>
      </xsl:call-template>
      <xsl:text> */</xsl:text>
    </xsl:if>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template name="cat">
    <xsl:variable name="c" select="$board/cat"/>
    <xsl:choose>
      <xsl:when test="$c">
        <xsl:value-of select="concat('&#9;.cat = {.level = ', $c/@level, ', .cbm_length = ', $c/@cbm_length,
                              ', .clos_count = ', $c/@clos_count, ', .cdp = ', number($c/@cdp = 'y'), '},', $nl)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>&#9;.cat = {.level = 0},&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="poweroff">
    <xsl:variable name="p" select="$board/poweroff"/>
    <xsl:choose>
      <xsl:when test="$p">
        <!-- @space is portio or mmio (resolved.xsd): ACFG_PM_PORTIO, ACFG_PM_MMIO -->
        <xsl:value-of select="concat('&#9;.poweroff = {.pm1a_cnt = ', $p/@pm1a_cnt, 'U',
                              ', .space = ACFG_PM_', translate($p/@space, 'imoprt', 'IMOPRT'),
                              ', .slp_typ = ', $p/@slp_typ, '},', $nl)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>&#9;.poweroff = {.space = ACFG_PM_NONE},&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="board-table">
    <xsl:text>&#10;const struct acfg_board acfg_board = {&#10;</xsl:text>
    <xsl:call-template name="table-header">
      <xsl:with-param name="kind" select="'ACFG_TABLE_BOARD'"/>
      <xsl:with-param name="type" select="'acfg_board'"/>
    </xsl:call-template>
    <xsl:text>&#9;.name = </xsl:text>
    <xsl:call-template name="c-fixed-string">
      <xsl:with-param name="s" select="/acrn-resolved/@board"/>
      <xsl:with-param name="max" select="64"/>
      <xsl:with-param name="what" select="'the board name'"/>
    </xsl:call-template>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="console"/>
    <xsl:call-template name="cat"/>
    <xsl:call-template name="poweroff"/>
    <xsl:value-of select="concat('&#9;.pcpu_count = ', count($board/pcpus/pcpu), ',', $nl,
                          '&#9;.ram_count = ', count($board/ram/range), ',', $nl,
                          '&#9;.reserved_count = ', count($board/reserved/range), ',', $nl,
                          '&#9;.ioapic_count = ', count($board/ioapics/ioapic), ',', $nl,
                          '&#9;.pci_dev_count = ', count($board/pci_devs/pci_dev), ',', $nl)"/>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'pcpus'"/>
      <xsl:with-param name="array" select="'pcpus'"/>
      <xsl:with-param name="count" select="count($board/pcpus/pcpu)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ram'"/>
      <xsl:with-param name="array" select="'ram'"/>
      <xsl:with-param name="count" select="count($board/ram/range)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'reserved'"/>
      <xsl:with-param name="array" select="'reserved'"/>
      <xsl:with-param name="count" select="count($board/reserved/range)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ioapics'"/>
      <xsl:with-param name="array" select="'ioapics'"/>
      <xsl:with-param name="count" select="count($board/ioapics/ioapic)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'pci_devs'"/>
      <xsl:with-param name="array" select="'pci_devs'"/>
      <xsl:with-param name="count" select="count($board/pci_devs/pci_dev)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
