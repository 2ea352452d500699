/*
 * AML encoding (aml.h). Every structured object is written as opcode, PkgLength, then a body
 * encoded beforehand, so no length is ever patched afterwards.
 */
#include "aml.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ZERO_OP		  0x00
#define ONE_OP		  0x01
#define NAME_OP		  0x08
#define BYTE_PREFIX	  0x0a
#define WORD_PREFIX	  0x0b
#define DWORD_PREFIX	  0x0c
#define STRING_PREFIX	  0x0d
#define QWORD_PREFIX	  0x0e
#define SCOPE_OP	  0x10
#define BUFFER_OP	  0x11
#define PACKAGE_OP	  0x12
#define DUAL_NAME_PREFIX  0x2e
#define MULTI_NAME_PREFIX 0x2f
#define ROOT_CHAR	  0x5c
#define EXT_OP_PREFIX	  0x5b
#define DEVICE_OP	  0x82
#define ONES_OP		  0xff

#define NAME_SEG_LEN 4
#define MAX_SEGMENTS 255

void aml_free(struct aml *a)
{
	free(a->data);
	*a = (struct aml){NULL, 0, 0};
}

void aml_append(struct aml *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = a->len + n > 2 * a->cap ? a->len + n : 2 * a->cap;
		a->data = xrealloc(a->data, a->cap);
	}
	if (n)
		memcpy(a->data + a->len, p, n);
	a->len += n;
}

void aml_byte(struct aml *a, uint8_t b)
{
	aml_append(a, &b, 1);
}

void aml_le(struct aml *a, uint64_t v, unsigned width)
{
	for (unsigned i = 0; i < width && i < 8; i++)
		aml_byte(a, (uint8_t)(v >> (8 * i)));
}

void aml_zeros(struct aml *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		aml_byte(a, 0);
}

int aml_pkg_length(struct aml *a, size_t n)
{
	if (n > AML_PKG_MAX)
		return -1;
	/* one byte holds 6 bits of length; each further byte adds 8 to the 4 of the first */
	size_t extra = n + 1 <= 0x3f ? 0 : n + 2 <= 0xfff ? 1 : n + 3 <= 0xfffff ? 2 : 3;
	size_t total = n + 1 + extra;
	if (extra == 0) {
		aml_byte(a, (uint8_t)total);
		return 0;
	}
	aml_byte(a, (uint8_t)(extra << 6 | (total & 0xf)));
	for (size_t i = 0; i < extra; i++)
		aml_byte(a, (uint8_t)(total >> (4 + 8 * i)));
	return 0;
}

static bool seg_char(char c, bool lead)
{
	return (c >= 'A' && c <= 'Z') || c == '_' || (!lead && c >= '0' && c <= '9');
}

/* One NameSeg from s (up to '.' or the end), padded; the characters used, or 0 if malformed. */
static size_t name_seg(const char *s, uint8_t seg[NAME_SEG_LEN])
{
	size_t n = 0;
	while (s[n] && s[n] != '.' && n < NAME_SEG_LEN && seg_char(s[n], n == 0))
		n++;
	if (n == 0 || (s[n] && s[n] != '.'))
		return 0;
	memset(seg, '_', NAME_SEG_LEN);
	memcpy(seg, s, n);
	return n;
}

int aml_name_string(struct aml *a, const char *path)
{
	struct aml segs = {0};
	bool root = *path == '\\';
	size_t count = 0;
	for (const char *s = path + root;; s++) { /* s++: past the '.' */
		uint8_t seg[NAME_SEG_LEN];
		size_t n = count < MAX_SEGMENTS ? name_seg(s, seg) : 0;
		if (n == 0) {
			aml_free(&segs);
			return -1;
		}
		aml_append(&segs, seg, sizeof(seg));
		count++;
		s += n;
		if (!*s)
			break;
	}
	if (root)
		aml_byte(a, ROOT_CHAR);
	if (count == 2)
		aml_byte(a, DUAL_NAME_PREFIX);
	else if (count > 2) {
		aml_byte(a, MULTI_NAME_PREFIX);
		aml_byte(a, (uint8_t)count);
	}
	aml_append(a, segs.data, segs.len);
	aml_free(&segs);
	return 0;
}

void aml_integer(struct aml *a, uint64_t v)
{
	if (v == 0 || v == 1)
		aml_byte(a, v ? ONE_OP : ZERO_OP);
	else if (v == UINT64_MAX)
		aml_byte(a, ONES_OP);
	else {
		unsigned width = v <= 0xff ? 1 : v <= 0xffff ? 2 : v <= 0xffffffff ? 4 : 8;
		aml_byte(a, width == 1	 ? BYTE_PREFIX
			    : width == 2 ? WORD_PREFIX
			    : width == 4 ? DWORD_PREFIX
					 : QWORD_PREFIX);
		aml_le(a, v, width);
	}
}

int aml_string(struct aml *a, const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return -1;
	aml_byte(a, STRING_PREFIX);
	aml_append(a, s, strlen(s) + 1);
	return 0;
}

