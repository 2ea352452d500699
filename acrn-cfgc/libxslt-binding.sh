#!/bin/sh
# libxslt-binding.sh LIBXSLT_SO OUTDIR: for an acrn-cfgc that links libxml2 statically but
# libxslt (which Debian ships only as a shared library) dynamically. Writes
#   OUTDIR/libxml2-exports.ver  a version script: every libxml2 symbol libxslt uses, under the
#                               version libxslt asks for, so the dynamic loader binds libxslt to
#                               the libxml2 inside acrn-cfgc, silently;
#   OUTDIR/libxml2-exports.list a dynamic list of the same symbols: acrn-cfgc does not link
#                               libxslt (it loads it when a command needs it, xslt_lib.h), so
#                               the linker exports them because this list says so;
#   OUTDIR/libxml2-needs.ld     EXTERN() of the same symbols, so the linker takes them from
#                               libxml2.a even where acrn-cfgc itself does not call them;
# and prints the soname libxslt needs libxml2 under (acrn-cfgc takes it as its own, so the
# loader sees that need met and loads no libxml2.so, nor the ICU and libstdc++ behind it).
set -eu
so=$1 out=$2
readelf=${READELF:-readelf}
syms=$("$readelf" --dyn-syms -W "$so" | awk '$7 == "UND" && $8 ~ /@LIBXML2_/ { print $8 }' |
	sort -t@ -k2,2 -k1,1)
[ -n "$syms" ] || { echo "$so uses no versioned libxml2 symbol" >&2; exit 1; }
echo "$syms" | awk -F@ '$2 != v { if (v) print "};"; v = $2; print v " {" } { print "\t" $1 ";" }
	END { print "};" }' >"$out/libxml2-exports.ver"
# and the few it takes without a version (libxml2's error handler globals, in Debian 12)
all=$( (echo "$syms" | cut -d@ -f1
	"$readelf" --dyn-syms -W "$so" | awk '$7 == "UND" && $5 == "GLOBAL" && $8 ~ /^_*(xml|html)/ &&
		$8 !~ /@/ { print $8 }') | sort -u)
echo "$all" | awk 'BEGIN { print "{" } { print "\t" $1 ";" } END { print "};" }' \
	>"$out/libxml2-exports.list"
echo "$all" | awk '{ printf "EXTERN(%s)\n", $1 }' >"$out/libxml2-needs.ld"
"$readelf" -d "$so" | sed -n 's/.*(NEEDED).*\[\(libxml2\.so[^]]*\)\].*/\1/p'
