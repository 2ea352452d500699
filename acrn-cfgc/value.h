/* Parsing of the value forms ACRN files use: integers, y/n flags, PCI BDFs. */
#ifndef ACRN_CFGC_VALUE_H
#define ACRN_CFGC_VALUE_H

#include <stdbool.h>
#include <stdint.h>

struct bdf {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
};

/* Decimal or 0x-prefixed hexadecimal, surrounding blanks allowed; -1 on junk or overflow. */
int value_u64(const char *s, uint64_t *out);

/* Hexadecimal without prefix (as in /proc/iomem); -1 on junk or overflow. */
int value_hex(const char *s, uint64_t *out);

/* "y" or "n"; -1 otherwise. */
int value_yn(const char *s, bool *out);

/*
 * "bb:dd.f" (hex; device at most 0x1f, function at most 7). When rest is non-NULL, text after
 * the BDF is allowed if separated by a blank, and *rest points at it; otherwise it is an error.
 */
int value_bdf(const char *s, struct bdf *out, const char **rest);

/* Encodes a BDF as bus << 8 | dev << 3 | fn, the PCI routing id. */
uint16_t bdf_id(struct bdf b);

#endif