static int eisa_letter(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 0x40 : -1;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int aml_eisa_id(const char *id, uint32_t *out)
{
	if (strlen(id) != 7)
		return -1;
	int c[3], d[4];
	for (int i = 0; i < 3; i++)
		if ((c[i] = eisa_letter(id[i])) < 0)
			return -1;
	for (int i = 0; i < 4; i++)
		if ((d[i] = hex_digit(id[3 + i])) < 0)
			return -1;
	/* three 5-bit letters, then four nibbles, stored in this byte order */
	uint32_t b0 = (uint32_t)(c[0] << 2 | c[1] >> 3), b1 = (uint32_t)((c[1] & 7) << 5 | c[2]);
	uint32_t b2 = (uint32_t)(d[0] << 4 | d[1]), b3 = (uint32_t)(d[2] << 4 | d[3]);
	*out = b0 | b1 << 8 | b2 << 16 | b3 << 24;
	return 0;
}

/* op, PkgLength, then head (an encoded name, a count) and body; nothing written on failure. */
static int wrap(struct aml *a, const uint8_t *op, size_t op_len, const struct aml *head,
		const struct aml *body)
{
	struct aml out = {0};
	aml_append(&out, op, op_len);
	int rc = aml_pkg_length(&out, head->len + body->len);
	if (rc == 0) {
		aml_append(&out, head->data, head->len);
		aml_append(&out, body->data, body->len);
		aml_append(a, out.data, out.len);
	}
	aml_free(&out);
	return rc;
}

/* An encoded name as the head of a structured object. */
static int named_wrap(struct aml *a, const uint8_t *op, size_t op_len, const char *name,
		      const struct aml *body)
{
	struct aml head = {0};
	int rc = aml_name_string(&head, name) == 0 ? wrap(a, op, op_len, &head, body) : -1;
	aml_free(&head);
	return rc;
}

int aml_name(struct aml *a, const char *name, const struct aml *value)
{
	struct aml out = {0};
	aml_byte(&out, NAME_OP);
	int rc = aml_name_string(&out, name);
	if (rc == 0) {
		aml_append(&out, value->data, value->len);
		aml_append(a, out.data, out.len);
	}
	aml_free(&out);
	return rc;
}

int aml_scope(struct aml *a, const char *path, const struct aml *terms)
{
	static const uint8_t op[] = {SCOPE_OP};
	return named_wrap(a, op, sizeof(op), path, terms);
}

int aml_device(struct aml *a, const char *name, const struct aml *terms)
{
	static const uint8_t op[] = {EXT_OP_PREFIX, DEVICE_OP};
	return named_wrap(a, op, sizeof(op), name, terms);
}

int aml_package(struct aml *a, uint8_t count, const struct aml *elements)
{
	static const uint8_t op[] = {PACKAGE_OP};
	struct aml head = {0};
	aml_byte(&head, count);
	int rc = wrap(a, op, sizeof(op), &head, elements);
	aml_free(&head);
	return rc;
}

int aml_buffer(struct aml *a, const struct aml *bytes)
{
	static const uint8_t op[] = {BUFFER_OP};
	struct aml head = {0};
	aml_integer(&head, bytes->len);
	int rc = wrap(a, op, sizeof(op), &head, bytes);
	aml_free(&head);
	return rc;
}

/* ---- resource descriptors ---- */

#define RES_WORD_ADDRESS   0x88
#define RES_DWORD_ADDRESS  0x87
#define RES_QWORD_ADDRESS  0x8a
#define RES_MEMORY32_FIXED 0x86
#define RES_IO		   0x47 /* small item 8, 7 bytes */
#define RES_END		   0x79 /* small item 15, 1 byte */

#define SPACE_MEMORY 0
#define SPACE_IO     1
#define SPACE_BUS    2

/* General flags of a bridge's window: max and min fixed, positive decode, producer. */
#define ADDR_FIXED_PRODUCER 0x0c
#define IO_ENTIRE_RANGE	    0x03 /* type-specific: ISA and non-ISA ranges */
#define MEM_READ_WRITE	    0x01 /* type-specific: read-write, non-cacheable */

/* An address space descriptor: granularity, min, max, translation, length, each width bytes. */
static void address_space(struct aml *a, uint8_t tag, unsigned width, uint8_t space,
			  uint8_t type_flags, uint64_t min, uint64_t max)
{
	aml_byte(a, tag);
	aml_le(a, 3 + 5 * width, 2); /* what follows the length field */
	aml_byte(a, space);
	aml_byte(a, ADDR_FIXED_PRODUCER);
	aml_byte(a, type_flags);
	aml_le(a, 0, width);
	aml_le(a, min, width);
	aml_le(a, max, width);
	aml_le(a, 0, width);
	aml_le(a, max - min + 1, width);
}

void aml_res_word_bus(struct aml *a, uint16_t min, uint16_t max)
{
	address_space(a, RES_WORD_ADDRESS, 2, SPACE_BUS, 0, min, max);
}

void aml_res_word_io(struct aml *a, uint16_t min, uint16_t max)
{
	address_space(a, RES_WORD_ADDRESS, 2, SPACE_IO, IO_ENTIRE_RANGE, min, max);
}

void aml_res_dword_memory(struct aml *a, uint32_t min, uint32_t max)
{
	address_space(a, RES_DWORD_ADDRESS, 4, SPACE_MEMORY, MEM_READ_WRITE, min, max);
}

void aml_res_qword_memory(struct aml *a, uint64_t min, uint64_t max)
{
	address_space(a, RES_QWORD_ADDRESS, 8, SPACE_MEMORY, MEM_READ_WRITE, min, max);
}

void aml_res_io(struct aml *a, uint16_t port, uint8_t length)
{
	aml_byte(a, RES_IO);
	aml_byte(a, 1); /* decodes 16 address bits */
	aml_le(a, port, 2);
	aml_le(a, port, 2);
	aml_byte(a, 1); /* alignment */
	aml_byte(a, length);
}

void aml_res_memory32_fixed(struct aml *a, uint32_t base, uint32_t length)
{
	aml_byte(a, RES_MEMORY32_FIXED);
	aml_le(a, 9, 2);
	aml_byte(a, 1); /* read-write */
	aml_le(a, base, 4);
	aml_le(a, length, 4);
}

void aml_res_end(struct aml *a)
{
	aml_byte(a, RES_END);
	aml_byte(a, 0);
}
