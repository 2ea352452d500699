<?xml version="1.0" encoding="UTF-8"?>
<!--
  upgrade.xsl: a scenario from an earlier ACRN 3.x release in its current form
  (acrn-cfgc upgrade). Everything is copied as it is (comments, processing
  instructions, order, the whitespace between elements) except the settings
  the table below renames.

  The u:rename table is the one list of old names: acrn-cfgc's front end
  (acrn-cfgc/upgrade.c) reads it from this file to accept old scenarios in
  memory, with a warning for each old name, so `check` and `upgrade` cannot
  disagree about what an old name means. One entry per renamed setting:

    parent    the element that holds the setting (its local name)
    old, new  the earlier release's name and the current one (release: since when)
    invert    y: the new name has the opposite sense, so y and n swap
    setting   what y of the new name switches on, for the warnings
    left-out  when present: the value of the new name that keeps what the
              earlier releases (left-out-in) did when the old setting was
              left out, because the current default is the other value

  Facts from ACRN's own schema (misc/config_tools/schema/config.xsd) at the
  tags v3.0, v3.0.1, v3.0.2 and v3.1: the three 3.0 names were replaced in 3.1
  by names of the opposite sense; ENFORCE_TURNOFF_GP defaulted to n (UC-lock
  detection on) in every 3.0.x release and UC_LOCK_DETECTION_ENABLED defaults
  to n (off); ENFORCE_TURNOFF_AC defaulted to n (split-lock detection on) in
  3.0.2 only, y in 3.0 and 3.0.1, and SPLIT_LOCK_DETECTION_ENABLED defaults to
  n (off); MCE_ON_PSC_DISABLED defaulted to n and MCE_ON_PSC_ENABLED to y, the
  same meaning.

  A value other than y or n is copied as written (acrn-cfgc upgrade refuses such
  a file before it gets here; xsltproc users get it back for check to report).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:u="urn:acrn-cfgc:upgrade" exclude-result-prefixes="u">
  <!-- acrn-cfgc takes only the root element from here: around it, the input's own bytes -->
  <xsl:output method="xml" encoding="UTF-8"/>

  <u:rename release="3.1" parent="FEATURES" old="ENFORCE_TURNOFF_AC"
            new="SPLIT_LOCK_DETECTION_ENABLED" invert="y" setting="split-lock detection"
            left-out="y" left-out-in="ACRN 3.0.2"/>
  <u:rename release="3.1" parent="FEATURES" old="ENFORCE_TURNOFF_GP"
            new="UC_LOCK_DETECTION_ENABLED" invert="y" setting="UC-lock detection"
            left-out="y" left-out-in="ACRN 3.0, 3.0.1 and 3.0.2"/>
  <u:rename release="3.1" parent="FEATURES" old="MCE_ON_PSC_DISABLED"
            new="MCE_ON_PSC_ENABLED" invert="y"
            setting="the workaround for machine checks on page-size changes"/>

  <xsl:variable name="renames" select="document('')/*/u:rename"/>

  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="*[namespace-uri() = '' and namespace-uri(..) = '']">
    <xsl:variable name="here" select="."/>
    <xsl:variable name="r" select="$renames[@old = local-name($here)][@parent = local-name($here/..)]"/>
    <xsl:choose>
      <xsl:when test="$r">
        <xsl:element name="{$r/@new}">
          <xsl:apply-templates select="@*"/>
          <xsl:apply-templates select="node()" mode="value">
            <xsl:with-param name="swap" select="$r/@invert = 'y' and
                                                (normalize-space(.) = 'y' or normalize-space(.) = 'n')"/>
          </xsl:apply-templates>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:copy>
          <xsl:apply-templates select="@*|node()"/>
        </xsl:copy>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a renamed setting's content: the y or n swapped in place, its whitespace and comments kept -->
  <xsl:template match="node()" mode="value">
    <xsl:param name="swap"/>
    <xsl:choose>
      <xsl:when test="$swap and self::text() and normalize-space(.) = 'y'">
        <xsl:value-of select="concat(substring-before(., 'y'), 'n', substring-after(., 'y'))"/>
      </xsl:when>
      <xsl:when test="$swap and self::text() and normalize-space(.) = 'n'">
        <xsl:value-of select="concat(substring-before(., 'n'), 'y', substring-after(., 'n'))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="."/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
