<?xml version="1.0" encoding="UTF-8"?>
<!--
  config_vms.c: every VM of the scenario for the hypervisor (struct acfg_vms, config_abi.h), in
  scenario order, and the ivshmem regions. Post-launched VMs are here too, with the memory the
  device model supplies marked ACFG_MEM_DM: the hypervisor holds the device model to their pCPUs,
  devices and vUARTs. pCPUs, passthrough devices, vUART peers and ivshmem regions are indices.
  Part of tables.xsl (which includes common.xsl): its templates are in mode "config_vms.c".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:key name="pcpu" match="/acrn-resolved/board/pcpus/pcpu" use="@id"/>
  <xsl:key name="board-dev" match="/acrn-resolved/board/pci_devs/pci_dev" use="@bdf"/>
  <xsl:key name="region" match="/acrn-resolved/ivshmem_regions/region" use="@name"/>

  <xsl:variable name="vms" select="/acrn-resolved/vm"/>
  <xsl:variable name="regions" select="/acrn-resolved/ivshmem_regions/region"/>

  <xsl:template match="/" mode="config_vms.c">
    <xsl:call-template name="banner">
      <xsl:with-param name="what" select="'Every VM, in the order they start, and the ivshmem regions.'"/>
    </xsl:call-template>
    <xsl:text>#include &lt;stddef.h&gt;&#10;&#10;#include "config_abi.h"&#10;</xsl:text>
    <xsl:if test="$regions">
      <xsl:value-of select="concat($nl, 'static const struct acfg_ivshmem_region ivshmem[', count($regions), '] = {', $nl)"/>
      <xsl:apply-templates select="$regions" mode="config_vms.c"/>
      <xsl:text>};&#10;</xsl:text>
    </xsl:if>
    <xsl:for-each select="$vms">
      <xsl:call-template name="vm-arrays">
        <xsl:with-param name="i" select="position() - 1"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="$vms">
      <xsl:value-of select="concat($nl, 'static const struct acfg_vm vms[', count($vms), '] = {', $nl)"/>
      <xsl:for-each select="$vms">
        <xsl:call-template name="vm">
          <xsl:with-param name="i" select="position() - 1"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:text>};&#10;</xsl:text>
    </xsl:if>
    <xsl:text>&#10;const struct acfg_vms acfg_vms = {&#10;</xsl:text>
    <xsl:call-template name="table-header">
      <xsl:with-param name="kind" select="'ACFG_TABLE_VMS'"/>
      <xsl:with-param name="type" select="'acfg_vms'"/>
    </xsl:call-template>
    <xsl:value-of select="concat('&#9;.vm_count = ', count($vms), ',', $nl,
                          '&#9;.ivshmem_count = ', count($regions), ',', $nl)"/>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ivshmem'"/>
      <xsl:with-param name="array" select="'ivshmem'"/>
      <xsl:with-param name="count" select="count($regions)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'vms'"/>
      <xsl:with-param name="array" select="'vms'"/>
      <xsl:with-param name="count" select="count($vms)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="ivshmem_regions/region" mode="config_vms.c">
    <xsl:text>&#9;{.name = </xsl:text>
    <xsl:call-template name="c-fixed-string">
      <xsl:with-param name="s" select="@name"/>
      <xsl:with-param name="max" select="32"/>
      <xsl:with-param name="what" select="'the ivshmem region name'"/>
    </xsl:call-template>
    <xsl:value-of select="concat(', .size = ', @size, 'U, .hpa = ')"/>
    <xsl:call-template name="or-zero">
      <xsl:with-param name="v" select="hpa"/>
    </xsl:call-template>
    <xsl:text>, .provider = </xsl:text>
    <xsl:choose>
      <xsl:when test="@provided_by = 'Hypervisor'">ACFG_IVSHMEM_BY_HV</xsl:when>
      <xsl:otherwise>ACFG_IVSHMEM_BY_DM</xsl:otherwise>
    </xsl:choose>
    <xsl:text>},&#10;</xsl:text>
  </xsl:template>

  <!-- == one VM's arrays == -->

  <xsl:template name="vm-arrays">
    <xsl:param name="i"/>
    <xsl:value-of select="concat($nl, '/* VM ', $i, ': ', @name, ' */', $nl)"/>
    <xsl:if test="pcpus/pcpu">
      <xsl:value-of select="concat('static const uint32_t vm', $i, '_pcpus[', count(pcpus/pcpu), '] = {')"/>
      <xsl:for-each select="pcpus/pcpu">
        <xsl:if test="not(key('pcpu', @id))">
          <xsl:call-template name="fail">
            <xsl:with-param name="msg" select="concat('VM ', ../../@name, ': pCPU ', @id, ' is not on the board')"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:value-of select="count(key('pcpu', @id)/preceding-sibling::pcpu)"/>
        <xsl:if test="position() != last()">, </xsl:if>
      </xsl:for-each>
      <xsl:text>}; /* pCPU ids </xsl:text>
      <xsl:for-each select="pcpus/pcpu">
        <xsl:value-of select="@id"/>
        <xsl:if test="position() != last()">, </xsl:if>
      </xsl:for-each>
      <xsl:text> */&#10;</xsl:text>
    </xsl:if>
    <xsl:call-template name="regions">
      <xsl:with-param name="i" select="$i"/>
    </xsl:call-template>
    <xsl:apply-templates select="vuart_connections[vuart_connection]" mode="config_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="pci_devs[pci_dev]" mode="config_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="ivshmem_devs[ivshmem]" mode="config_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- RAM in guest address order, then the ivshmem shared memory the hypervisor maps -->
  <xsl:template name="regions">
    <xsl:param name="i"/>
    <xsl:variable name="shm" select="ivshmem_devs/ivshmem[hpa and bar2]"/>
    <xsl:if test="memory/region or $shm">
      <xsl:value-of select="concat('static const struct acfg_mem_region vm', $i, '_regions[',
                            count(memory/region) + count($shm), '] = {', $nl)"/>
      <xsl:for-each select="memory/region">
        <xsl:value-of select="concat('&#9;{.gpa = ', @gpa, 'U, .hpa = ')"/>
        <xsl:choose>
          <xsl:when test="@hpa">
            <xsl:value-of select="concat(@hpa, 'U, .size = ', @size, 'U, .attr = ACFG_MEM_RAM},', $nl)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat('0U, .size = ', @size, 'U, .attr = ACFG_MEM_RAM | ACFG_MEM_DM},', $nl)"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:for-each select="$shm">
        <xsl:value-of select="concat('&#9;{.gpa = ', bar2, 'U, .hpa = ', hpa, 'U, .size = ', @size, 'U',
                              ', .attr = ACFG_MEM_IVSHMEM}, /* ', @name, ' */', $nl)"/>
      </xsl:for-each>
      <xsl:text>};&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="vuart_connections" mode="config_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct acfg_vuart_conn vm', $i, '_vuarts[', count(vuart_connection), '] = {', $nl)"/>
    <xsl:for-each select="vuart_connection">
      <xsl:text>&#9;{.vuart = </xsl:text>
      <xsl:call-template name="vuart">
        <xsl:with-param name="u" select="."/>
      </xsl:call-template>
      <xsl:text>,&#10;&#9; .peer_vm = </xsl:text>
      <xsl:choose>
        <xsl:when test="@peer_id">
          <xsl:if test="not(key('vm', @peer_id))">
            <xsl:call-template name="fail">
              <xsl:with-param name="msg" select="concat('VM ', ../../@name, ': the vUART peer VM ', @peer_id, ' does not exist')"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:value-of select="concat(count(key('vm', @peer_id)/preceding-sibling::vm), ', .peer_conn = ', @peer_connection)"/>
        </xsl:when>
        <xsl:otherwise>ACFG_NONE, .peer_conn = ACFG_NONE</xsl:otherwise>
      </xsl:choose>
      <xsl:text>}, /* </xsl:text>
      <xsl:call-template name="comment-text">
        <xsl:with-param name="s" select="concat(@name, ' to ', @peer)"/>
      </xsl:call-template>
      <xsl:text> */&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="pci_devs" mode="config_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct acfg_ptdev vm', $i, '_ptdevs[', count(pci_dev), '] = {', $nl)"/>
    <xsl:for-each select="pci_dev">
      <xsl:if test="not(key('board-dev', @pbdf))">
        <xsl:call-template name="fail">
          <xsl:with-param name="msg" select="concat('VM ', ../../@name, ': passthrough device ', @pbdf, ' is not on the board')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:value-of select="concat('&#9;{.board_dev = ', count(key('board-dev', @pbdf)/preceding-sibling::pci_dev), ', .pgsi = ')"/>
      <xsl:call-template name="or-none">
        <xsl:with-param name="v" select="intx/@pgsi"/>
      </xsl:call-template>
      <xsl:text>, .vgsi = </xsl:text>
      <xsl:call-template name="or-none">
        <xsl:with-param name="v" select="intx/@vgsi"/>
      </xsl:call-template>
      <xsl:text>, .vbdf = </xsl:text>
      <xsl:call-template name="bdf">
        <xsl:with-param name="bdf" select="vbdf"/>
      </xsl:call-template>
      <xsl:value-of select="concat('}, /* ', @pbdf, ' */', $nl)"/>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="ivshmem_devs" mode="config_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct acfg_ivshmem_dev vm', $i, '_ivshmem[', count(ivshmem), '] = {', $nl)"/>
    <xsl:for-each select="ivshmem">
      <xsl:if test="not(key('region', @name))">
        <xsl:call-template name="fail">
          <xsl:with-param name="msg" select="concat('VM ', ../../@name, ': ivshmem region ', @name, ' does not exist')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:text>&#9;{.bar0 = </xsl:text>
      <xsl:call-template name="or-zero">
        <xsl:with-param name="v" select="bar0"/>
      </xsl:call-template>
      <xsl:text>, .bar2 = </xsl:text>
      <xsl:call-template name="or-zero">
        <xsl:with-param name="v" select="bar2"/>
      </xsl:call-template>
      <xsl:value-of select="concat(', .region = ', count(key('region', @name)/preceding-sibling::region), ', .vbdf = ')"/>
      <xsl:call-template name="bdf">
        <xsl:with-param name="bdf" select="vbdf"/>
      </xsl:call-template>
      <xsl:value-of select="concat('}, /* ', @name, ' */', $nl)"/>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <!-- == one VM == -->

  <xsl:template name="vm">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('&#9;{', $nl, '&#9;&#9;.id = ', @id, ',', $nl, '&#9;&#9;.name = ')"/>
    <xsl:call-template name="c-fixed-string">
      <xsl:with-param name="s" select="@name"/>
      <xsl:with-param name="max" select="16"/>
      <xsl:with-param name="what" select="'the VM name'"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;.load_order = </xsl:text>
    <xsl:choose>
      <xsl:when test="@load_order = 'PRE_LAUNCHED_VM'">ACFG_LOAD_PRE_LAUNCHED</xsl:when>
      <xsl:when test="@load_order = 'SERVICE_VM'">ACFG_LOAD_SERVICE</xsl:when>
      <xsl:otherwise>ACFG_LOAD_POST_LAUNCHED</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;&#9;&#9;.vm_type = </xsl:text>
    <xsl:call-template name="vm-type">
      <xsl:with-param name="vm" select="."/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;.flags = </xsl:text>
    <xsl:call-template name="vm-flags">
      <xsl:with-param name="vm" select="."/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;.priority = </xsl:text>
    <xsl:choose>
      <xsl:when test="flags/@priority = 'PRIO_HIGH'">ACFG_PRIO_HIGH</xsl:when>
      <xsl:otherwise>ACFG_PRIO_LOW</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;&#9;&#9;.clos = </xsl:text>
    <xsl:choose>
      <xsl:when test="clos">
        <xsl:value-of select="concat('{.mask = ', clos/@mask, ', .id = ', clos/@id, '}')"/>
      </xsl:when>
      <xsl:otherwise>{.mask = 0, .id = ACFG_NONE}</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="kernel"/>
    <xsl:text>&#9;&#9;.console = </xsl:text>
    <xsl:call-template name="vuart">
      <xsl:with-param name="u" select="console_vuart"/>
    </xsl:call-template>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="vm-counts">
      <xsl:with-param name="i" select="$i"/>
    </xsl:call-template>
    <xsl:text>&#9;},&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="kernel">
    <xsl:variable name="os" select="os_config"/>
    <xsl:text>&#9;&#9;.kernel = {&#10;&#9;&#9;&#9;.load_addr = </xsl:text>
    <xsl:call-template name="or-zero">
      <xsl:with-param name="v" select="$os/kern_load_addr"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;&#9;.entry_addr = </xsl:text>
    <xsl:call-template name="or-zero">
      <xsl:with-param name="v" select="$os/kern_entry_addr"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;&#9;.type = </xsl:text>
    <xsl:choose>
      <xsl:when test="contains(' KERNEL_BZIMAGE KERNEL_RAWIMAGE KERNEL_ELF ', concat(' ', normalize-space($os/kern_type), ' '))">
        <xsl:value-of select="concat('ACFG_KERN_', substring-after(normalize-space($os/kern_type), 'KERNEL_'))"/>
      </xsl:when>
      <xsl:otherwise>ACFG_KERN_NONE</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;&#9;&#9;&#9;.flags = </xsl:text>
    <xsl:choose>
      <xsl:when test="$os/kern_load_addr and $os/kern_entry_addr">ACFG_KERN_LOAD_ADDR | ACFG_KERN_ENTRY_ADDR</xsl:when>
      <xsl:when test="$os/kern_load_addr">ACFG_KERN_LOAD_ADDR</xsl:when>
      <xsl:when test="$os/kern_entry_addr">ACFG_KERN_ENTRY_ADDR</xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="c-string-field">
      <xsl:with-param name="name" select="'mod_tag'"/>
      <xsl:with-param name="s" select="normalize-space($os/kern_mod)"/>
      <xsl:with-param name="what" select="concat('the kernel module tag of VM ', @name)"/>
      <xsl:with-param name="indent" select="'&#9;&#9;&#9;'"/>
    </xsl:call-template>
    <xsl:call-template name="c-string-field">
      <xsl:with-param name="name" select="'ramdisk_tag'"/>
      <xsl:with-param name="s" select="normalize-space($os/ramdisk_mod)"/>
      <xsl:with-param name="what" select="concat('the ramdisk module tag of VM ', @name)"/>
      <xsl:with-param name="indent" select="'&#9;&#9;&#9;'"/>
    </xsl:call-template>
    <!-- the scenario wraps long command lines; the kernel splits on any blank anyway -->
    <xsl:call-template name="c-string-field">
      <xsl:with-param name="name" select="'bootargs'"/>
      <xsl:with-param name="s" select="normalize-space($os/bootargs)"/>
      <xsl:with-param name="what" select="concat('the boot arguments of VM ', @name)"/>
      <xsl:with-param name="indent" select="'&#9;&#9;&#9;'"/>
    </xsl:call-template>
    <xsl:text>&#9;&#9;},&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="vm-counts">
    <xsl:param name="i"/>
    <xsl:variable name="pcpus" select="count(pcpus/pcpu)"/>
    <xsl:variable name="regions" select="count(memory/region) + count(ivshmem_devs/ivshmem[hpa and bar2])"/>
    <xsl:variable name="vuarts" select="count(vuart_connections/vuart_connection)"/>
    <xsl:variable name="ptdevs" select="count(pci_devs/pci_dev)"/>
    <xsl:variable name="ivshmem" select="count(ivshmem_devs/ivshmem)"/>
    <xsl:value-of select="concat('&#9;&#9;.pcpu_count = ', $pcpus, ',', $nl,
                          '&#9;&#9;.region_count = ', $regions, ',', $nl,
                          '&#9;&#9;.vuart_count = ', $vuarts, ',', $nl,
                          '&#9;&#9;.ptdev_count = ', $ptdevs, ',', $nl,
                          '&#9;&#9;.ivshmem_count = ', $ivshmem, ',', $nl)"/>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'pcpus'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_pcpus')"/>
      <xsl:with-param name="count" select="$pcpus"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'regions'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_regions')"/>
      <xsl:with-param name="count" select="$regions"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'vuarts'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_vuarts')"/>
      <xsl:with-param name="count" select="$vuarts"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ptdevs'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_ptdevs')"/>
      <xsl:with-param name="count" select="$ptdevs"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ivshmem'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_ivshmem')"/>
      <xsl:with-param name="count" select="$ivshmem"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
