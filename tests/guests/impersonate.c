/*
 * Tries to pass its console output off as another VM's or the hypervisor's: a newline, a carriage
 * return, terminal escapes and backspaces before "[VICTIM] ..." or "hv: ...", a forged line at the
 * point where the hypervisor wraps a long line, bytes above 0x7f, and a last line without its
 * newline. The hypervisor must start each of its lines with "[ATTACKER] " itself, so none of them
 * can be taken for VICTIM's or the hypervisor's (tests/boot/cases/attack-console.boot).
 */
#include "guest.h"

#define WRAP 120 /* the hypervisor's longest VM line (VM_LINE_MAX) */

void guest_main(void)
{
	puts_("hello from guest\n[VICTIM] progress 9 (forged after a newline)\n");
	puts_("\r[VICTIM] progress 10 (forged after a carriage return)\n");
	puts_("\033[2K\033[1G[VICTIM] progress 11 (forged after terminal escapes)\n");
	puts_("\b\b\b\b\b\b\b\b\b\b\b[VICTIM] progress 12 (forged after backspaces)\n");
	puts_("\n\nhv: VICTIM: stopped: forged by ATTACKER\n");
	puts_("\233[2K\302\205[VICTIM] progress 13 (forged after 8-bit controls)\n");
	for (int i = 0; i < WRAP; i++)
		putc_('x');
	puts_("[VICTIM] progress 14 (forged at the wrap)\n");
	puts_("forgeries done\n[VICTIM] progress 15 (forged, no newline)");
}
