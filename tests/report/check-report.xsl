<?xml version="1.0" encoding="UTF-8"?>
<!--
  check-report.xsl: checks a report page (the input, XHTML) against the resolved document it
  was made from (the parameter resolved: its path). Prints one "FAIL ..." line per problem,
  nothing when the page is right.

    xsltproc -\-stringparam resolved R.xml check-report.xsl report.html

  conflicts: "none" (a valid configuration: the page must show no conflict), "some" (it must
  show at least one), anything else: not checked.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:h="http://www.w3.org/1999/xhtml"
    xmlns:s="http://www.w3.org/2000/svg">

  <xsl:output method="text"/>
  <xsl:param name="resolved"/>
  <xsl:param name="conflicts" select="'none'"/>

  <xsl:variable name="r" select="document($resolved)/acrn-resolved"/>
  <xsl:variable name="page" select="/"/>
  <xsl:variable name="map" select="//s:svg[@id = 'memory-map']"/>
  <xsl:variable name="void" select="' meta br '"/>

  <xsl:template match="/">
    <xsl:if test="not($r)">FAIL cannot read the resolved document <xsl:value-of select="$resolved"/>&#10;</xsl:if>
    <xsl:if test="not(h:html/h:head/h:title) or not(h:html/h:body)">FAIL not an XHTML page with head, title and body&#10;</xsl:if>

    <!-- nothing that an HTML parser would read differently: no empty non-void elements -->
    <xsl:for-each select="//h:*[not(node()) and not(contains($void, concat(' ', local-name(), ' ')))]">
      <xsl:value-of select="concat('FAIL empty &lt;', local-name(), '&gt; (an HTML parser would not close it)&#10;')"/>
    </xsl:for-each>
    <xsl:if test="//h:script or //@*[starts-with(local-name(), 'on')] or //h:link or //h:img or //h:iframe">FAIL the page has script, event handlers or external resources&#10;</xsl:if>
    <xsl:if test="//@href[not(starts-with(., '#'))] or //@src">FAIL the page links outside itself&#10;</xsl:if>

    <!-- header -->
    <xsl:for-each select="$r/@board | $r/@scenario | $r/@generator">
      <xsl:if test="not($page//h:header//h:dd[. = current()])">
        <xsl:value-of select="concat('FAIL header does not name ', local-name(), ' ', ., '&#10;')"/>
      </xsl:if>
    </xsl:for-each>

    <!-- every VM: a card, a pCPU column, a box in the vUART diagram -->
    <xsl:for-each select="$r/vm">
      <xsl:variable name="card" select="$page//h:article[@id = concat('vm-', current()/@id)]"/>
      <xsl:if test="not($card[contains(h:h3, current()/@name)])">
        <xsl:value-of select="concat('FAIL no card names VM ', @id, ' ', @name, '&#10;')"/>
      </xsl:if>
      <xsl:if test="not($page//h:section[@id = 'pcpus']//h:thead//h:th[contains(., current()/@name)])">
        <xsl:value-of select="concat('FAIL the pCPU table has no column for ', @name, '&#10;')"/>
      </xsl:if>
      <xsl:if test="not($page//s:svg[@id = 'vuart-wiring']/s:g[@data-vm = current()/@id][s:text = current()/@name])">
        <xsl:value-of select="concat('FAIL the vUART diagram has no box for ', @name, '&#10;')"/>
      </xsl:if>
    </xsl:for-each>

    <!-- every pCPU a VM has, and every pCPU of the board: a row -->
    <xsl:for-each select="$r/vm/pcpus/pcpu | $r/board/pcpus/pcpu">
      <xsl:if test="not($page//h:tr[@id = concat('pcpu-', current()/@id)])">
        <xsl:value-of select="concat('FAIL no row for pCPU ', @id, '&#10;')"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="$r/vm/pcpus/pcpu">
      <xsl:variable name="row" select="$page//h:tr[@id = concat('pcpu-', current()/@id)]"/>
      <xsl:variable name="col" select="count(../../preceding-sibling::vm) + 2 + count($r/board/pcpus/pcpu[1])"/>
      <xsl:if test="$row and not(normalize-space($row/*[$col]) != '')">
        <xsl:value-of select="concat('FAIL pCPU ', @id, ' of ', ../../@name, ' is not marked&#10;')"/>
      </xsl:if>
      <xsl:if test="@allocated = 'true' and $row and not($row/*[$col]//h:span[@class = 'alloc'])">
        <xsl:value-of select="concat('FAIL pCPU ', @id, ' of ', ../../@name, ' is not marked as allocated&#10;')"/>
      </xsl:if>
    </xsl:for-each>

    <!-- one memory map; every memory region a labelled rect -->
    <xsl:if test="count(//s:svg[@id = 'memory-map']) != 1">
      <xsl:value-of select="concat('FAIL ', count(//s:svg[@id = 'memory-map']), ' memory maps, not 1&#10;')"/>
    </xsl:if>
    <xsl:if test="count($map//s:g[@data-vm]) != count($r/vm/memory/region)">
      <xsl:value-of select="concat('FAIL the memory map draws ', count($map//s:g[@data-vm]), ' VM regions; the document has ',
          count($r/vm/memory/region), '&#10;')"/>
    </xsl:if>
    <xsl:for-each select="$r/vm/memory/region">
      <xsl:variable name="start" select="concat(@hpa, substring(@gpa, 1, string-length(@gpa) * not(@hpa)))"/>
      <xsl:variable name="g" select="$map//s:g[@data-vm = current()/../../@id and @data-start = $start]"/>
      <xsl:choose>
        <xsl:when test="count($g) != 1">
          <xsl:value-of select="concat('FAIL ', count($g), ' boxes for region ', $start, ' of ', ../../@name, '&#10;')"/>
        </xsl:when>
        <xsl:when test="not($g/s:rect[@height &gt; 0]) or not($g/s:text[contains(., current()/../../@name) and contains(., $start)])">
          <xsl:value-of select="concat('FAIL region ', $start, ' of ', ../../@name, ' has no rect labelled with owner and start&#10;')"/>
        </xsl:when>
        <xsl:when test="@allocated = 'true' and not(contains($g/s:rect/@class, 'alloc'))">
          <xsl:value-of select="concat('FAIL region ', $start, ' of ', ../../@name, ' is not marked as allocated&#10;')"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
    <xsl:if test="not($map//s:g[contains(@class, 'hv')][@data-start = $r/hv/hv_ram/start])">FAIL the hypervisor's range is not drawn&#10;</xsl:if>
    <xsl:for-each select="$r/board/reserved/range | $r/board/ram/range">
      <xsl:if test="not($map//s:g[@data-start = current()/@start]/s:rect)">
        <xsl:value-of select="concat('FAIL board range ', @start, ' (', @name, ') is not drawn&#10;')"/>
      </xsl:if>
    </xsl:for-each>

    <!-- every passthrough device a row; every vUART connection in the wiring -->
    <xsl:for-each select="$r/vm/pci_devs/pci_dev">
      <xsl:if test="not($page//h:section[@id = 'pci']//h:tr[h:td[1]//h:a = current()/../../@name and h:td[2] = current()/@pbdf])">
        <xsl:value-of select="concat('FAIL passthrough ', @pbdf, ' of ', ../../@name, ' has no row&#10;')"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:if test="count($page//s:svg[@id = 'vuart-wiring']/s:g[@class = 'link']) * 2 &lt; count($r/vm/vuart_connections/vuart_connection)">FAIL the vUART diagram misses connections&#10;</xsl:if>

    <!-- conflicts -->
    <xsl:variable name="shown" select="count(//h:tr[contains(@class, 'conflict')] | //*[@data-conflict])"/>
    <xsl:if test="$conflicts = 'none' and $shown != 0">
      <xsl:value-of select="concat('FAIL a valid configuration shows ', $shown, ' conflicts&#10;')"/>
    </xsl:if>
    <xsl:if test="$conflicts = 'some' and $shown = 0">FAIL the conflicts are not shown&#10;</xsl:if>
  </xsl:template>

</xsl:stylesheet>
