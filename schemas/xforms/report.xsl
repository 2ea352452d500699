<?xml version="1.0" encoding="UTF-8"?>
<!--
  report.xsl: the resolved document (schemas/resolved.xsd) as one self-contained HTML page.

  acrn-cfgc report (acrn-cfgc/report.c) applies it with libxslt; `xsltproc report.xsl
  resolved.xml` gives the same bytes. XSLT 1.0 plus libxslt's own node-set() (built into
  libxslt, no libexslt needed).

  Output: polyglot HTML5 (the XHTML namespace, well-formed XML, <!DOCTYPE html>), so a browser
  reads it as HTML and xmllint as XML. Inline CSS and SVG only: no script, nothing fetched.
  No HTML element other than <meta> and <br> is ever empty, so no "<div/>" reaches an HTML
  parser. Deterministic: no dates, no generate-id() in the output, document order everywhere.

  Sections: header and summary, one card per VM, pCPU x VM table, host memory map (SVG, log
  scale), passthrough and ivshmem tables, vUART wiring (SVG and table), cache allocation, the
  board's facts (when the resolved document has a <board> section), hypervisor settings.
  A value the compiler chose (allocated="true") is drawn with the "alloc" style (blue, with a
  diamond), everywhere, and the legend in the header says so.

  Numbers: the document's numbers are 0x hex strings. They are converted with the templates at
  the end (exact below 2^53, and every address here is) and written back with
  format-number(..., '0'), since XPath's string() uses exponents above 1e9.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:x="http://xmlsoft.org/XSLT/namespace"
    xmlns:m="urn:acrn-cfgc:report"
    exclude-result-prefixes="x m">

  <xsl:output method="xml" encoding="UTF-8" omit-xml-declaration="yes" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:preserve-space elements="bootargs"/>

  <xsl:variable name="root" select="/acrn-resolved"/>
  <xsl:variable name="vms" select="/acrn-resolved/vm"/>
  <xsl:variable name="board" select="/acrn-resolved/board"/>
  <xsl:variable name="KiB" select="1024"/>
  <xsl:variable name="MiB" select="1048576"/>
  <xsl:variable name="GiB" select="1073741824"/>

  <!-- ================================================================== page -->

  <xsl:template match="/">
    <xsl:if test="not(acrn-resolved)">
      <xsl:message terminate="yes">report.xsl: not a resolved document (no &lt;acrn-resolved&gt;)</xsl:message>
    </xsl:if>
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{$root/@generator}"/>
        <title>
          <xsl:value-of select="concat('ACRN configuration: ', $root/@board, ' / ', $root/@scenario)"/>
        </title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <xsl:call-template name="header"/>
        <main>
          <xsl:call-template name="vm-cards"/>
          <xsl:call-template name="pcpu-table"/>
          <xsl:call-template name="memory-section"/>
          <xsl:call-template name="pci-section"/>
          <xsl:call-template name="vuart-section"/>
          <xsl:call-template name="cat-section"/>
          <xsl:call-template name="board-section"/>
          <xsl:call-template name="hv-section"/>
        </main>
        <footer>
          <p>
            <xsl:value-of select="concat('Written by ', $root/@generator,
                ' from the resolved configuration of board ', $root/@board, ', scenario ',
                $root/@scenario, '. The same inputs give the same bytes.')"/>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================== style -->

  <xsl:template name="css">
    <xsl:text>
