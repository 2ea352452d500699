<?xml version="1.0" encoding="UTF-8"?>
<!--
  dm_vms.c: the post-launched VMs for the device model (struct dmcfg_vms, dm_config_abi.h): what
  acrn-dm needs to create and run each one: pCPU ids, guest memory, vUARTs, passthrough devices,
  ivshmem and virtio devices with their virtual BDFs. VM indices are the hypervisor's.
  Part of tables.xsl (which includes common.xsl): its templates are in mode "dm_vms.c".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="post" select="/acrn-resolved/vm[@load_order = 'POST_LAUNCHED_VM']"/>

  <xsl:template match="/" mode="dm_vms.c">
    <xsl:call-template name="banner">
      <xsl:with-param name="what" select="'The post-launched VMs, for the device model.'"/>
    </xsl:call-template>
    <xsl:text>#include &lt;stddef.h&gt;&#10;&#10;#include "dm_config_abi.h"&#10;</xsl:text>
    <xsl:for-each select="$post">
      <xsl:call-template name="dm-vm-arrays">
        <xsl:with-param name="i" select="position() - 1"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="$post">
      <xsl:value-of select="concat($nl, 'static const struct dmcfg_vm vms[', count($post), '] = {', $nl)"/>
      <xsl:for-each select="$post">
        <xsl:call-template name="dm-vm">
          <xsl:with-param name="i" select="position() - 1"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:text>};&#10;</xsl:text>
    </xsl:if>
    <xsl:text>&#10;const struct dmcfg_vms dmcfg_vms = {&#10;</xsl:text>
    <xsl:call-template name="table-header">
      <xsl:with-param name="kind" select="'DMCFG_TABLE_VMS'"/>
      <xsl:with-param name="type" select="'dmcfg_vms'"/>
      <xsl:with-param name="revision" select="$dm-abi-revision"/>
    </xsl:call-template>
    <xsl:value-of select="concat('&#9;.vm_count = ', count($post), ',', $nl)"/>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'vms'"/>
      <xsl:with-param name="array" select="'vms'"/>
      <xsl:with-param name="count" select="count($post)"/>
      <xsl:with-param name="indent" select="'&#9;'"/>
    </xsl:call-template>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <!-- == one VM's arrays == -->

  <xsl:template name="dm-vm-arrays">
    <xsl:param name="i"/>
    <xsl:value-of select="concat($nl, '/* post-launched VM ', $i, ': ', @name, ' */', $nl)"/>
    <xsl:if test="pcpus/pcpu">
      <xsl:value-of select="concat('static const uint32_t vm', $i, '_pcpu_ids[', count(pcpus/pcpu), '] = {')"/>
      <xsl:for-each select="pcpus/pcpu">
        <xsl:value-of select="@id"/>
        <xsl:if test="position() != last()">, </xsl:if>
      </xsl:for-each>
      <xsl:text>};&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="memory/region">
      <xsl:value-of select="concat('static const struct dmcfg_region vm', $i, '_regions[', count(memory/region), '] = {', $nl)"/>
      <xsl:for-each select="memory/region">
        <xsl:value-of select="concat('&#9;{.gpa = ', @gpa, ', .size = ', @size, '},', $nl)"/>
      </xsl:for-each>
      <xsl:text>};&#10;</xsl:text>
    </xsl:if>
    <xsl:apply-templates select="vuart_connections[vuart_connection]" mode="dm_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="pci_devs[pci_dev]" mode="dm_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="ivshmem_devs[ivshmem]" mode="dm_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="virtio_devs[virtio]" mode="dm_vms.c">
      <xsl:with-param name="i" select="$i"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="vuart_connections" mode="dm_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct dmcfg_vuart_conn vm', $i, '_vuarts[', count(vuart_connection), '] = {', $nl)"/>
    <xsl:for-each select="vuart_connection">
      <xsl:text>&#9;{.vuart = </xsl:text>
      <xsl:call-template name="vuart">
        <xsl:with-param name="u" select="."/>
        <xsl:with-param name="prefix" select="'DMCFG'"/>
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
        <xsl:otherwise>DMCFG_NONE, .peer_conn = DMCFG_NONE</xsl:otherwise>
      </xsl:choose>
      <xsl:text>}, /* </xsl:text>
      <xsl:call-template name="comment-text">
        <xsl:with-param name="s" select="concat(@name, ' to ', @peer)"/>
      </xsl:call-template>
      <xsl:text> */&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="pci_devs" mode="dm_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct dmcfg_ptdev vm', $i, '_ptdevs[', count(pci_dev), '] = {', $nl)"/>
    <xsl:for-each select="pci_dev">
      <xsl:text>&#9;{.pgsi = </xsl:text>
      <xsl:call-template name="or-none">
        <xsl:with-param name="v" select="intx/@pgsi"/>
        <xsl:with-param name="prefix" select="'DMCFG'"/>
      </xsl:call-template>
      <xsl:text>, .pbdf = </xsl:text>
      <xsl:call-template name="bdf">
        <xsl:with-param name="bdf" select="@pbdf"/>
        <xsl:with-param name="prefix" select="'DMCFG'"/>
      </xsl:call-template>
      <xsl:text>, .vbdf = </xsl:text>
      <xsl:call-template name="bdf">
        <xsl:with-param name="bdf" select="vbdf"/>
        <xsl:with-param name="prefix" select="'DMCFG'"/>
      </xsl:call-template>
      <xsl:text>},&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="ivshmem_devs" mode="dm_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct dmcfg_ivshmem_dev vm', $i, '_ivshmem[', count(ivshmem), '] = {', $nl)"/>
    <xsl:for-each select="ivshmem">
      <xsl:text>&#9;{.name = </xsl:text>
      <xsl:call-template name="c-fixed-string">
        <xsl:with-param name="s" select="@name"/>
        <xsl:with-param name="max" select="32"/>
        <xsl:with-param name="what" select="'the ivshmem region name'"/>
      </xsl:call-template>
      <xsl:value-of select="concat(', .size = ', @size, ',', $nl, '&#9; .bar0 = ')"/>
      <xsl:call-template name="or-zero">
        <xsl:with-param name="v" select="bar0"/>
      </xsl:call-template>
      <xsl:text>, .bar2 = </xsl:text>
      <xsl:call-template name="or-zero">
        <xsl:with-param name="v" select="bar2"/>
      </xsl:call-template>
      <xsl:text>, .provider = </xsl:text>
      <xsl:choose>
        <xsl:when test="/acrn-resolved/ivshmem_regions/region[@name = current()/@name]/@provided_by = 'Hypervisor'">DMCFG_IVSHMEM_BY_HV</xsl:when>
        <xsl:otherwise>DMCFG_IVSHMEM_BY_DM</xsl:otherwise>
      </xsl:choose>
      <xsl:text>, .vbdf = </xsl:text>
      <xsl:call-template name="bdf">
        <xsl:with-param name="bdf" select="vbdf"/>
        <xsl:with-param name="prefix" select="'DMCFG'"/>
      </xsl:call-template>
      <xsl:text>},&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="virtio_devs" mode="dm_vms.c">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('static const struct dmcfg_virtio vm', $i, '_virtio[', count(virtio), '] = {', $nl)"/>
    <xsl:for-each select="virtio">
      <xsl:variable name="kind" select="translate(@kind, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
      <xsl:if test="not(contains(' CONSOLE NETWORK INPUT BLOCK GPU VSOCK ', concat(' ', $kind, ' ')))">
        <xsl:call-template name="fail">
          <xsl:with-param name="msg" select="concat('VM ', ../../@name, ': unknown virtio device kind ', @kind)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:value-of select="concat('&#9;{.kind = DMCFG_VIRTIO_', $kind, ',', $nl)"/>
      <xsl:call-template name="c-string-field">
        <xsl:with-param name="name" select="'value'"/>
        <xsl:with-param name="s" select="string(@value)"/>
        <xsl:with-param name="what" select="concat('the ', @kind, ' device of VM ', ../../@name)"/>
        <xsl:with-param name="indent" select="'&#9; '"/>
      </xsl:call-template>
      <xsl:text>&#9; .vbdf = </xsl:text>
      <xsl:call-template name="bdf">
        <xsl:with-param name="bdf" select="vbdf"/>
        <xsl:with-param name="prefix" select="'DMCFG'"/>
      </xsl:call-template>
      <xsl:text>},&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <!-- == one VM == -->

  <xsl:template name="dm-vm">
    <xsl:param name="i"/>
    <xsl:value-of select="concat('&#9;{', $nl, '&#9;&#9;.vm_index = ', count(preceding-sibling::vm), ',', $nl,
                          '&#9;&#9;.id = ', @id, ',', $nl, '&#9;&#9;.name = ')"/>
    <xsl:call-template name="c-fixed-string">
      <xsl:with-param name="s" select="@name"/>
      <xsl:with-param name="max" select="16"/>
      <xsl:with-param name="what" select="'the VM name'"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;.vm_type = </xsl:text>
    <xsl:call-template name="vm-type">
      <xsl:with-param name="vm" select="."/>
      <xsl:with-param name="prefix" select="'DMCFG'"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;.flags = </xsl:text>
    <xsl:call-template name="vm-flags">
      <xsl:with-param name="vm" select="."/>
      <xsl:with-param name="prefix" select="'DMCFG'"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;&#9;.memory_size = </xsl:text>
    <xsl:choose>
      <xsl:when test="count(memory/region) = 1">
        <xsl:value-of select="memory/region/@size"/>
      </xsl:when>
      <xsl:when test="memory/region">
        <!-- exact in C: XPath numbers are doubles, the sizes may not be -->
        <xsl:for-each select="memory/region">
          <xsl:value-of select="concat('(uint64_t)', @size)"/>
          <xsl:if test="position() != last()"> + </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;&#9;&#9;.console = </xsl:text>
    <xsl:call-template name="vuart">
      <xsl:with-param name="u" select="console_vuart"/>
      <xsl:with-param name="prefix" select="'DMCFG'"/>
    </xsl:call-template>
    <xsl:text>,&#10;</xsl:text>
    <xsl:call-template name="dm-vm-counts">
      <xsl:with-param name="i" select="$i"/>
    </xsl:call-template>
    <xsl:text>&#9;},&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="dm-vm-counts">
    <xsl:param name="i"/>
    <xsl:variable name="n-pcpus" select="count(pcpus/pcpu)"/>
    <xsl:variable name="n-regions" select="count(memory/region)"/>
    <xsl:variable name="n-vuarts" select="count(vuart_connections/vuart_connection)"/>
    <xsl:variable name="n-ptdevs" select="count(pci_devs/pci_dev)"/>
    <xsl:variable name="n-ivshmem" select="count(ivshmem_devs/ivshmem)"/>
    <xsl:variable name="n-virtio" select="count(virtio_devs/virtio)"/>
    <xsl:value-of select="concat('&#9;&#9;.pcpu_count = ', $n-pcpus, ',', $nl,
                          '&#9;&#9;.region_count = ', $n-regions, ',', $nl,
                          '&#9;&#9;.vuart_count = ', $n-vuarts, ',', $nl,
                          '&#9;&#9;.ptdev_count = ', $n-ptdevs, ',', $nl,
                          '&#9;&#9;.ivshmem_count = ', $n-ivshmem, ',', $nl,
                          '&#9;&#9;.virtio_count = ', $n-virtio, ',', $nl)"/>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'pcpu_ids'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_pcpu_ids')"/>
      <xsl:with-param name="count" select="$n-pcpus"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'regions'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_regions')"/>
      <xsl:with-param name="count" select="$n-regions"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'vuarts'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_vuarts')"/>
      <xsl:with-param name="count" select="$n-vuarts"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ptdevs'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_ptdevs')"/>
      <xsl:with-param name="count" select="$n-ptdevs"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'ivshmem'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_ivshmem')"/>
      <xsl:with-param name="count" select="$n-ivshmem"/>
    </xsl:call-template>
    <xsl:call-template name="array-ref">
      <xsl:with-param name="field" select="'virtio'"/>
      <xsl:with-param name="array" select="concat('vm', $i, '_virtio')"/>
      <xsl:with-param name="count" select="$n-virtio"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
