/*
 * What the C emitters of emit share: reading the resolved document with XPath's meaning of a
 * value (an absent attribute or element is empty text), as the stylesheets they replaced did,
 * and writing it the way their common.xsl did (banners, comment text, C strings, BDFs, numbers
 * with their U suffix, table headers, vUARTs, VM flags). A file stops at its first error, as a
 * terminating xsl:message stopped a stylesheet: later writes do nothing and the text is
 * thrown away.
 */
#ifndef ACRN_CFGC_EMIT_TEXT_H
#define ACRN_CFGC_EMIT_TEXT_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stdio.h>

/* The layouts the C emitters write, of config_abi.h and of the device model's dm_config_abi.h:
 * a change of a header must be looked at in the emitters before its revision moves on. */
#define EMIT_ABI_REVISION    4
#define EMIT_DM_ABI_REVISION 1

/* One file being written: its text so far, or why it cannot be written. */
struct emit_text {
	FILE *f;
	char *text;
	size_t len;
	char *error;	 /* the first error (malloc'd), NULL while there is none */
	long error_line; /* the resolved document's line it concerns */
};

void et_open(struct emit_text *t);
/* The text (malloc'd, *len bytes), or NULL with *error and *line when the file failed. */
char *et_close(struct emit_text *t, size_t *len, char **error, long *line);
/* The file's first error, at n's line. */
void et_fail(struct emit_text *t, xmlNodePtr n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void et_puts(struct emit_text *t, const char *s);
void et_printf(struct emit_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- reading ---- */

/* The attribute's text, "" when absent. */
const char *et_attr(xmlNodePtr n, const char *name);
bool et_has_attr(xmlNodePtr n, const char *name);
/* name="value" (false when absent). */
bool et_attr_is(xmlNodePtr n, const char *name, const char *value);
/* XPath's child/@attr = 'value': some child element called child has it. */
bool et_child_attr_is(xmlNodePtr n, const char *child, const char *attr, const char *value);
/* XPath's string(child/@attr): the attribute of the first such child that has it, else "". */
const char *et_child_attr(xmlNodePtr n, const char *child, const char *attr);
/* XPath's string(child): the text of the first child element called child (malloc'd, "" if
 * none). */
char *et_child_text(xmlNodePtr n, const char *child);
/* XPath's string(PATH) for a relative path of element names ("hv_ram/start"): the text of the
 * first such element in document order (malloc'd, "" if none). */
char *et_path_text(xmlNodePtr n, const char *path);
/* XPath's count(PATH) for such a path. */
size_t et_path_count(xmlNodePtr n, const char *path);
/* XPath's normalize-space(s), malloc'd. */
char *et_normalize_space(const char *s);
/* Characters, as XPath's string-length counts them (UTF-8). */
size_t et_char_count(const char *s);
/* How many elements called name come before n among its siblings. */
size_t et_preceding(xmlNodePtr n, const char *name);

/* ---- writing, as common.xsl's templates of the same names did ---- */

void et_comment_text(struct emit_text *t, const char *s);
void et_banner(struct emit_text *t, xmlNodePtr root, const char *generator, const char *what);
void et_table_header(struct emit_text *t, const char *kind, const char *type, unsigned revision);
/* A C string literal of s, which must be printable ASCII (what: "the VM name"). */
void et_c_string(struct emit_text *t, xmlNodePtr at, const char *s, const char *what);
/* The same, for a char array of max bytes with its NUL. */
void et_c_fixed_string(struct emit_text *t, xmlNodePtr at, const char *s, size_t max,
		       const char *what);
/* INDENT.NAME_len = N,\n INDENT.NAME = "s",\n */
void et_c_string_field(struct emit_text *t, xmlNodePtr at, const char *name, const char *s,
		       const char *what, const char *indent);
/* "bb:dd.f" -> PREFIX_BDF(0xbb, 0xdd, 0xf); anything else -> PREFIX_NO_BDF */
void et_bdf(struct emit_text *t, const char *s, const char *prefix);
/* A number with its U, or PREFIX_NONE / 0U when empty. */
void et_or_none(struct emit_text *t, const char *v, const char *prefix);
void et_or_zero(struct emit_text *t, const char *v);
/* {.type = PREFIX_VUART_..., .irq = ..., .io_port = ..., .vbdf = ...} of u (NULL: none). */
void et_vuart(struct emit_text *t, xmlNodePtr u, const char *prefix);
/* The VM's flags joined by " | " (PREFIX_VM_...), or 0; only ACFG has HYPERCALLS. */
void et_vm_flags(struct emit_text *t, xmlNodePtr vm, const char *prefix);
/* PREFIX_VM_RTVM, _TEE, _REE or _STANDARD. */
void et_vm_type(struct emit_text *t, xmlNodePtr vm, const char *prefix);
/* "VM peer_id" of a vUART connection: the index of the peer VM, or the error; prefix_NONE
 * twice when it has no peer. */
void et_vuart_peer(struct emit_text *t, xmlNodePtr vm, xmlNodePtr conn, const char *prefix);
/* INDENT.FIELD = ARRAY,\n or NULL when count is 0. */
void et_array_ref(struct emit_text *t, const char *field, const char *array, size_t count,
		  const char *indent);

#endif
