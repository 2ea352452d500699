/*
 * What the build-time generators (rules-tablegen, schema-tablegen) share: reading a source file
 * whole and writing bytes as a C string literal.
 */
#ifndef ACRN_CFGC_TABLEGEN_H
#define ACRN_CFGC_TABLEGEN_H

#include <stddef.h>
#include <stdio.h>

/* The file's bytes, NUL-terminated; on failure says so as PROGRAM and exits 1. */
char *tablegen_read(const char *program, const char *path, size_t *len);

/* s as a C string literal, one source line per line of s. */
void tablegen_put_string(FILE *out, const char *s, size_t len);

#endif
