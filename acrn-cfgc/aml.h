/*
 * A small AML encoder (ACPI 6.x, chapter 20) and the resource descriptors of chapter 6.4:
 * enough to write the DSDT of a pre-launched VM (names, integers, strings, packages, buffers,
 * scopes and devices, and the descriptors of a host bridge's _CRS). The output is the byte
 * stream iasl would compile the same ASL to, up to iasl's choice of integer encodings.
 */
#ifndef ACRN_CFGC_AML_H
#define ACRN_CFGC_AML_H

#include <stddef.h>
#include <stdint.h>

/* A growing byte string; zero-initialised is empty. */
struct aml {
	uint8_t *data;
	size_t len;
	size_t cap;
};

void aml_free(struct aml *a);
void aml_byte(struct aml *a, uint8_t b);
void aml_append(struct aml *a, const void *p, size_t n);
/* v in width (at most 8) bytes, least significant first (ACPI is little-endian throughout). */
void aml_le(struct aml *a, uint64_t v, unsigned width);
void aml_zeros(struct aml *a, size_t n);

/* The largest body a PkgLength can count (2^28 - 1 bytes, less its own 4 bytes). */
#define AML_PKG_MAX ((size_t)0x0ffffffb)

/*
 * PkgLength for a body of n bytes that follows it: the encoded length counts itself. -1 if n
 * exceeds AML_PKG_MAX (nothing written).
 */
int aml_pkg_length(struct aml *a, size_t n);

/*
 * A NameString: an optional root prefix '\' and segments separated by '.', each 1 to 4
 * characters ([A-Z_] then [A-Z0-9_]), padded with '_'. -1 if the path is malformed (nothing
 * written).
 */
int aml_name_string(struct aml *a, const char *path);

/* The shortest encoding: Zero, One, Ones, or a Byte/Word/DWord/QWord constant. */
void aml_integer(struct aml *a, uint64_t v);

/* A String object; -1 unless s is printable ASCII (nothing written). */
int aml_string(struct aml *a, const char *s);

/* "PNP0A03" -> the compressed EISA id as a DWord, as ASL's EisaId() gives it; -1 if malformed. */
int aml_eisa_id(const char *id, uint32_t *out);

/*
 * The structured objects take their body already encoded. Each returns -1 (nothing written)
 * if a name is malformed or the body too long for a PkgLength.
 */
int aml_name(struct aml *a, const char *name, const struct aml *value); /* Name(name, value) */
int aml_scope(struct aml *a, const char *path, const struct aml *terms);
int aml_device(struct aml *a, const char *name, const struct aml *terms);
int aml_package(struct aml *a, uint8_t count, const struct aml *elements);
int aml_buffer(struct aml *a, const struct aml *bytes);

/* ---- resource descriptors (a ResourceTemplate is their concatenation, then aml_res_end) ---- */

/* Address space descriptors as a bridge produces them: min and max fixed, positive decode. */
void aml_res_word_bus(struct aml *a, uint16_t min, uint16_t max);
void aml_res_word_io(struct aml *a, uint16_t min, uint16_t max);
void aml_res_dword_memory(struct aml *a, uint32_t min, uint32_t max); /* non-cacheable, RW */
void aml_res_qword_memory(struct aml *a, uint64_t min, uint64_t max); /* non-cacheable, RW */
/* IO (Decode16, min, min, 1, length): a fixed port range a device decodes. */
void aml_res_io(struct aml *a, uint16_t port, uint8_t length);
void aml_res_memory32_fixed(struct aml *a, uint32_t base, uint32_t length); /* ReadWrite */
/* The end tag; its checksum byte 0 means "not checksummed", which the specification allows. */
void aml_res_end(struct aml *a);

#endif
