#!/bin/sh
# Measures the PC that Bochs emulates with tests/boot/bochsrc and writes tests/boot/bochs-facts.txt (or $1).
# It boots a GRUB rescue CD whose grub.cfg sends GRUB's output to COM1, runs lsmmap, lspci -i, lsacpi, cpuid and
# smbios, then multiboots tests/boot/facts-probe.c (CPUID, MSRs, PCI config, ACPI tables, ...), which powers off.
# Needs: bochs bochs-term bochsbios vgabios grub-pc-bin xorriso mtools gcc binutils (apt-get install -y ...).
# boards/bochs-pc.xml was written from the output; rerun this after changing bochsrc and compare.
# CPUS=N runs the PC with N CPUs (default 2, as bochsrc has it): boards/bochs-pc-4cpu.xml was derived
# from bochs-pc.xml by comparing the output of CPUS=4 (tests/boot/bochs-facts-4cpu.txt) with it.
set -eu
cpus=${CPUS:-2}
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bochs-facts.txt}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/iso/boot/grub"
cat > "$work/iso/boot/grub/grub.cfg" <<'EOF'
set timeout=0
serial --unit=0 --speed=115200
terminal_output serial
terminal_input serial
echo "=== grub lsmmap"
lsmmap
echo "=== grub lspci -i"
lspci -i
echo "=== grub lsacpi"
lsacpi
echo "=== grub cpuid"
if cpuid -l; then echo "cpuid -l: long mode supported"; else echo "cpuid -l: no long mode"; fi
if cpuid -p; then echo "cpuid -p: PAE supported"; else echo "cpuid -p: no PAE"; fi
echo "=== grub smbios (type 0 strings 4, 5, 8: BIOS vendor, version, date)"
smbios --type 0 --get-string 4
smbios --type 0 --get-string 5
smbios --type 0 --get-string 8
echo "=== grub done, starting probe"
multiboot /boot/probe
boot
echo "probe failed to boot"
halt
EOF
printf '%s\n' 'ENTRY(_start)' 'SECTIONS { . = 0x100000;' \
  '  .text : { *(.multiboot) *(.text*) *(.rodata*) }' '  .data : { *(.data*) }' '  .bss : { *(.bss*) *(COMMON) } }' \
  > "$work/probe.ld"

gcc -m32 -march=i686 -ffreestanding -fno-pic -fno-stack-protector -nostdlib -O1 -c "$here/facts-probe.c" -o "$work/probe.o"
ld -m elf_i386 -T "$work/probe.ld" --no-warn-rwx-segments -o "$work/iso/boot/probe" "$work/probe.o"
grub-mkrescue -o "$work/facts.iso" "$work/iso" >"$work/mkrescue.log" 2>&1
sed -e "s|@ISO@|$work/facts.iso|" -e "s|@COM1@|$work/serial.txt|" -e "s|@LOG@|$work/bochs.log|" \
  "$here/bochsrc" > "$work/bochsrc"
printf 'c\nquit\n' > "$work/rc"
# ignore_bad_msrs=0 only here, so that the probe sees #GP for the MSRs Bochs does not implement.
(cd "$work" && timeout -s INT -k 3 300 bochs -q -f bochsrc -rc rc "cpu: ignore_bad_msrs=0" \
  "cpu: count=$cpus" </dev/null >screen.txt 2>stderr.txt) || true
if ! grep -q '=== probe end' "$work/serial.txt" 2>/dev/null; then
  echo "bochs-facts: the probe did not finish; end of the Bochs log:" >&2
  tail -n 20 "$work/bochs.log" >&2 || true
  exit 1
fi

{
  echo "# Facts about the PC that Bochs emulates for our boot tests: raw COM1 output of one boot."
  echo "# Produced by tests/boot/bochs-facts.sh on $(date -u +%Y-%m-%d), with:"
  echo "#   bochs $(dpkg-query -W -f '${Version}' bochs 2>/dev/null), grub-pc-bin $(dpkg-query -W -f '${Version}' grub-pc-bin 2>/dev/null)"
  echo "#   config: tests/boot/bochsrc (cpu corei7_skylake_x, count=$cpus; memory 256 MiB) plus \"cpu: ignore_bad_msrs=0\""
  echo "# Commands (in a temporary directory):"
  echo "#   gcc -m32 -march=i686 -ffreestanding -fno-pic -fno-stack-protector -nostdlib -O1 -c facts-probe.c -o probe.o"
  echo "#   ld -m elf_i386 -T probe.ld -o iso/boot/probe probe.o     # probe.ld: text at 0x100000, .multiboot first"
  echo "#   grub-mkrescue -o facts.iso iso                          # iso/boot/grub/grub.cfg: see bochs-facts.sh"
  echo "#   sed -e 's|@ISO@|facts.iso|' -e 's|@COM1@|serial.txt|' -e 's|@LOG@|bochs.log|' bochsrc > bochsrc.run"
  printf '%s\n' "#   printf 'c\\nquit\\n' > rc"
  echo "#   timeout -s INT -k 3 300 bochs -q -f bochsrc.run -rc rc \"cpu: ignore_bad_msrs=0\" \"cpu: count=$cpus\" </dev/null >screen.txt"
  echo "# Below: serial.txt with carriage returns and terminal escape sequences removed. Lines up to"
  echo "# '=== grub done' are GRUB's commands; the rest is facts-probe.c."
  tr -d '\r' < "$work/serial.txt" | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g'
  echo
} > "$out"
echo "bochs-facts: wrote $out"
