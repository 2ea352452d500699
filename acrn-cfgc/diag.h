/* Diagnostics: every stage reports here, the CLI prints them all at the end. */
#ifndef ACRN_CFGC_DIAG_H
#define ACRN_CFGC_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* A place in a user's file. line 0 means "the file as a whole"; col 0 "unknown column". */
struct srcpos {
	const char *file;
	unsigned line;
	unsigned col;
};

enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

enum diag_format { DIAG_FORMAT_TEXT, DIAG_FORMAT_JSON, DIAG_FORMAT_SARIF };

struct diag_note {
	struct srcpos pos;
	char *message;
};

struct diag {
	enum diag_severity severity;
	struct srcpos pos;
	char *message;
	char *rule;
	struct diag_note *notes;
	size_t note_count;
	size_t seq; /* report order, keeps sorting stable */
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t cap;
	unsigned errors;
	unsigned warnings;
};

void diag_list_init(struct diag_list *dl);
void diag_list_free(struct diag_list *dl);

/* Records a diagnostic; file names are copied, so pos may point at temporary storage. */
struct diag *diag_report(struct diag_list *dl, enum diag_severity sev, struct srcpos pos,
			 const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_error(dl, pos, rule, ...)	 diag_report((dl), DIAG_ERROR, (pos), (rule), __VA_ARGS__)
#define diag_warning(dl, pos, rule, ...) diag_report((dl), DIAG_WARNING, (pos), (rule), __VA_ARGS__)

/* Adds a note pointing at the other party of a conflict. */
void diag_add_note(struct diag *d, struct srcpos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Moves every diagnostic of src to the end of dst; src is left empty. */
void diag_list_move(struct diag_list *dst, struct diag_list *src);

/* Sorts by file (in order of first appearance), line, column, then report order. */
void diag_list_sort(struct diag_list *dl);

const char *diag_severity_name(enum diag_severity sev);
int diag_parse_format(const char *name, enum diag_format *out);

/* Prints every diagnostic; text goes GCC style, json and sarif as one document. */
int diag_list_print(const struct diag_list *dl, enum diag_format fmt, FILE *out);

#endif