:root { --ink: #1d2330; --muted: #5b6475; --line: #d5dae3; --bg: #f5f7fa; --card: #fff;
  --alloc: #1f5fd1; --alloc-bg: #e4edff; --rt: #b3261e; --rt-bg: #fdecea; --bad: #c5221f; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: var(--bg); }
header.top { background: #1d2330; color: #fff; padding: 18px 28px 14px; }
header.top h1 { margin: 0 0 6px; font-size: 22px; font-weight: 600; }
header.top h1 .sub { font-weight: 400; color: #aeb8cc; font-size: 16px; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; }
.meta div { display: flex; gap: 8px; }
.meta dt { color: #aeb8cc; }
.meta dd { margin: 0; font-weight: 600; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 4px; padding: 0; list-style: none; }
.summary li { background: #2d3546; border-radius: 12px; padding: 2px 10px; font-size: 13px; }
.legend { margin: 8px 0 0; font-size: 13px; color: #d3d9e6; }
.legend .alloc { color: var(--alloc); }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 8px 28px; background: #e8ecf2;
  border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { color: #2b4a8b; text-decoration: none; }
main { padding: 8px 28px 24px; }
section { margin: 18px 0 26px; }
h2 { font-size: 18px; margin: 0 0 4px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0; }
p.note { margin: 4px 0 10px; color: var(--muted); font-size: 13px; }
code, .mono, td.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.alloc { color: var(--alloc); background: var(--alloc-bg); border-radius: 3px; padding: 0 3px;
  border-bottom: 1px dashed var(--alloc); }
.alloc::after { content: " \25C6"; font-size: 9px; vertical-align: 2px; }
.none { color: var(--muted); }
.bad { color: var(--bad); font-weight: 600; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 9px; padding: 1px 8px;
  margin-left: 6px; vertical-align: 2px; background: #e3e7ee; color: #3a4358; }
.badge.rt { background: var(--rt); color: #fff; }
.badge.pre { background: #dff3e4; color: #1e6b35; }
.badge.svc { background: #e6e1f7; color: #4a3a8c; }
.badge.post { background: #fdf1d8; color: #7a5300; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.card h3 { padding: 8px 12px; border-bottom: 1px solid var(--line); border-left: 8px solid #999; }
.card.rtvm { border-color: #e7a29d; }
.card .vmid { color: var(--muted); font-weight: 400; margin-right: 6px; }
table { border-collapse: collapse; }
table.kv { width: 100%; }
table.kv th { text-align: left; vertical-align: top; width: 118px; padding: 5px 8px 5px 12px; color: var(--muted);
  font-weight: 500; font-size: 13px; border-top: 1px solid #eef0f4; }
table.kv td { padding: 5px 12px 5px 0; border-top: 1px solid #eef0f4; vertical-align: top; }
table.kv ul { margin: 0; padding: 0; list-style: none; }
table.kv li + li { margin-top: 2px; }
.bootargs { display: block; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 11.5px; color: #39425a;
  background: #f6f7f9; border-radius: 4px; padding: 4px 6px; }
table.grid { background: var(--card); border: 1px solid var(--line); font-size: 13px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 9px; text-align: left; vertical-align: top; }
table.grid thead th { background: #eef1f6; font-weight: 600; }
table.grid tr.conflict td, table.grid tr.conflict th { background: #fde7e6; }
table.grid td.desc { max-width: 520px; color: #39425a; }
table.cpu td, table.cpu th { text-align: center; min-width: 64px; }
table.cpu th.vmcol { font-size: 12px; min-width: 110px; }
table.cpu th.vmcol .nm { white-space: nowrap; }
table.cpu th.vmcol.rt, table.cpu td.rt { background: var(--rt-bg); }
table.cpu th.vmcol.rt { color: var(--rt); }
table.cpu td.on { font-size: 16px; line-height: 1; }
table.cpu td.on.rt { color: var(--rt); }
table.cpu td.status { text-align: left; font-size: 12px; }
table.cpu tr.conflict td.status { color: var(--bad); font-weight: 600; }
table.cpu th.rowh { background: #f4f6f9; }
.svgbox { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; overflow-x: auto; }
svg text { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: 11px; fill: #1d2330; }
svg text.addr, svg text.mono { font-family: "DejaVu Sans Mono", monospace; font-size: 10px; }
svg text.addr { fill: #4a5366; }
svg text.head { font-weight: 600; font-size: 12px; }
svg tspan.owner { font-weight: 600; }
svg text.board { font-size: 10.5px; }
svg text.small { font-size: 10px; fill: #5b6475; }
svg text.bad { fill: var(--bad); font-weight: 600; }
svg rect.region { stroke: #4a5366; stroke-width: 0.8; }
svg rect.region.alloc { stroke: var(--alloc); stroke-width: 1.4; stroke-dasharray: 5 3; }
svg rect.region.conflict { stroke: var(--bad); stroke-width: 2.5; stroke-dasharray: none; }
svg rect.gap { fill: url(#hatch); stroke: #c9ced8; stroke-width: 0.6; }
svg rect.hv { fill: #3b4457; }
svg text.on-dark { fill: #fff; }
svg rect.ram { fill: #d9f0dc; }
svg rect.rsv { fill: #e6e6e6; fill-opacity: 0.92; }
svg rect.ivshmem { fill: #ffd98a; }
svg rect.nohpa { stroke-dasharray: 2 2; }
svg line.tick { stroke: #9aa3b5; stroke-width: 0.8; }
svg path.wire { fill: none; stroke: #3b4457; stroke-width: 2; }
svg path.wire.pci { stroke-dasharray: 6 3; }
svg rect.vmbox { stroke: #4a5366; stroke-width: 1; }
svg rect.vmbox.rt { stroke: var(--rt); stroke-width: 2.5; }
.c0 { fill: #b9d4f5; } .c1 { fill: #c8e6b5; } .c2 { fill: #f6c8a8; } .c3 { fill: #d9c6ef; }
.c4 { fill: #f3e29b; } .c5 { fill: #a9e0dc; } .c6 { fill: #f2bfd3; } .c7 { fill: #d2d6dd; }
.b0 { border-left-color: #5f95d8 !important; } .b1 { border-left-color: #7cb85c !important; }
.b2 { border-left-color: #e08a52 !important; } .b3 { border-left-color: #9a77c9 !important; }
.b4 { border-left-color: #d4b42f !important; } .b5 { border-left-color: #45a9a1 !important; }
.b6 { border-left-color: #d66f97 !important; } .b7 { border-left-color: #8b93a2 !important; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin-right: 5px; }
.s0 { background: #b9d4f5; } .s1 { background: #c8e6b5; } .s2 { background: #f6c8a8; } .s3 { background: #d9c6ef; }
.s4 { background: #f3e29b; } .s5 { background: #a9e0dc; } .s6 { background: #f2bfd3; } .s7 { background: #d2d6dd; }
table.ways td.way { width: 22px; min-width: 22px; padding: 0; height: 20px; }
table.ways td.way.set { background: #5f95d8; }
table.ways tr.rt td.way.set { background: var(--rt); }
table.ways td.way.clash { background: repeating-linear-gradient(45deg, var(--bad) 0 4px, #fff 4px 7px); }
table.ways th.way { font-weight: 400; font-size: 11px; color: var(--muted); padding: 2px; text-align: center; }
.twocol { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
details summary { cursor: pointer; color: #2b4a8b; margin: 6px 0; }
.legend-row { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 4px 0 8px; font-size: 12.5px; }
.key { white-space: nowrap; }
footer { padding: 10px 28px 24px; color: var(--muted); font-size: 12px; }
</xsl:text>
  </xsl:template>

  <!-- ================================================================== header -->

  <xsl:template name="header">
    <header class="top">
      <h1>
        <xsl:text>ACRN configuration report </xsl:text>
        <span class="sub">
          <xsl:value-of select="concat($root/@board, ' / ', $root/@scenario)"/>
        </span>
      </h1>
      <dl class="meta">
        <div><dt>Board</dt><dd><xsl:value-of select="$root/@board"/></dd></div>
        <div><dt>Scenario</dt><dd><xsl:value-of select="$root/@scenario"/></dd></div>
        <div><dt>Generator</dt><dd><xsl:value-of select="$root/@generator"/></dd></div>
      </dl>
      <ul class="summary">
        <li>
          <xsl:value-of select="count($vms)"/>
          <xsl:text> VMs: </xsl:text>
          <xsl:value-of select="concat(count($vms[@load_order = 'PRE_LAUNCHED_VM']), ' pre-launched, ',
              count($vms[@load_order = 'SERVICE_VM']), ' Service VM, ',
              count($vms[@load_order = 'POST_LAUNCHED_VM']), ' post-launched')"/>
        </li>
        <li>
          <xsl:value-of select="count($vms[@vm_type = 'RTVM'])"/>
          <xsl:text> real-time</xsl:text>
        </li>
        <li>
          <xsl:text>pCPUs in use: </xsl:text>
          <xsl:value-of select="count($pcpu-list[@id = $vms/pcpus/pcpu/@id])"/>
          <xsl:if test="$board/pcpus/pcpu">
            <xsl:value-of select="concat(' of ', count($board/pcpus/pcpu))"/>
          </xsl:if>
        </li>
        <li>
          <xsl:value-of select="count($vms/pci_devs/pci_dev)"/>
          <xsl:text> passthrough devices</xsl:text>
        </li>
        <li>
          <xsl:value-of select="count($root/ivshmem_regions/region)"/>
          <xsl:text> ivshmem regions</xsl:text>
        </li>
        <li>
          <xsl:value-of select="count($links)"/>
          <xsl:text> vUART connections</xsl:text>
        </li>
        <li>
          <xsl:text>hypervisor RAM </xsl:text>
          <xsl:value-of select="$root/hv/hv_ram/start"/>
          <xsl:text>, </xsl:text>
          <xsl:call-template name="size-of">
            <xsl:with-param name="h" select="$root/hv/hv_ram/size"/>
          </xsl:call-template>
        </li>
        <li>
          <xsl:text>RDT </xsl:text>
          <xsl:choose>
            <xsl:when test="$root/hv/rdt/cache">
              <xsl:value-of select="concat('on: L', $root/hv/rdt/cache/@level, ' CAT, ',
                  $root/hv/rdt/cache/@ways, ' ways')"/>
            </xsl:when>
            <xsl:when test="$root/hv/rdt/@enabled = 'y'">on, no cache with CAT</xsl:when>
            <xsl:otherwise>off</xsl:otherwise>
          </xsl:choose>
        </li>
      </ul>
      <p class="legend">
        <span class="alloc">blue, with a diamond</span>
        <xsl:text>: a value acrn-cfgc chose (allocated="true"); everything else was written in the scenario or follows from it.</xsl:text>
        <xsl:if test="not($board)">
          <xsl:text> This resolved document has no board section: board facts (RAM map, reserved ranges, IOAPICs, devices) are not shown.</xsl:text>
        </xsl:if>
      </p>
    </header>
    <nav>
      <a href="#vms">VMs</a>
      <a href="#pcpus">pCPU x VM</a>
      <a href="#memory">Memory map</a>
      <a href="#pci">Passthrough and ivshmem</a>
      <a href="#vuart">vUART wiring</a>
      <xsl:if test="$root/hv/rdt/cache">
        <a href="#cat">Cache allocation</a>
      </xsl:if>
      <xsl:if test="$board">
        <a href="#board">Board</a>
      </xsl:if>
      <a href="#hv">Hypervisor</a>
    </nav>
  </xsl:template>

  <!-- ================================================================== VM cards -->

  <xsl:template name="vm-cards">
    <section id="vms">
      <h2>Virtual machines</h2>
      <p class="note">In scenario order. Guest-physical (GPA) to host-physical (HPA) memory; post-launched VMs get their memory from the device model at run time, so they have no fixed HPA.</p>
      <div class="cards">
        <xsl:if test="not($vms)">
          <p class="none">The scenario has no VM.</p>
        </xsl:if>
        <xsl:apply-templates select="$vms" mode="card"/>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="vm" mode="card">
    <xsl:variable name="ci" select="count(preceding-sibling::vm) mod 8"/>
    <article id="vm-{@id}">
      <xsl:attribute name="class">
        <xsl:text>card</xsl:text>
        <xsl:if test="@vm_type = 'RTVM'"> rtvm</xsl:if>
      </xsl:attribute>
      <h3 class="b{$ci}">
        <span class="vmid">
          <xsl:value-of select="concat('VM ', @id)"/>
        </span>
        <xsl:value-of select="@name"/>
        <xsl:call-template name="load-badge"/>
        <xsl:if test="@vm_type = 'RTVM'">
          <span class="badge rt">real-time</span>
        </xsl:if>
      </h3>
      <table class="kv">
        <tr>
          <th>Load order</th>
          <td><xsl:value-of select="@load_order"/></td>
        </tr>
        <tr>
          <th>Type</th>
          <td><xsl:value-of select="@vm_type"/></td>
        </tr>
        <tr>
          <th>pCPUs</th>
          <td>
            <xsl:choose>
              <xsl:when test="pcpus/pcpu">
                <xsl:for-each select="pcpus/pcpu">
                  <xsl:if test="position() &gt; 1">, </xsl:if>
                  <xsl:call-template name="val">
                    <xsl:with-param name="v" select="@id"/>
                  </xsl:call-template>
                </xsl:for-each>
                <xsl:value-of select="concat('  (', count(pcpus/pcpu), ')')"/>
              </xsl:when>
              <xsl:otherwise><span class="bad">none</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <tr>
          <th>Memory</th>
          <td>
            <xsl:choose>
              <xsl:when test="memory/region">
                <ul>
                  <xsl:for-each select="memory/region">
                    <li class="mono">
                      <xsl:call-template name="alloc-wrap">
                        <xsl:with-param name="text">
                          <xsl:value-of select="concat('GPA ', @gpa, ' → ')"/>
                          <xsl:choose>
                            <xsl:when test="@hpa">
                              <xsl:value-of select="concat('HPA ', @hpa)"/>
                            </xsl:when>
                            <xsl:otherwise>device model</xsl:otherwise>
                          </xsl:choose>
                          <xsl:text>, </xsl:text>
                          <xsl:call-template name="size-of">
                            <xsl:with-param name="h" select="@size"/>
                          </xsl:call-template>
                        </xsl:with-param>
                      </xsl:call-template>
                    </li>
                  </xsl:for-each>
                </ul>
                <xsl:if test="count(memory/region) &gt; 1">
                  <xsl:text>total </xsl:text>
                  <xsl:call-template name="sum-sizes">
                    <xsl:with-param name="nodes" select="memory/region/@size"/>
                  </xsl:call-template>
                </xsl:if>
              </xsl:when>
              <xsl:otherwise><span class="none">none</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <tr>
          <th>Console vUART</th>
          <td><xsl:apply-templates select="console_vuart" mode="vuart"/></td>
        </tr>
        <tr>
          <th>vUART links</th>
          <td>
            <xsl:choose>
              <xsl:when test="vuart_connections/vuart_connection">
                <ul>
                  <xsl:for-each select="vuart_connections/vuart_connection">
                    <li>
                      <xsl:apply-templates select="." mode="vuart"/>
                      <xsl:text> ⟷ </xsl:text>
                      <xsl:choose>
                        <xsl:when test="@peer">
                          <a href="#vm-{@peer_id}"><xsl:value-of select="@peer"/></a>
                        </xsl:when>
                        <xsl:otherwise><span class="bad">no peer</span></xsl:otherwise>
                      </xsl:choose>
                      <span class="none"><xsl:value-of select="concat('  (', @name, ')')"/></span>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><span class="none">none</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <tr>
          <th>Passthrough</th>
          <td>
            <xsl:choose>
              <xsl:when test="pci_devs/pci_dev">
                <ul>
                  <xsl:for-each select="pci_devs/pci_dev">
                    <li>
                      <span class="mono"><xsl:value-of select="@pbdf"/></span>
                      <xsl:text> → </xsl:text>
                      <xsl:call-template name="val">
                        <xsl:with-param name="v" select="vbdf"/>
                        <xsl:with-param name="mono" select="true()"/>
                      </xsl:call-template>
                      <xsl:if test="intx">
                        <xsl:text>, </xsl:text>
                        <xsl:apply-templates select="intx"/>
                      </xsl:if>
                      <xsl:if test="@description">
                        <br/>
                        <span class="none"><xsl:value-of select="@description"/></span>
                      </xsl:if>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><span class="none">none</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <tr>
          <th>ivshmem</th>
          <td>
            <xsl:choose>
              <xsl:when test="ivshmem_devs/ivshmem">
                <ul>
                  <xsl:for-each select="ivshmem_devs/ivshmem">
                    <li>
                      <xsl:value-of select="@name"/>
                      <xsl:text> (</xsl:text>
                      <xsl:call-template name="size-of">
                        <xsl:with-param name="h" select="@size"/>
                      </xsl:call-template>
                      <xsl:text>): vBDF </xsl:text>
                      <xsl:call-template name="val">
                        <xsl:with-param name="v" select="vbdf"/>
                        <xsl:with-param name="mono" select="true()"/>
                      </xsl:call-template>
                      <xsl:text>, BAR0 </xsl:text>
                      <xsl:call-template name="val">
                        <xsl:with-param name="v" select="bar0"/>
                        <xsl:with-param name="mono" select="true()"/>
                      </xsl:call-template>
                      <xsl:text>, BAR2 </xsl:text>
                      <xsl:call-template name="val">
                        <xsl:with-param name="v" select="bar2"/>
                        <xsl:with-param name="mono" select="true()"/>
                      </xsl:call-template>
                      <xsl:if test="hpa">
                        <xsl:text>, HPA </xsl:text>
                        <xsl:call-template name="val">
                          <xsl:with-param name="v" select="hpa"/>
                          <xsl:with-param name="mono" select="true()"/>
                        </xsl:call-template>
                      </xsl:if>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><span class="none">none</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <xsl:if test="virtio_devs/virtio">
          <tr>
            <th>virtio</th>
            <td>
              <ul>
                <xsl:for-each select="virtio_devs/virtio">
                  <li>
                    <xsl:value-of select="@kind"/>
                    <xsl:if test="@value">
                      <span class="none"><xsl:value-of select="concat(' ', @value)"/></span>
                    </xsl:if>
                    <xsl:text>: vBDF </xsl:text>
                    <xsl:call-template name="val">
                      <xsl:with-param name="v" select="vbdf"/>
                      <xsl:with-param name="mono" select="true()"/>
                    </xsl:call-template>
                  </li>
                </xsl:for-each>
              </ul>
            </td>
          </tr>
        </xsl:if>
        <tr>
          <th>CLOS</th>
          <td>
            <xsl:choose>
              <xsl:when test="clos">
                <xsl:call-template name="alloc-wrap">
                  <xsl:with-param name="text" select="concat('CLOS ', clos/@id, ', mask ', clos/@mask)"/>
                  <xsl:with-param name="alloc" select="clos/@allocated = 'true'"/>
                </xsl:call-template>
                <xsl:if test="$root/hv/rdt/cache">
                  <xsl:variable name="ways">
                    <xsl:call-template name="popcount">
                      <xsl:with-param name="n">
                        <xsl:call-template name="num">
                          <xsl:with-param name="h" select="clos/@mask"/>
                        </xsl:call-template>
                      </xsl:with-param>
                    </xsl:call-template>
                  </xsl:variable>
                  <xsl:value-of select="concat(' (', $ways, ' of ', $root/hv/rdt/cache/@ways,
                      ' L', $root/hv/rdt/cache/@level, ' ways)')"/>
                </xsl:if>
              </xsl:when>
              <xsl:otherwise><span class="none">no cache allocation</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <xsl:if test="flags">
          <tr>
            <th>Flags</th>
            <td>
              <xsl:for-each select="flags/@*[. = 'y']">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:value-of select="translate(local-name(), '_', ' ')"/>
              </xsl:for-each>
              <xsl:if test="flags/@priority">
                <xsl:if test="flags/@*[. = 'y']">, </xsl:if>
                <xsl:value-of select="concat('priority ', flags/@priority)"/>
              </xsl:if>
              <xsl:if test="not(flags/@*[. = 'y']) and not(flags/@priority)"><span class="none">none set</span></xsl:if>
            </td>
          </tr>
        </xsl:if>
        <tr>
          <th>Kernel</th>
          <td>
            <xsl:choose>
              <xsl:when test="os_config[normalize-space(kern_mod) != '' or normalize-space(kern_type) != '']">
                <xsl:for-each select="os_config">
                  <span class="mono"><xsl:value-of select="kern_mod"/></span>
                  <xsl:if test="normalize-space(kern_type) != ''">
                    <xsl:value-of select="concat(' (', kern_type, ')')"/>
                  </xsl:if>
                  <xsl:if test="normalize-space(ramdisk_mod) != ''">
                    <xsl:text>, ramdisk </xsl:text>
                    <span class="mono"><xsl:value-of select="ramdisk_mod"/></span>
                  </xsl:if>
                  <xsl:if test="kern_load_addr">
                    <xsl:text>, load at </xsl:text>
                    <xsl:call-template name="val">
                      <xsl:with-param name="v" select="kern_load_addr"/>
                      <xsl:with-param name="mono" select="true()"/>
                    </xsl:call-template>
                  </xsl:if>
                  <xsl:if test="kern_entry_addr">
                    <xsl:text>, entry </xsl:text>
                    <xsl:call-template name="val">
                      <xsl:with-param name="v" select="kern_entry_addr"/>
                      <xsl:with-param name="mono" select="true()"/>
                    </xsl:call-template>
                  </xsl:if>
                </xsl:for-each>
              </xsl:when>
              <xsl:when test="@load_order = 'POST_LAUNCHED_VM'">
                <span class="none">loaded by the device model</span>
              </xsl:when>
              <xsl:otherwise><span class="none">none given</span></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <xsl:if test="normalize-space(os_config/bootargs) != ''">
          <tr>
            <th>Boot args</th>
            <td><code class="bootargs"><xsl:value-of select="normalize-space(os_config/bootargs)"/></code></td>
          </tr>
        </xsl:if>
      </table>
    </article>
  </xsl:template>

  <xsl:template name="load-badge">
    <xsl:choose>
      <xsl:when test="@load_order = 'PRE_LAUNCHED_VM'"><span class="badge pre">pre-launched</span></xsl:when>
      <xsl:when test="@load_order = 'SERVICE_VM'"><span class="badge svc">Service VM</span></xsl:when>
      <xsl:otherwise><span class="badge post">post-launched</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A console or connection end: "legacy 0x2f8 IRQ 0x3", "PCI 00:03.0", "none". -->
  <xsl:template match="console_vuart | vuart_connection" mode="vuart">
    <xsl:choose>
      <xsl:when test="@type = 'legacy'">
        <xsl:text>legacy </xsl:text>
        <xsl:call-template name="val">
          <xsl:with-param name="v" select="io_port"/>
          <xsl:with-param name="mono" select="true()"/>
        </xsl:call-template>
        <xsl:if test="irq">
          <xsl:text> IRQ </xsl:text>
          <xsl:call-template name="val">
            <xsl:with-param name="v" select="irq"/>
            <xsl:with-param name="mono" select="true()"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:when test="@type = 'pci'">
        <xsl:text>PCI vBDF </xsl:text>
        <xsl:call-template name="val">
          <xsl:with-param name="v" select="vbdf"/>
          <xsl:with-param name="mono" select="true()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><span class="none">none</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- INTx route: "INTA#, GSI 0x10 → 0x10" (virtual GSI left to the device model when absent) -->
  <xsl:template match="intx">
    <xsl:value-of select="concat(@pin, ' GSI ')"/>
    <span class="mono"><xsl:value-of select="@pgsi"/></span>
    <xsl:text> → </xsl:text>
    <xsl:choose>
      <xsl:when test="@vgsi">
        <xsl:call-template name="alloc-wrap">
          <xsl:with-param name="text" select="string(@vgsi)"/>
          <xsl:with-param name="alloc" select="@allocated = 'true'"/>
          <xsl:with-param name="mono" select="true()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><span class="none">device model</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== pCPU x VM -->

  <!-- Every pCPU: the board's when the document has them, and every one a VM names. -->
  <xsl:variable name="pcpu-rtf">
    <xsl:for-each select="$board/pcpus/pcpu">
      <m:p id="{@id}" board="1"/>
    </xsl:for-each>
    <xsl:for-each select="$vms/pcpus/pcpu">
      <m:p id="{@id}" board="0"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="pcpu-sorted-rtf">
    <xsl:for-each select="x:node-set($pcpu-rtf)/m:p">
      <xsl:sort select="@id" data-type="number"/>
      <xsl:sort select="@board" data-type="number" order="descending"/>
      <xsl:copy-of select="."/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="pcpu-list"
      select="x:node-set($pcpu-sorted-rtf)/m:p[not(@id = preceding-sibling::m:p[1]/@id)]"/>

  <xsl:template name="pcpu-table">
    <section id="pcpus">
      <h2>pCPU x VM</h2>
      <p class="note">
        <xsl:text>● the VM runs on the pCPU; </xsl:text>
        <span class="alloc">●</span>
        <xsl:text> given by acrn-cfgc (a Service VM that listed none gets every pCPU no pre-launched VM owns). Real-time VMs are red. A row turns red on a conflict: a pCPU a real-time VM shares with a VM that lists it too, a pre-launched VM's pCPU used by another VM, a real-time VM on pCPU 0</xsl:text>
        <xsl:if test="$board/pcpus/pcpu">, a pCPU the board does not have</xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:choose>
        <xsl:when test="not($pcpu-list)">
          <p class="none">No VM has a pCPU.</p>
        </xsl:when>
        <xsl:otherwise>
          <table class="grid cpu">
            <thead>
              <tr>
                <th>pCPU</th>
                <xsl:if test="$board/pcpus/pcpu/@apic_id">
                  <th>APIC id</th>
                </xsl:if>
                <xsl:for-each select="$vms">
                  <th>
                    <xsl:attribute name="class">
                      <xsl:text>vmcol</xsl:text>
                      <xsl:if test="@vm_type = 'RTVM'"> rt</xsl:if>
                    </xsl:attribute>
                    <span class="nm">
                      <span class="sw s{count(preceding-sibling::vm) mod 8}"><xsl:text> </xsl:text></span>
                      <xsl:value-of select="@name"/>
                    </span>
                    <br/>
                    <span class="none">
                      <xsl:value-of select="concat('VM ', @id)"/>
                      <xsl:if test="@vm_type = 'RTVM'">, RT</xsl:if>
                    </span>
                  </th>
                </xsl:for-each>
                <th>Sharing</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$pcpu-list">
                <xsl:variable name="id" select="string(@id)"/>
                <xsl:variable name="users" select="$vms[pcpus/pcpu/@id = $id]"/>
                <!-- the VMs whose scenario lists it (not the Service VM's default set) -->
                <xsl:variable name="listed" select="$vms[pcpus/pcpu[@id = $id and not(@allocated = 'true')]]"/>
                <xsl:variable name="rt" select="$listed[@vm_type = 'RTVM']"/>
                <xsl:variable name="pre" select="$users[@load_order = 'PRE_LAUNCHED_VM']"/>
                <xsl:variable name="off-board" select="$board/pcpus/pcpu and @board = '0'"/>
                <xsl:variable name="problem">
                  <xsl:if test="$rt and count($listed) &gt; 1">real-time VM shares it; </xsl:if>
                  <xsl:if test="$pre and count($users) &gt; 1 and not($rt and count($listed) &gt; 1)">pre-launched VM shares it; </xsl:if>
                  <xsl:if test="$users[@vm_type = 'RTVM'] and $id = '0'">real-time VM on pCPU 0; </xsl:if>
                  <xsl:if test="$off-board">not on the board; </xsl:if>
                </xsl:variable>
                <tr id="pcpu-{$id}" data-vms="{count($users)}">
                  <xsl:if test="$problem != ''">
                    <xsl:attribute name="class">conflict</xsl:attribute>
                  </xsl:if>
                  <th class="rowh"><xsl:value-of select="$id"/></th>
                  <xsl:if test="$board/pcpus/pcpu/@apic_id">
                    <td class="mono">
                      <xsl:value-of select="$board/pcpus/pcpu[@id = $id]/@apic_id"/>
                      <xsl:if test="not($board/pcpus/pcpu[@id = $id]/@apic_id)">–</xsl:if>
                    </td>
                  </xsl:if>
                  <xsl:for-each select="$vms">
                    <xsl:variable name="p" select="pcpus/pcpu[@id = $id]"/>
                    <td>
                      <xsl:attribute name="class">
                        <xsl:if test="$p">on</xsl:if>
                        <xsl:if test="@vm_type = 'RTVM'"> rt</xsl:if>
                      </xsl:attribute>
                      <xsl:choose>
                        <xsl:when test="$p[@allocated = 'true']">
                          <span class="alloc" title="chosen by acrn-cfgc">●</span>
                        </xsl:when>
                        <xsl:when test="$p">●</xsl:when>
                        <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </xsl:for-each>
                  <td class="status">
                    <xsl:choose>
                      <xsl:when test="$problem != ''">
                        <xsl:value-of select="concat('⚠ ', substring($problem, 1, string-length($problem) - 2))"/>
                      </xsl:when>
                      <xsl:when test="count($users) = 0">unused</xsl:when>
                      <xsl:when test="count($users) = 1">exclusive</xsl:when>
                      <xsl:when test="$rt">
                        <xsl:value-of select="concat('real-time VM; in the Service VM', &quot;'&quot;, 's default set')"/>
                      </xsl:when>
                      <xsl:otherwise>
                        <xsl:value-of select="concat('shared by ', count($users), ' VMs')"/>
                      </xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ================================================================== memory map -->

  <!--
    Host physical memory as lanes on one address axis: the board's RAM and reserved ranges
    (when the document has a board section) and what is assigned: the hypervisor, every VM
    region with an HPA, hypervisor-provided ivshmem memory. The axis is cut at every start and
    end; each band between two cuts is drawn with a height that grows with the log of its size
    (see band-height), so 4 KiB and 30 GiB both stay readable. Guest memory without an HPA
    (post-launched VMs) is drawn beside the map.
  -->
  <xsl:variable name="items-rtf">
    <xsl:for-each select="$root/hv/hv_ram[start and size]">
      <xsl:call-template name="mem-item">
        <xsl:with-param name="lane" select="'host'"/>
        <xsl:with-param name="kind" select="'hv'"/>
        <xsl:with-param name="owner" select="'hypervisor'"/>
        <xsl:with-param name="start" select="start"/>
        <xsl:with-param name="size" select="size"/>
        <xsl:with-param name="alloc" select="start/@allocated = 'true' or size/@allocated = 'true'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$vms/memory/region[@hpa]">
      <xsl:call-template name="mem-item">
        <xsl:with-param name="lane" select="'host'"/>
        <xsl:with-param name="kind" select="'vm'"/>
        <xsl:with-param name="owner" select="../../@name"/>
        <xsl:with-param name="vm" select="../../@id"/>
        <xsl:with-param name="ci" select="count(../../preceding-sibling::vm) mod 8"/>
        <xsl:with-param name="start" select="@hpa"/>
        <xsl:with-param name="size" select="@size"/>
        <xsl:with-param name="gpa" select="@gpa"/>
        <xsl:with-param name="alloc" select="@allocated = 'true'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$root/ivshmem_regions/region[hpa]">
      <xsl:call-template name="mem-item">
        <xsl:with-param name="lane" select="'host'"/>
        <xsl:with-param name="kind" select="'ivshmem'"/>
        <xsl:with-param name="owner" select="concat('ivshmem ', @name)"/>
        <xsl:with-param name="start" select="hpa"/>
        <xsl:with-param name="size" select="@size"/>
        <xsl:with-param name="alloc" select="hpa/@allocated = 'true'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$board/ram/range">
      <xsl:call-template name="mem-item">
        <xsl:with-param name="lane" select="'ram'"/>
        <xsl:with-param name="kind" select="'ram'"/>
        <xsl:with-param name="owner" select="'RAM'"/>
        <xsl:with-param name="start" select="@start"/>
        <xsl:with-param name="size" select="@size"/>
        <xsl:with-param name="end" select="@end"/>
      </xsl:call-template>
    </xsl:for-each>
    <!-- identical reserved ranges (/proc/iomem lists some twice, under two names) are one box -->
    <xsl:for-each select="$board/reserved/range">
      <xsl:variable name="same" select="../range[@start = current()/@start and @size = current()/@size]"/>
      <xsl:if test="not(preceding-sibling::range[@start = current()/@start and @size = current()/@size])">
      <xsl:call-template name="mem-item">
        <xsl:with-param name="lane" select="'rsv'"/>
        <xsl:with-param name="kind" select="'rsv'"/>
        <xsl:with-param name="owner">
          <xsl:for-each select="$same">
            <xsl:if test="position() &gt; 1"> / </xsl:if>
            <xsl:value-of select="@name"/>
            <xsl:if test="normalize-space(@name) = ''">reserved</xsl:if>
          </xsl:for-each>
        </xsl:with-param>
        <xsl:with-param name="start" select="@start"/>
        <xsl:with-param name="size" select="@size"/>
      </xsl:call-template>
      </xsl:if>
    </xsl:for-each>
  </xsl:variable>
  <!-- numbered in document order, so identical ranges can be told apart -->
  <xsl:variable name="items-numbered-rtf">
    <xsl:for-each select="x:node-set($items-rtf)/m:i[@end &gt; @start]">
      <m:i n="{position()}">
        <xsl:copy-of select="@*"/>
      </m:i>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="items" select="x:node-set($items-numbered-rtf)/m:i"/>

  <!-- One interval: start and end as decimal, hex start and size kept for the label. end, when
       given instead of a size, is inclusive (as in /proc/iomem). -->
  <xsl:template name="mem-item">
    <xsl:param name="lane"/>
    <xsl:param name="kind"/>
    <xsl:param name="owner"/>
    <xsl:param name="vm" select="''"/>
    <xsl:param name="ci" select="7"/>
    <xsl:param name="start"/>
    <xsl:param name="size" select="''"/>
    <xsl:param name="end" select="''"/>
    <xsl:param name="gpa" select="''"/>
    <xsl:param name="alloc" select="false()"/>
    <xsl:variable name="s">
      <xsl:call-template name="num"><xsl:with-param name="h" select="$start"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="n">
      <xsl:choose>
        <xsl:when test="string($size) != ''">
          <xsl:call-template name="num"><xsl:with-param name="h" select="$size"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="e">
            <xsl:call-template name="num"><xsl:with-param name="h" select="$end"/></xsl:call-template>
          </xsl:variable>
          <xsl:value-of select="format-number($e + 1 - $s, '0')"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <m:i lane="{$lane}" kind="{$kind}" owner="{$owner}" vm="{$vm}" ci="{$ci}" gpa="{$gpa}"
        start="{$s}" size="{$n}" end="{format-number($s + $n, '0')}" alloc="{boolean($alloc)}">
      <xsl:attribute name="hstart">
        <xsl:call-template name="hex"><xsl:with-param name="n" select="$s"/></xsl:call-template>
      </xsl:attribute>
    </m:i>
  </xsl:template>

  <xsl:variable name="bounds-rtf">
    <m:b v="0"/>
    <xsl:for-each select="$items">
      <m:b v="{@start}"/>
      <m:b v="{@end}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="bounds-sorted-rtf">
    <xsl:for-each select="x:node-set($bounds-rtf)/m:b">
      <xsl:sort select="@v" data-type="number"/>
      <xsl:copy-of select="."/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="bounds"
      select="x:node-set($bounds-sorted-rtf)/m:b[not(@v = preceding-sibling::m:b[1]/@v)]"/>

  <!-- The bands between consecutive cuts; cov: some range covers the band. -->
  <xsl:variable name="bands-rtf">
    <xsl:for-each select="$bounds[position() != last()]">
      <xsl:variable name="lo" select="number(@v)"/>
      <xsl:variable name="hi" select="number(following-sibling::m:b[@v &gt; $lo][1]/@v)"/>
      <xsl:variable name="cov" select="boolean($items[@start &lt;= $lo and @end &gt;= $hi])"/>
      <xsl:variable name="h">
        <xsl:call-template name="band-height">
          <xsl:with-param name="len" select="$hi - $lo"/>
          <xsl:with-param name="covered" select="$cov"/>
        </xsl:call-template>
      </xsl:variable>
      <m:s lo="{@v}" hi="{format-number($hi, '0')}" cov="{$cov}" h="{$h}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="bands" select="x:node-set($bands-rtf)/m:s"/>

  <!-- 16 px for 4 KiB or less, 4 px more per doubling; a gap nobody covers: 14 px + 1 per doubling -->
  <xsl:template name="band-height">
    <xsl:param name="len"/>
    <xsl:param name="covered"/>
    <xsl:variable name="l2">
      <xsl:call-template name="log2"><xsl:with-param name="n" select="$len"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="d" select="($l2 &gt; 12) * ($l2 - 12)"/>
    <xsl:choose>
      <xsl:when test="$covered"><xsl:value-of select="16 + 4 * $d"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="14 + $d"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Post-launched guest memory: no HPA, stacked beside the map. -->
  <xsl:variable name="nohpa-rtf">
    <xsl:for-each select="$vms/memory/region[not(@hpa)]">
      <xsl:variable name="n">
        <xsl:call-template name="num"><xsl:with-param name="h" select="@size"/></xsl:call-template>
      </xsl:variable>
      <xsl:variable name="h">
        <xsl:call-template name="band-height">
          <xsl:with-param name="len" select="$n"/>
          <xsl:with-param name="covered" select="true()"/>
        </xsl:call-template>
      </xsl:variable>
      <m:r owner="{../../@name}" vm="{../../@id}" ci="{count(../../preceding-sibling::vm) mod 8}"
          gpa="{@gpa}" size="{@size}" h="{$h}" alloc="{@allocated = 'true'}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="nohpa" select="x:node-set($nohpa-rtf)/m:r"/>

  <xsl:template name="memory-section">
    <section id="memory">
      <h2>Host memory map</h2>
      <p class="note">
        <xsl:text>Host-physical addresses grow downwards. Not linear: the axis is cut at every range start and end, and each band's height grows with the logarithm of its size (16 px for 4 KiB, 4 px more for every doubling; unassigned gaps, hatched: 14 px + 1 px per doubling), so read sizes from the labels. Every range is labelled with owner, start and size; </xsl:text>
        <xsl:text>dashed blue outlines are ranges acrn-cfgc placed.</xsl:text>
        <xsl:choose>
          <xsl:when test="$board/ram/range"> Left, the board's RAM and its reserved ranges (firmware, MMIO windows, tables: no VM gets them as RAM; nested or overlapping ones are inset); right, what is assigned. An assigned range that overlaps another, a reserved range, or leaves the board's RAM is outlined in red. Hatched: addresses in no range at all.</xsl:when>
          <xsl:otherwise> The resolved document has no board section, so the board's RAM and reserved ranges are not drawn; hatched gaps are addresses no VM or hypervisor range uses.</xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="legend-row">
        <xsl:for-each select="$vms">
          <span class="key"><span class="sw s{count(preceding-sibling::vm) mod 8}"><xsl:text> </xsl:text></span><xsl:value-of select="@name"/></span>
        </xsl:for-each>
        <span class="key"><span class="sw" style="background: #3b4457"><xsl:text> </xsl:text></span>hypervisor</span>
        <xsl:if test="$root/ivshmem_regions/region/hpa">
          <span class="key"><span class="sw" style="background: #ffd98a"><xsl:text> </xsl:text></span>ivshmem</span>
        </xsl:if>
        <xsl:if test="$board/ram/range">
          <span class="key"><span class="sw" style="background: #d9f0dc"><xsl:text> </xsl:text></span>board RAM</span>
          <span class="key"><span class="sw" style="background: #e6e6e6"><xsl:text> </xsl:text></span>board reserved</span>
        </xsl:if>
        <span class="key"><span class="sw" style="border: 1.5px dashed #1f5fd1"><xsl:text> </xsl:text></span>placed by acrn-cfgc ◆</span>
      </p>
      <div class="svgbox">
        <xsl:call-template name="memory-svg"/>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="memory-svg" xmlns="http://www.w3.org/2000/svg">
    <xsl:variable name="has-ram" select="boolean($items[@lane = 'ram'])"/>
    <xsl:variable name="has-rsv" select="boolean($items[@lane = 'rsv'])"/>
    <xsl:variable name="top" select="34"/>
    <xsl:variable name="axis-w" select="118"/>
    <xsl:variable name="ram-x" select="$axis-w + 8"/>
    <xsl:variable name="ram-w" select="$has-ram * 178"/>
    <xsl:variable name="rsv-x" select="$ram-x + $ram-w + $has-ram * 6"/>
    <xsl:variable name="rsv-w" select="$has-rsv * 272"/>
    <xsl:variable name="host-x" select="$rsv-x + $rsv-w + $has-rsv * 6"/>
    <xsl:variable name="host-w" select="430"/>
    <xsl:variable name="post-x" select="$host-x + $host-w + 28"/>
    <xsl:variable name="post-w" select="262"/>
    <xsl:variable name="map-h" select="sum($bands/@h)"/>
    <xsl:variable name="post-h" select="sum($nohpa/@h) + 8 * count($nohpa)"/>
    <xsl:variable name="width">
      <xsl:choose>
        <xsl:when test="$nohpa"><xsl:value-of select="$post-x + $post-w + 10"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$host-x + $host-w + 10"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="height">
      <xsl:choose>
        <xsl:when test="$post-h + 30 &gt; $map-h"><xsl:value-of select="$top + $post-h + 40"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$top + $map-h + 20"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <svg id="memory-map" class="memory-map" width="{$width}" height="{$height}"
        viewBox="0 0 {$width} {$height}" role="img">
      <title>
        <xsl:value-of select="concat('Host memory map of ', $root/@board, ' / ', $root/@scenario)"/>
      </title>
      <defs>
        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#fafbfc"/>
          <line x1="0" y1="0" x2="0" y2="6" stroke="#d5dae3" stroke-width="2"/>
        </pattern>
      </defs>
      <text class="head" x="{$axis-w}" y="20" text-anchor="end">host address</text>
      <xsl:if test="$has-ram">
        <text class="head" x="{$ram-x}" y="20">board RAM</text>
      </xsl:if>
      <xsl:if test="$has-rsv">
        <text class="head" x="{$rsv-x}" y="20">board reserved</text>
      </xsl:if>
      <text class="head" x="{$host-x}" y="20">assigned: hypervisor, VMs, ivshmem</text>

      <xsl:if test="not($items)">
        <text class="small" x="{$host-x}" y="{$top + 14}">No range has a host address.</text>
      </xsl:if>

      <!-- gaps nobody covers, across all lanes -->
      <xsl:for-each select="$bands[@cov = 'false']">
        <xsl:variable name="y" select="$top + sum(preceding-sibling::m:s/@h)"/>
        <rect class="gap" x="{$ram-x}" y="{$y}" width="{$host-x + $host-w - $ram-x}" height="{@h}"/>
        <text class="small" x="{$host-x + 8}" y="{$y + @h div 2 + 3.5}">
          <xsl:text>unassigned, </xsl:text>
          <xsl:call-template name="size-of">
            <xsl:with-param name="n" select="@hi - @lo"/>
          </xsl:call-template>
        </text>
      </xsl:for-each>

      <!-- the axis: a tick and an address at every cut -->
      <xsl:for-each select="$bounds">
        <xsl:variable name="v" select="number(@v)"/>
        <xsl:variable name="y" select="$top + sum($bands[@hi &lt;= $v]/@h)"/>
        <line class="tick" x1="{$axis-w - 2}" y1="{$y}" x2="{$host-x + $host-w}" y2="{$y}"/>
        <text class="addr" x="{$axis-w - 5}" y="{$y + 3.5}" text-anchor="end">
          <xsl:call-template name="hex"><xsl:with-param name="n" select="$v"/></xsl:call-template>
        </text>
      </xsl:for-each>

      <!-- the ranges -->
      <xsl:for-each select="$items">
        <xsl:variable name="me" select="."/>
        <xsl:variable name="s" select="number(@start)"/>
        <xsl:variable name="e" select="number(@end)"/>
        <xsl:variable name="y0" select="$top + sum($bands[@hi &lt;= $s]/@h)"/>
        <xsl:variable name="y1" select="$top + sum($bands[@hi &lt;= $e]/@h)"/>
        <xsl:variable name="x">
          <xsl:choose>
            <xsl:when test="@lane = 'ram'"><xsl:value-of select="$ram-x"/></xsl:when>
            <xsl:when test="@lane = 'rsv'"><xsl:value-of select="$rsv-x"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$host-x"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="w">
          <xsl:choose>
            <xsl:when test="@lane = 'ram'"><xsl:value-of select="$ram-w"/></xsl:when>
            <xsl:when test="@lane = 'rsv'"><xsl:value-of select="$rsv-w"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$host-w"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <!-- ranges in one lane may nest or overlap (board ranges do; assigned ones only in
             conflict): each one overlapping an earlier one is inset, so all stay visible -->
        <xsl:variable name="depth"
            select="count($items[@lane = $me/@lane and @start &lt; $e and @end &gt; $s
                and (@start &lt; $s or (@start = $s and @size &gt; $me/@size)
                    or (@start = $s and @size = $me/@size and @n &lt; $me/@n))])"/>
        <xsl:variable name="inset" select="(16 + 8 * (@lane = 'host')) * $depth"/>
        <!-- a range with others inset inside it has its label at its top, clear of theirs -->
        <xsl:variable name="holds"
            select="$items[@lane = $me/@lane and @start &lt; $e and @end &gt; $s
                and (@start &gt; $s or (@start = $s and @size &lt; $me/@size)
                    or (@start = $s and @size = $me/@size and @n &gt; $me/@n))]"/>
        <!-- assigned ranges must not overlap, and must lie in the board's RAM outside its
             reserved ranges (when the document has them) -->
        <xsl:variable name="clash"
            select="$items[@lane = 'host' and $me/@lane = 'host' and @start &lt; $e and @end &gt; $s
                and generate-id() != generate-id($me)]"/>
        <xsl:variable name="in-rsv"
            select="$items[@lane = 'rsv' and $me/@lane = 'host' and @start &lt; $e and @end &gt; $s]"/>
        <xsl:variable name="off-ram"
            select="$me/@lane = 'host' and $items[@lane = 'ram']
                and not($items[@lane = 'ram' and @start &lt;= $s and @end &gt;= $e])"/>
        <xsl:variable name="size-text">
          <xsl:call-template name="size-of"><xsl:with-param name="n" select="@size"/></xsl:call-template>
        </xsl:variable>
        <g class="range {@kind}" data-owner="{@owner}" data-start="{@hstart}">
          <xsl:if test="$clash or $in-rsv or $off-ram">
            <xsl:attribute name="data-conflict">yes</xsl:attribute>
          </xsl:if>
          <xsl:if test="@kind = 'vm'">
            <xsl:attribute name="data-vm"><xsl:value-of select="@vm"/></xsl:attribute>
          </xsl:if>
          <title>
            <xsl:value-of select="concat(@owner, ': ', @hstart, ', ', $size-text)"/>
            <xsl:if test="@gpa != ''"><xsl:value-of select="concat(', guest address ', @gpa)"/></xsl:if>
            <xsl:if test="@alloc = 'true'"> (chosen by acrn-cfgc)</xsl:if>
          </title>
          <rect x="{$x + $inset}" y="{$y0}" width="{$w - $inset}" height="{$y1 - $y0}">
            <xsl:attribute name="class">
              <xsl:text>region </xsl:text>
              <xsl:choose>
                <xsl:when test="@kind = 'vm'"><xsl:value-of select="concat('c', @ci)"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="@alloc = 'true'"> alloc</xsl:if>
              <xsl:if test="$clash or $in-rsv or $off-ram"> conflict</xsl:if>
            </xsl:attribute>
          </rect>
          <text x="{$x + $inset + 7}">
            <xsl:attribute name="y">
              <xsl:choose>
                <xsl:when test="$holds"><xsl:value-of select="$y0 + 12"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="($y0 + $y1) div 2 + 4"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:attribute name="class">
              <xsl:choose>
                <xsl:when test="@kind = 'hv'">label on-dark</xsl:when>
                <xsl:when test="@lane != 'host'">label board</xsl:when>
                <xsl:otherwise>label</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:if test="$clash or $in-rsv or $off-ram">
              <xsl:attribute name="class">label bad</xsl:attribute>
              <xsl:text>⚠ </xsl:text>
              <xsl:choose>
                <xsl:when test="$clash"><xsl:value-of select="concat('overlaps ', $clash[1]/@owner)"/></xsl:when>
                <xsl:when test="$in-rsv"><xsl:value-of select="concat('in reserved ', $in-rsv[1]/@owner)"/></xsl:when>
                <xsl:otherwise>outside the board's RAM</xsl:otherwise>
              </xsl:choose>
              <xsl:text>: </xsl:text>
            </xsl:if>
            <!-- long names are cut to fit the lane; the tooltip and the tables have them whole -->
            <xsl:variable name="max" select="22 + 12 * (@lane = 'host')"/>
            <tspan class="owner">
              <xsl:choose>
                <xsl:when test="string-length(@owner) &gt; $max">
                  <xsl:value-of select="concat(substring(@owner, 1, $max - 1), '…')"/>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="@owner"/></xsl:otherwise>
              </xsl:choose>
            </tspan>
            <xsl:value-of select="concat('  ', @hstart, ' · ', $size-text)"/>
            <xsl:if test="@gpa != '' and not($clash or $in-rsv or $off-ram)">
              <xsl:value-of select="concat(' · GPA ', @gpa)"/>
            </xsl:if>
            <xsl:if test="@alloc = 'true'"> ◆</xsl:if>
          </text>
        </g>
      </xsl:for-each>

      <!-- guest memory without a fixed host address -->
      <xsl:if test="$nohpa">
        <text class="head" x="{$post-x}" y="20">no fixed host address (device model)</text>
        <xsl:for-each select="$nohpa">
          <xsl:variable name="y" select="$top + sum(preceding-sibling::m:r/@h) + 8 * (position() - 1)"/>
          <xsl:variable name="size-text">
            <xsl:call-template name="size-of"><xsl:with-param name="h" select="@size"/></xsl:call-template>
          </xsl:variable>
          <g class="range vm nohpa" data-owner="{@owner}" data-vm="{@vm}" data-start="{@gpa}">
            <title>
              <xsl:value-of select="concat(@owner, ': guest address ', @gpa, ', ', $size-text,
                  ', taken from the Service VM by the device model at launch')"/>
            </title>
            <rect x="{$post-x}" y="{$y}" width="{$post-w}" height="{@h}" class="region nohpa c{@ci}"/>
            <text class="label" x="{$post-x + 7}" y="{$y + @h div 2 + 4}">
              <tspan class="owner"><xsl:value-of select="@owner"/></tspan>
              <xsl:value-of select="concat('  GPA ', @gpa, ' · ', $size-text)"/>
              <xsl:if test="@alloc = 'true'"> ◆</xsl:if>
            </text>
          </g>
        </xsl:for-each>
        <text class="small" x="{$post-x}" y="{$top + $post-h + 12}">Post-launched VMs: the device model maps this</text>
        <text class="small" x="{$post-x}" y="{$top + $post-h + 25}">from the Service VM's memory at launch.</text>
      </xsl:if>
    </svg>
  </xsl:template>

  <!-- ================================================================== passthrough, ivshmem -->

  <xsl:template name="pci-section">
    <section id="pci">
      <h2>Passthrough devices</h2>
      <p class="note">Physical BDF to the virtual BDF the guest sees, and the legacy interrupt: physical GSI to virtual GSI (pre-launched and Service VMs keep the physical GSI; the device model routes post-launched VMs' INTx). A row turns red when one physical device is given to two VMs.</p>
      <xsl:choose>
        <xsl:when test="$vms/pci_devs/pci_dev">
          <table class="grid">
            <thead>
              <tr>
                <th>VM</th>
                <th>pBDF</th>
                <th>vBDF</th>
                <th>INTx</th>
                <th>pGSI → vGSI</th>
                <th>Device</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$vms/pci_devs/pci_dev">
                <xsl:variable name="pbdf" select="@pbdf"/>
                <xsl:variable name="twice" select="count($vms/pci_devs/pci_dev[@pbdf = $pbdf]) &gt; 1"/>
                <tr>
                  <xsl:if test="$twice">
                    <xsl:attribute name="class">conflict</xsl:attribute>
                  </xsl:if>
                  <td>
                    <span class="sw s{count(../../preceding-sibling::vm) mod 8}"><xsl:text> </xsl:text></span>
                    <a href="#vm-{../../@id}"><xsl:value-of select="../../@name"/></a>
                  </td>
                  <td class="mono">
                    <xsl:value-of select="@pbdf"/>
                    <xsl:if test="$twice"><span class="bad"> ⚠ also given to another VM</span></xsl:if>
                  </td>
                  <td>
                    <xsl:call-template name="val">
                      <xsl:with-param name="v" select="vbdf"/>
                      <xsl:with-param name="mono" select="true()"/>
                    </xsl:call-template>
                  </td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="intx"><xsl:value-of select="intx/@pin"/></xsl:when>
                      <xsl:otherwise><span class="none">none routed</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="intx">
                        <span class="mono"><xsl:value-of select="intx/@pgsi"/></span>
                        <xsl:text> → </xsl:text>
                        <xsl:choose>
                          <xsl:when test="intx/@vgsi">
                            <xsl:call-template name="alloc-wrap">
                              <xsl:with-param name="text" select="string(intx/@vgsi)"/>
                              <xsl:with-param name="alloc" select="intx/@allocated = 'true'"/>
                              <xsl:with-param name="mono" select="true()"/>
                            </xsl:call-template>
                          </xsl:when>
                          <xsl:otherwise><span class="none">device model</span></xsl:otherwise>
                        </xsl:choose>
                      </xsl:when>
                      <xsl:otherwise><span class="none">–</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="desc">
                    <xsl:value-of select="@description"/>
                    <xsl:if test="not(@description)">–</xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise>
          <p class="none">No device is passed through.</p>
        </xsl:otherwise>
      </xsl:choose>

      <h2 style="margin-top: 20px">Inter-VM shared memory (ivshmem)</h2>
      <xsl:choose>
        <xsl:when test="$root/ivshmem_regions/region">
          <table class="grid">
            <thead>
              <tr>
                <th>Region</th>
                <th>Provided by</th>
                <th>Size</th>
                <th>Host address</th>
                <th>Member VM</th>
                <th>vBDF</th>
                <th>BAR0 (registers)</th>
                <th>BAR2 (shared memory)</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$root/ivshmem_regions/region">
                <xsl:variable name="name" select="@name"/>
                <xsl:variable name="members" select="$vms/ivshmem_devs/ivshmem[@name = $name]"/>
                <xsl:variable name="rows" select="count($members) + not($members)"/>
                <tr>
                  <td rowspan="{$rows}"><xsl:value-of select="@name"/></td>
                  <td rowspan="{$rows}"><xsl:value-of select="@provided_by"/></td>
                  <td rowspan="{$rows}">
                    <xsl:call-template name="size-of"><xsl:with-param name="h" select="@size"/></xsl:call-template>
                  </td>
                  <td rowspan="{$rows}">
                    <xsl:choose>
                      <xsl:when test="hpa">
                        <xsl:call-template name="val">
                          <xsl:with-param name="v" select="hpa"/>
                          <xsl:with-param name="mono" select="true()"/>
                        </xsl:call-template>
                      </xsl:when>
                      <xsl:otherwise><span class="none">device model</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <xsl:choose>
                    <xsl:when test="$members">
                      <xsl:apply-templates select="$members[1]" mode="ivshmem-member"/>
                    </xsl:when>
                    <xsl:otherwise>
                      <td colspan="4"><span class="bad">no member VM</span></td>
                    </xsl:otherwise>
                  </xsl:choose>
                </tr>
                <xsl:for-each select="$members[position() &gt; 1]">
                  <tr><xsl:apply-templates select="." mode="ivshmem-member"/></tr>
                </xsl:for-each>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise>
          <p class="none">No ivshmem region.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="ivshmem" mode="ivshmem-member">
    <td>
      <span class="sw s{count(../../preceding-sibling::vm) mod 8}"><xsl:text> </xsl:text></span>
      <a href="#vm-{../../@id}"><xsl:value-of select="../../@name"/></a>
    </td>
    <td>
      <xsl:call-template name="val">
        <xsl:with-param name="v" select="vbdf"/>
        <xsl:with-param name="mono" select="true()"/>
      </xsl:call-template>
    </td>
    <td>
      <xsl:call-template name="val">
        <xsl:with-param name="v" select="bar0"/>
        <xsl:with-param name="mono" select="true()"/>
      </xsl:call-template>
    </td>
    <td>
      <xsl:call-template name="val">
        <xsl:with-param name="v" select="bar2"/>
        <xsl:with-param name="mono" select="true()"/>
      </xsl:call-template>
    </td>
  </xsl:template>

  <!-- ================================================================== vUART wiring -->

  <!-- Each connection once, from the end whose VM comes first (or that has no peer). -->
  <xsl:variable name="links"
      select="$vms/vuart_connections/vuart_connection[not(@peer_id)
          or ../../following-sibling::vm/@id = @peer_id
          or (@peer_id = ../../@id and @peer_connection &gt; count(preceding-sibling::vuart_connection))]"/>

  <xsl:template name="vuart-section">
    <section id="vuart">
      <h2>vUART wiring</h2>
      <p class="note">Each VM's console vUART, and every connection between two VMs: which port of one VM is wired to which port of the other. Dashed wires are PCI vUARTs.</p>
      <div class="svgbox">
        <xsl:call-template name="vuart-svg"/>
      </div>
      <div class="twocol" style="margin-top: 12px">
        <div>
          <h3>Connections</h3>
          <xsl:choose>
            <xsl:when test="$links">
              <table class="grid">
                <thead>
                  <tr>
                    <th>Connection</th>
                    <th>VM</th>
                    <th>Port</th>
                    <th><xsl:text> </xsl:text></th>
                    <th>VM</th>
                    <th>Port</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$links">
                    <xsl:variable name="name" select="@name"/>
                    <xsl:variable name="e" select="."/>
                    <xsl:variable name="f" select="$vms[@id = $e/@peer_id]/vuart_connections/vuart_connection[($e/@peer_connection and position() = $e/@peer_connection + 1) or (not($e/@peer_connection) and @name = $e/@name)][1]"/>
                    <tr>
                      <xsl:if test="not($f)">
                        <xsl:attribute name="class">conflict</xsl:attribute>
                      </xsl:if>
                      <td><xsl:value-of select="$name"/></td>
                      <td><a href="#vm-{../../@id}"><xsl:value-of select="../../@name"/></a></td>
                      <td><xsl:apply-templates select="." mode="vuart"/></td>
                      <td>⟷</td>
                      <xsl:choose>
                        <xsl:when test="$f">
                          <td><a href="#vm-{$f/../../@id}"><xsl:value-of select="$f/../../@name"/></a></td>
                          <td><xsl:apply-templates select="$f" mode="vuart"/></td>
                        </xsl:when>
                        <xsl:otherwise>
                          <td colspan="2">
                            <span class="bad">
                              <xsl:text>⚠ no other end</xsl:text>
                              <xsl:if test="@peer"><xsl:value-of select="concat(' (peer ', @peer, ')')"/></xsl:if>
                            </span>
                          </td>
                        </xsl:otherwise>
                      </xsl:choose>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </xsl:when>
            <xsl:otherwise>
              <p class="none">No vUART connection.</p>
            </xsl:otherwise>
          </xsl:choose>
        </div>
        <div>
          <h3>Consoles</h3>
          <table class="grid">
            <thead>
              <tr>
                <th>VM</th>
                <th>Console vUART</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$vms">
                <tr>
                  <td><a href="#vm-{@id}"><xsl:value-of select="@name"/></a></td>
                  <td><xsl:apply-templates select="console_vuart" mode="vuart"/></td>
                </tr>
              </xsl:for-each>
              <xsl:if test="not($vms)">
                <tr><td colspan="2">–</td></tr>
              </xsl:if>
            </tbody>
          </table>
          <xsl:if test="normalize-space($root/hv/debug/serial_console) != ''">
            <p class="note">
              <xsl:text>The hypervisor's own console: </xsl:text>
              <span class="mono"><xsl:value-of select="$root/hv/debug/serial_console"/></span>
            </p>
          </xsl:if>
        </div>
      </div>
    </section>
  </xsl:template>

  <!-- VMs as boxes in a row; each connection an arc under the boxes, its ports at the ends. -->
  <xsl:template name="vuart-svg" xmlns="http://www.w3.org/2000/svg">
    <xsl:variable name="n" select="count($vms) + not($vms)"/>
    <xsl:variable name="gap" select="22"/>
    <xsl:variable name="bw">
      <xsl:choose>
        <xsl:when test="floor((1300 - $gap * ($n - 1)) div $n) &gt; 210">210</xsl:when>
        <xsl:otherwise><xsl:value-of select="floor((1300 - $gap * ($n - 1)) div $n)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="bh" select="58"/>
    <xsl:variable name="top" select="10"/>
    <xsl:variable name="base" select="$top + $bh"/>
    <xsl:variable name="width" select="20 + $n * $bw + ($n - 1) * $gap"/>
    <xsl:variable name="height" select="$base + 28 + 34 * count($links)"/>
    <svg id="vuart-wiring" width="{$width}" height="{$height}" viewBox="0 0 {$width} {$height}" role="img">
      <title>vUART wiring</title>
      <xsl:for-each select="$vms">
        <xsl:variable name="x" select="10 + (position() - 1) * ($bw + $gap)"/>
        <g class="vm" data-vm="{@id}">
          <rect x="{$x}" y="{$top}" width="{$bw}" height="{$bh}" rx="6"
              class="vmbox c{count(preceding-sibling::vm) mod 8}{substring(' rt', 1, 3 * (@vm_type = 'RTVM'))}"/>
          <text class="head" x="{$x + 8}" y="{$top + 17}">
            <xsl:value-of select="@name"/>
          </text>
          <text class="small" x="{$x + 8}" y="{$top + 32}">
            <xsl:value-of select="concat('VM ', @id, ', ', @vm_type)"/>
          </text>
          <text class="mono" x="{$x + 8}" y="{$top + 48}">
            <xsl:text>console: </xsl:text>
            <xsl:for-each select="console_vuart">
              <xsl:choose>
                <xsl:when test="@type = 'legacy'"><xsl:value-of select="concat(io_port, ' IRQ ', irq)"/></xsl:when>
                <xsl:when test="@type = 'pci'"><xsl:value-of select="concat('PCI ', vbdf)"/></xsl:when>
                <xsl:otherwise>none</xsl:otherwise>
              </xsl:choose>
              <xsl:if test="*/@allocated = 'true'"> ◆</xsl:if>
            </xsl:for-each>
          </text>
        </g>
      </xsl:for-each>
      <xsl:if test="not($links)">
        <text class="small" x="10" y="{$base + 24}">No vUART connection between VMs.</text>
      </xsl:if>
      <xsl:for-each select="$links">
        <xsl:variable name="name" select="@name"/>
        <xsl:variable name="e" select="."/>
        <xsl:variable name="f" select="$vms[@id = $e/@peer_id]/vuart_connections/vuart_connection[($e/@peer_connection and position() = $e/@peer_connection + 1) or (not($e/@peer_connection) and @name = $e/@name)][1]"/>
        <xsl:variable name="ia" select="count(../../preceding-sibling::vm)"/>
        <xsl:variable name="ib" select="count($f/../../preceding-sibling::vm)"/>
        <xsl:variable name="k" select="position()"/>
        <xsl:variable name="d" select="26 + 34 * ($k - 1)"/>
        <xsl:variable name="xa" select="10 + $ia * ($bw + $gap) + $bw div 2 - 30 + 12 * (($k - 1) mod 5)"/>
        <xsl:variable name="xb" select="10 + $ib * ($bw + $gap) + $bw div 2 + 30 - 12 * (($k - 1) mod 5)"/>
        <g class="link" data-name="{$name}">
          <xsl:choose>
            <xsl:when test="$f">
              <path class="wire{substring(' pci', 1, 4 * (@type = 'pci'))}"
                  d="M {$xa} {$base} V {$base + $d - 10} Q {$xa} {$base + $d} {$xa + 10 * (1 - 2 * ($xb &lt; $xa))} {$base + $d} H {$xb - 10 * (1 - 2 * ($xb &lt; $xa))} Q {$xb} {$base + $d} {$xb} {$base + $d - 10} V {$base}"/>
              <circle cx="{$xa}" cy="{$base}" r="3.5" fill="#3b4457"/>
              <circle cx="{$xb}" cy="{$base}" r="3.5" fill="#3b4457"/>
              <text class="mono" x="{$xa + 5 - 10 * ($xb &lt; $xa)}" y="{$base + $d - 4}">
                <xsl:if test="$xb &lt; $xa"><xsl:attribute name="text-anchor">end</xsl:attribute></xsl:if>
                <xsl:apply-templates select="$e" mode="port-text"/>
              </text>
              <text class="mono" x="{$xb - 5 + 10 * ($xb &lt; $xa)}" y="{$base + $d - 4}">
                <xsl:if test="not($xb &lt; $xa)"><xsl:attribute name="text-anchor">end</xsl:attribute></xsl:if>
                <xsl:apply-templates select="$f" mode="port-text"/>
              </text>
              <text class="small" x="{($xa + $xb) div 2}" y="{$base + $d + 12}" text-anchor="middle">
                <xsl:value-of select="concat($name, ': ', ../../@name, ' ⟷ ', $f/../../@name)"/>
              </text>
            </xsl:when>
            <xsl:otherwise>
              <path class="wire" d="M {$xa} {$base} V {$base + $d}"/>
              <text class="bad" x="{$xa + 6}" y="{$base + $d}">
                <xsl:value-of select="concat('⚠ ', $name, ': no other end')"/>
              </text>
            </xsl:otherwise>
          </xsl:choose>
        </g>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <xsl:template match="vuart_connection" mode="port-text">
    <xsl:choose>
      <xsl:when test="@type = 'legacy'">
        <xsl:value-of select="concat(io_port, ' IRQ ', irq)"/>
        <xsl:if test="io_port/@allocated = 'true' or irq/@allocated = 'true'"> ◆</xsl:if>
      </xsl:when>
      <xsl:when test="@type = 'pci'">
        <xsl:value-of select="concat('PCI ', vbdf)"/>
        <xsl:if test="vbdf/@allocated = 'true'"> ◆</xsl:if>
      </xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== cache allocation -->

  <xsl:template name="cat-section">
    <xsl:variable name="cache" select="$root/hv/rdt/cache"/>
    <xsl:if test="$cache">
      <section id="cat">
        <h2>Cache allocation (CAT)</h2>
        <p class="note">
          <xsl:value-of select="concat('L', $cache/@level, ' cache, ', $cache/@ways, ' ways, ',
              $cache/@clos_count, ' classes of service')"/>
          <xsl:if test="$root/hv/rdt/@cdp = 'y'">, code and data prioritisation on</xsl:if>
          <xsl:text>. One column per way, highest first; a filled cell is a way the VM may fill. Real-time VMs' ways are red; a hatched cell is a way a real-time VM shares with another VM.</xsl:text>
        </p>
        <xsl:variable name="masks-rtf">
          <xsl:for-each select="$vms[clos]">
            <m:c vm="{@id}" clos="{clos/@id}" rt="{@vm_type = 'RTVM'}">
              <xsl:attribute name="m">
                <xsl:call-template name="num"><xsl:with-param name="h" select="clos/@mask"/></xsl:call-template>
              </xsl:attribute>
            </m:c>
          </xsl:for-each>
        </xsl:variable>
        <xsl:variable name="masks" select="x:node-set($masks-rtf)/m:c"/>
        <xsl:variable name="top">
          <xsl:call-template name="pow2"><xsl:with-param name="i" select="$cache/@ways - 1"/></xsl:call-template>
        </xsl:variable>
        <table class="grid ways">
          <thead>
            <tr>
              <th>VM</th>
              <th>CLOS</th>
              <th>Mask</th>
              <xsl:call-template name="way-heads">
                <xsl:with-param name="i" select="$cache/@ways - 1"/>
              </xsl:call-template>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$vms">
              <tr>
                <xsl:if test="@vm_type = 'RTVM'"><xsl:attribute name="class">rt</xsl:attribute></xsl:if>
                <td>
                  <a href="#vm-{@id}"><xsl:value-of select="@name"/></a>
                  <xsl:if test="@vm_type = 'RTVM'"><span class="badge rt">RT</span></xsl:if>
                </td>
                <xsl:choose>
                  <xsl:when test="clos">
                    <td>
                      <xsl:call-template name="alloc-wrap">
                        <xsl:with-param name="text" select="string(clos/@id)"/>
                        <xsl:with-param name="alloc" select="clos/@allocated = 'true'"/>
                      </xsl:call-template>
                    </td>
                    <td>
                      <xsl:call-template name="alloc-wrap">
                        <xsl:with-param name="text" select="string(clos/@mask)"/>
                        <xsl:with-param name="alloc" select="clos/@allocated = 'true'"/>
                        <xsl:with-param name="mono" select="true()"/>
                      </xsl:call-template>
                    </td>
                    <xsl:call-template name="way-cells">
                      <xsl:with-param name="me" select="$masks[@vm = current()/@id]"/>
                      <xsl:with-param name="all" select="$masks"/>
                      <xsl:with-param name="p" select="number($top)"/>
                    </xsl:call-template>
                  </xsl:when>
                  <xsl:otherwise>
                    <td colspan="{2 + $cache/@ways}"><span class="none">no CLOS</span></td>
                  </xsl:otherwise>
                </xsl:choose>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="way-heads">
    <xsl:param name="i"/>
    <xsl:if test="$i &gt;= 0">
      <th class="way"><xsl:value-of select="$i"/></th>
      <xsl:call-template name="way-heads"><xsl:with-param name="i" select="$i - 1"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- One cell per way from bit p = 2^i down to 1. -->
  <xsl:template name="way-cells">
    <xsl:param name="me"/>
    <xsl:param name="all"/>
    <xsl:param name="p"/>
    <xsl:if test="$p &gt;= 1">
      <xsl:variable name="set" select="floor($me/@m div $p) mod 2 = 1"/>
      <xsl:variable name="others" select="$all[@vm != $me/@vm and floor(@m div $p) mod 2 = 1]"/>
      <xsl:variable name="clash" select="$set and $others and ($me/@rt = 'true' or $others[@rt = 'true'])"/>
      <td>
        <xsl:attribute name="class">
          <xsl:text>way</xsl:text>
          <xsl:if test="$set"> set</xsl:if>
          <xsl:if test="$clash"> clash</xsl:if>
        </xsl:attribute>
        <xsl:text> </xsl:text>
      </td>
      <xsl:call-template name="way-cells">
        <xsl:with-param name="me" select="$me"/>
        <xsl:with-param name="all" select="$all"/>
        <xsl:with-param name="p" select="$p div 2"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== board -->

  <!-- Only when the resolved document carries the board's facts. -->
  <xsl:template name="board-section">
    <xsl:if test="$board">
      <section id="board">
        <h2>Board</h2>
        <p class="note">The facts of the board file the configuration was compiled for, as the compiler read them.</p>
        <div class="twocol">
          <div>
            <table class="grid">
              <tbody>
                <tr>
                  <th>pCPUs</th>
                  <td>
                    <xsl:value-of select="count($board/pcpus/pcpu)"/>
                    <span class="none"> (APIC ids in the pCPU x VM table)</span>
                  </td>
                </tr>
                <tr>
                  <th>RAM</th>
                  <td>
                    <xsl:call-template name="sum-sizes">
                      <xsl:with-param name="nodes" select="$board/ram/range/@size"/>
                    </xsl:call-template>
                    <xsl:value-of select="concat(' in ', count($board/ram/range), ' ranges; ',
                        count($board/reserved/range), ' reserved ranges')"/>
                  </td>
                </tr>
                <tr>
                  <th>Serial console</th>
                  <td>
                    <xsl:choose>
                      <xsl:when test="$board/serial_console">
                        <xsl:for-each select="$board/serial_console">
                          <span class="mono"><xsl:value-of select="@device"/></span>
                          <xsl:value-of select="concat(', ', @type, ' ', @base)"/>
                          <xsl:if test="@irq"><xsl:value-of select="concat(', IRQ ', @irq)"/></xsl:if>
                        </xsl:for-each>
                      </xsl:when>
                      <xsl:otherwise><span class="none">no port of the board matches the hypervisor's serial console</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
                <tr>
                  <th>Cache allocation</th>
                  <td>
                    <xsl:choose>
                      <xsl:when test="$board/cat">
                        <xsl:value-of select="concat('L', $board/cat/@level, ': ', $board/cat/@cbm_length,
                            '-bit capacity masks, ', $board/cat/@clos_count, ' CLOS, CDP ', $board/cat/@cdp)"/>
                      </xsl:when>
                      <xsl:otherwise><span class="none">no cache with CAT</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
          <div>
            <table class="grid">
              <thead>
                <tr>
                  <th>IOAPIC</th>
                  <th>Address</th>
                  <th>GSIs</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="$board/ioapics/ioapic">
                  <xsl:variable name="base">
                    <xsl:call-template name="num"><xsl:with-param name="h" select="@gsi_base"/></xsl:call-template>
                  </xsl:variable>
                  <tr>
                    <td><xsl:value-of select="@id"/></td>
                    <td class="mono"><xsl:value-of select="@address"/></td>
                    <td>
                      <xsl:value-of select="concat($base, '..', $base + @gsi_count - 1, ' (', @gsi_count, ')')"/>
                    </td>
                  </tr>
                </xsl:for-each>
                <xsl:if test="not($board/ioapics/ioapic)">
                  <tr><td colspan="3">none</td></tr>
                </xsl:if>
              </tbody>
            </table>
          </div>
        </div>
        <details>
          <summary>
            <xsl:value-of select="concat('Memory ranges (', count($board/ram/range), ' RAM, ',
                count($board/reserved/range), ' reserved)')"/>
          </summary>
          <table class="grid">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Start</th>
                <th>Size</th>
                <th>Name</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$board/ram/range | $board/reserved/range">
                <tr>
                  <td><xsl:value-of select="local-name(..)"/></td>
                  <td class="mono"><xsl:value-of select="@start"/></td>
                  <td>
                    <xsl:call-template name="size-of"><xsl:with-param name="h" select="@size"/></xsl:call-template>
                  </td>
                  <td>
                    <xsl:value-of select="@name"/>
                    <xsl:if test="not(@name)">–</xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
              <xsl:if test="not($board/ram/range | $board/reserved/range)">
                <tr><td colspan="4">none</td></tr>
              </xsl:if>
            </tbody>
          </table>
        </details>
        <details>
        <summary>
          <xsl:value-of select="concat('PCI devices (', count($board/pci_devs/pci_dev), ' functions, ',
              count($board/pci_devs/pci_dev[@bdf = $vms/pci_devs/pci_dev/@pbdf]), ' passed through)')"/>
        </summary>
        <p class="note">Every function the board reports; "used by" is the VM it is passed through to (red if more than one); the others stay with the Service VM.</p>
        <table class="grid">
          <thead>
            <tr>
              <th>BDF</th>
              <th>Vendor:device</th>
              <th>Class</th>
              <th>INTx → GSI</th>
              <th>BARs</th>
              <th>Used by</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$board/pci_devs/pci_dev">
              <xsl:variable name="bdf" select="@bdf"/>
              <xsl:variable name="owners" select="$vms[pci_devs/pci_dev/@pbdf = $bdf]"/>
              <tr>
                <xsl:if test="count($owners) &gt; 1"><xsl:attribute name="class">conflict</xsl:attribute></xsl:if>
                <td class="mono"><xsl:value-of select="@bdf"/></td>
                <td class="mono"><xsl:value-of select="concat(substring-after(@vendor, '0x'), ':', substring-after(@device, '0x'))"/></td>
                <td>
                  <xsl:call-template name="class-name"><xsl:with-param name="c" select="@class"/></xsl:call-template>
                </td>
                <td>
                  <xsl:choose>
                    <xsl:when test="@pin and @gsi"><xsl:value-of select="concat(@pin, ' → ', @gsi)"/></xsl:when>
                    <xsl:when test="@pin"><xsl:value-of select="concat(@pin, ', no GSI')"/></xsl:when>
                    <xsl:otherwise><span class="none">–</span></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td class="mono">
                  <xsl:for-each select="bar">
                    <xsl:sort select="@index" data-type="number"/>
                    <xsl:if test="position() &gt; 1"><br/></xsl:if>
                    <xsl:value-of select="concat(@index, ' ', @type, ' ', @base, ' ')"/>
                    <xsl:call-template name="size-of"><xsl:with-param name="h" select="@size"/></xsl:call-template>
                    <xsl:if test="@prefetchable = 'y'"> pf</xsl:if>
                  </xsl:for-each>
                  <xsl:if test="not(bar)">–</xsl:if>
                </td>
                <td>
                  <xsl:for-each select="$owners">
                    <xsl:if test="position() &gt; 1">, </xsl:if>
                    <a href="#vm-{@id}"><xsl:value-of select="@name"/></a>
                  </xsl:for-each>
                  <xsl:if test="not($owners)">
                    <span class="none">
                      <xsl:choose>
                        <xsl:when test="$vms[@load_order = 'SERVICE_VM']">
                          <xsl:value-of select="$vms[@load_order = 'SERVICE_VM'][1]/@name"/>
                        </xsl:when>
                        <xsl:otherwise>–</xsl:otherwise>
                      </xsl:choose>
                    </span>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
            <xsl:if test="not($board/pci_devs/pci_dev)">
              <tr><td colspan="6">none</td></tr>
            </xsl:if>
          </tbody>
        </table>
        </details>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- PCI class code (0xBBSSPP) as a name, from base class and subclass. -->
  <xsl:variable name="class-names"
      select="concat('|0100:SCSI controller|0101:IDE controller|0104:RAID controller|0106:SATA controller',
          '|0107:SAS controller|0108:NVMe controller|0180:storage controller|0200:Ethernet controller',
          '|0280:network controller|0300:VGA controller|0380:display controller|0400:video device',
          '|0401:audio device|0403:audio device|0480:multimedia controller|0500:RAM controller',
          '|0580:memory controller|0600:host bridge|0601:ISA bridge|0604:PCI bridge|0680:bridge',
          '|0700:serial controller|0780:communication controller|0800:interrupt controller',
          '|0805:SD host controller|0880:system peripheral|0c03:USB controller|0c05:SMBus controller',
          '|0c80:serial bus controller|0d80:wireless controller|1180:signal processing controller|')"/>

  <xsl:template name="class-name">
    <xsl:param name="c"/>
    <xsl:variable name="n">
      <xsl:call-template name="num"><xsl:with-param name="h" select="$c"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="d">
      <xsl:call-template name="hex-digits"><xsl:with-param name="n" select="floor($n div 256)"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="key" select="substring(concat('0000', $d), string-length($d) + 1)"/>
    <xsl:variable name="name" select="substring-before(substring-after($class-names, concat('|', $key, ':')), '|')"/>
    <xsl:choose>
      <xsl:when test="$name != ''"><xsl:value-of select="$name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('class ', $key)"/></xsl:otherwise>
    </xsl:choose>
    <span class="none mono"><xsl:value-of select="concat(' ', $c)"/></span>
  </xsl:template>

  <!-- ================================================================== hypervisor -->

  <xsl:template name="hv-section">
    <xsl:variable name="hv" select="$root/hv"/>
    <section id="hv">
      <h2>Hypervisor</h2>
      <div class="twocol">
        <table class="grid">
          <tbody>
            <tr>
              <th>Build type</th>
              <td>
                <xsl:value-of select="$hv/build_type"/>
                <xsl:if test="not($hv/build_type)">–</xsl:if>
              </td>
            </tr>
            <tr>
              <th>Scheduler</th>
              <td>
                <xsl:value-of select="$hv/scheduler"/>
                <xsl:if test="not($hv/scheduler)">–</xsl:if>
              </td>
            </tr>
            <tr>
              <th>RAM</th>
              <td>
                <xsl:call-template name="val">
                  <xsl:with-param name="v" select="$hv/hv_ram/start"/>
                  <xsl:with-param name="mono" select="true()"/>
                </xsl:call-template>
                <xsl:text>, </xsl:text>
                <xsl:call-template name="alloc-wrap">
                  <xsl:with-param name="text">
                    <xsl:call-template name="size-of"><xsl:with-param name="h" select="$hv/hv_ram/size"/></xsl:call-template>
                  </xsl:with-param>
                  <xsl:with-param name="alloc" select="$hv/hv_ram/size/@allocated = 'true'"/>
                </xsl:call-template>
              </td>
            </tr>
            <xsl:if test="$hv/stack_size">
              <tr>
                <th>Stack per pCPU</th>
                <td>
                  <xsl:call-template name="size-of"><xsl:with-param name="h" select="$hv/stack_size"/></xsl:call-template>
                </td>
              </tr>
            </xsl:if>
            <tr>
              <th>Serial console</th>
              <td class="mono">
                <xsl:value-of select="$hv/debug/serial_console"/>
                <xsl:if test="normalize-space($hv/debug/serial_console) = ''">–</xsl:if>
              </td>
            </tr>
            <tr>
              <th>Log levels</th>
              <td>
                <xsl:value-of select="concat('memory ', $hv/debug/mem_loglevel, ', NPK ',
                    $hv/debug/npk_loglevel, ', console ', $hv/debug/console_loglevel)"/>
              </td>
            </tr>
            <tr>
              <th>RDT</th>
              <td>
                <xsl:value-of select="concat('enabled ', $hv/rdt/@enabled, ', CDP ', $hv/rdt/@cdp,
                    ', vCAT ', $hv/rdt/@vcat)"/>
              </td>
            </tr>
            <xsl:if test="$hv/gpu_sbdf">
              <tr>
                <th>GPU SBDF</th>
                <td class="mono"><xsl:value-of select="$hv/gpu_sbdf"/></td>
              </tr>
            </xsl:if>
          </tbody>
        </table>
        <table class="grid">
          <thead>
            <tr>
              <th>Capacity</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$hv/capacities/*">
              <tr>
                <td class="mono"><xsl:value-of select="local-name()"/></td>
                <td>
                  <xsl:call-template name="num"><xsl:with-param name="h" select="."/></xsl:call-template>
                </td>
              </tr>
            </xsl:for-each>
            <xsl:if test="not($hv/capacities/*)">
              <tr><td colspan="2">–</td></tr>
            </xsl:if>
          </tbody>
        </table>
      </div>
      <xsl:if test="$hv/features/feature">
        <details>
          <summary><xsl:value-of select="concat('Features (', count($hv/features/feature), ')')"/></summary>
          <table class="grid">
            <tbody>
              <xsl:for-each select="$hv/features/feature">
                <tr>
                  <td class="mono"><xsl:value-of select="@name"/></td>
                  <td>
                    <xsl:value-of select="."/>
                    <xsl:if test="normalize-space(.) = ''">–</xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ================================================================== helpers -->

  <!-- A value (element or attribute); the alloc style when it or its element is allocated. -->
  <xsl:template name="val">
    <xsl:param name="v"/>
    <xsl:param name="mono" select="false()"/>
    <xsl:choose>
      <xsl:when test="not($v)"><span class="none">–</span></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="alloc-wrap">
          <xsl:with-param name="text" select="string($v)"/>
          <xsl:with-param name="alloc" select="$v/@allocated = 'true' or $v/../@allocated = 'true'"/>
          <xsl:with-param name="mono" select="$mono"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="alloc-wrap">
    <xsl:param name="text"/>
    <xsl:param name="alloc" select="@allocated = 'true'"/>
    <xsl:param name="mono" select="false()"/>
    <xsl:choose>
      <xsl:when test="$alloc">
        <span title="chosen by acrn-cfgc">
          <xsl:attribute name="class">
            <xsl:text>alloc</xsl:text>
            <xsl:if test="$mono"> mono</xsl:if>
          </xsl:attribute>
          <xsl:copy-of select="$text"/>
        </span>
      </xsl:when>
      <xsl:when test="$mono">
        <span class="mono"><xsl:copy-of select="$text"/></span>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "0x1f" (or decimal "31") as a decimal number string. -->
  <xsl:template name="num">
    <xsl:param name="h"/>
    <xsl:variable name="t" select="translate(normalize-space($h), 'ABCDEFX', 'abcdefx')"/>
    <xsl:choose>
      <xsl:when test="starts-with($t, '0x')">
        <xsl:call-template name="hex-acc">
          <xsl:with-param name="h" select="substring($t, 3)"/>
          <xsl:with-param name="acc" select="0"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$t = ''">0</xsl:when>
      <xsl:otherwise><xsl:value-of select="format-number(number($t), '0')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="hex-acc">
    <xsl:param name="h"/>
    <xsl:param name="acc"/>
    <xsl:choose>
      <xsl:when test="$h = ''"><xsl:value-of select="format-number($acc, '0')"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="hex-acc">
          <xsl:with-param name="h" select="substring($h, 2)"/>
          <xsl:with-param name="acc"
              select="$acc * 16 + string-length(substring-before('0123456789abcdef', substring($h, 1, 1)))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A number as 0x lowercase hex. -->
  <xsl:template name="hex">
    <xsl:param name="n"/>
    <xsl:text>0x</xsl:text>
    <xsl:call-template name="hex-digits"><xsl:with-param name="n" select="number($n)"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="hex-digits">
    <xsl:param name="n"/>
    <xsl:if test="$n &gt;= 16">
      <xsl:call-template name="hex-digits"><xsl:with-param name="n" select="floor($n div 16)"/></xsl:call-template>
    </xsl:if>
    <xsl:value-of select="substring('0123456789abcdef', ($n mod 16) + 1, 1)"/>
  </xsl:template>

  <xsl:template name="log2">
    <xsl:param name="n"/>
    <xsl:param name="acc" select="0"/>
    <xsl:choose>
      <xsl:when test="$n &gt;= 2">
        <xsl:call-template name="log2">
          <xsl:with-param name="n" select="floor($n div 2)"/>
          <xsl:with-param name="acc" select="$acc + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$acc"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pow2">
    <xsl:param name="i"/>
    <xsl:param name="acc" select="1"/>
    <xsl:choose>
      <xsl:when test="$i &gt; 0">
        <xsl:call-template name="pow2">
          <xsl:with-param name="i" select="$i - 1"/>
          <xsl:with-param name="acc" select="$acc * 2"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="format-number($acc, '0')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="popcount">
    <xsl:param name="n"/>
    <xsl:param name="acc" select="0"/>
    <xsl:choose>
      <xsl:when test="$n &gt;= 1">
        <xsl:call-template name="popcount">
          <xsl:with-param name="n" select="floor($n div 2)"/>
          <xsl:with-param name="acc" select="$acc + ($n mod 2)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$acc"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A size given as hex (h) or as a number (n): "4 KiB", "258.45 MiB", "28.7 GiB". -->
  <xsl:template name="size-of">
    <xsl:param name="h" select="''"/>
    <xsl:param name="n" select="''"/>
    <xsl:variable name="v">
      <xsl:choose>
        <xsl:when test="string($n) != ''"><xsl:value-of select="format-number($n, '0')"/></xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="num"><xsl:with-param name="h" select="$h"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$v &gt;= $GiB"><xsl:value-of select="concat(format-number($v div $GiB, '0.##'), ' GiB')"/></xsl:when>
      <xsl:when test="$v &gt;= $MiB"><xsl:value-of select="concat(format-number($v div $MiB, '0.##'), ' MiB')"/></xsl:when>
      <xsl:when test="$v &gt;= $KiB"><xsl:value-of select="concat(format-number($v div $KiB, '0.##'), ' KiB')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($v, ' B')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sum-sizes">
    <xsl:param name="nodes"/>
    <xsl:param name="acc" select="0"/>
    <xsl:choose>
      <xsl:when test="$nodes">
        <xsl:variable name="n">
          <xsl:call-template name="num"><xsl:with-param name="h" select="$nodes[1]"/></xsl:call-template>
        </xsl:variable>
        <xsl:call-template name="sum-sizes">
          <xsl:with-param name="nodes" select="$nodes[position() &gt; 1]"/>
          <xsl:with-param name="acc" select="$acc + $n"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="size-of"><xsl:with-param name="n" select="$acc"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
