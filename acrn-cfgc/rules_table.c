/*
 * Loading a rule directory with the help of a table of parsed rule files (rules_table.h): a
 * file whose bytes are those the table was built from becomes its rules without being parsed;
 * any other file is parsed as always. Either way the rules, their positions and the errors are
 * the same as from parsing every file.
 */
#include "rules_table.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define RULES_MAX_READ (4u * 1024 * 1024)

static void *append(void *array, size_t *count, size_t size)
{
	char *grown = xrealloc(array, (*count + 1) * size);
	memset(grown + *count * size, 0, size);
	(*count)++;
	return grown;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * The expressions every run evaluates (bindings, where, assert) are compiled here; those only
 * a report needs ('at', notes, message parts) stay text until check.c makes one.
 */
static struct rule_expr expr_of(const struct rt_expr *x, const char *file, bool compile)
{
	struct rule_expr e = {{x->text ? file : NULL, x->line, x->col}, dup_or_null(x->text), NULL};
	if (compile && e.text)
		e.comp = xmlXPathCompile(BAD_CAST e.text);
	return e;
}

static struct rule_template template_of(const struct rt_template *t, const char *file)
{
	struct rule_template out = {{file, t->line, t->col}, dup_or_null(t->text), NULL, 0};
	out.parts = xcalloc(t->part_count ? t->part_count : 1, sizeof(*out.parts));
	out.part_count = t->part_count;
	for (size_t i = 0; i < t->part_count; i++) {
		out.parts[i].literal = dup_or_null(t->parts[i].literal);
		if (!t->parts[i].literal)
			out.parts[i].expr = expr_of(&t->parts[i].expr, file, false);
	}
	return out;
}

static void rule_lists_of(struct rule *r, const struct rt_rule *t, const char *file)
{
	r->requires = xcalloc(t->require_count ? t->require_count : 1, sizeof(*r->requires));
	for (r->require_count = 0; r->require_count < t->require_count; r->require_count++)
	r->requires[r->require_count] = xstrdup(t->requires[r->require_count]);
	r->bindings = xcalloc(t->binding_count ? t->binding_count : 1, sizeof(*r->bindings));
	for (r->binding_count = 0; r->binding_count < t->binding_count; r->binding_count++) {
		const struct rt_binding *b = &t->bindings[r->binding_count];
		r->bindings[r->binding_count].var = xstrdup(b->var);
		r->bindings[r->binding_count].expr = expr_of(&b->expr, file, true);
	}
	r->wheres = xcalloc(t->where_count ? t->where_count : 1, sizeof(*r->wheres));
	for (r->where_count = 0; r->where_count < t->where_count; r->where_count++)
		r->wheres[r->where_count] = expr_of(&t->wheres[r->where_count], file, true);
	r->notes = xcalloc(t->note_count ? t->note_count : 1, sizeof(*r->notes));
	for (r->note_count = 0; r->note_count < t->note_count; r->note_count++) {
		const struct rt_note *n = &t->notes[r->note_count];
		r->notes[r->note_count].at = expr_of(&n->at, file, false);
		r->notes[r->note_count].text = template_of(&n->text, file);
	}
}

static struct rule rule_of(const struct rt_rule *t, const char *file)
{
	struct rule r = {.pos = {file, t->line, t->col}, .level = t->level};
	r.id = xstrdup(t->id);
	r.doc = dup_or_null(t->doc);
	rule_lists_of(&r, t, file);
	r.assertion = expr_of(&t->assertion, file, true);
	r.at = expr_of(&t->at, file, false);
	r.message = template_of(&t->message, file);
	return r;
}

/* Never says anything: the table's expressions compiled when it was built. */
static void quiet(void *data, xmlErrorPtr err)
{
	(void)data;
	(void)err;
}

/* The file's rules from the table; a rule id seen before is reported as parsing would. */
static unsigned load_from_table(struct rule_set *set, const char *path, const struct rt_file *f,
				struct diag_list *dl)
{
	set->files = append(set->files, &set->file_count, sizeof(*set->files));
	const char *file = set->files[set->file_count - 1] = xstrdup(path);
	unsigned errors = 0;
	xmlSetStructuredErrorFunc(NULL, quiet);
	for (size_t i = 0; i < f->rule_count; i++) {
		const struct rt_rule *t = &f->rules[i];
		const struct rule *twin = rule_set_find(set, t->id);
		if (twin) {
			struct srcpos pos = {file, t->line, t->col};
			struct diag *d = diag_error(dl, pos, "rules-duplicate",
						    "rule '%s' is defined twice", t->id);
			diag_add_note(d, twin->pos, "first defined here");
			errors++;
			continue;
		}
		struct rule r = rule_of(t, file);
		set->rules = append(set->rules, &set->count, sizeof(*set->rules));
		set->rules[set->count - 1] = r;
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	return errors;
}

/* The whole file in *text (NUL-terminated), or -1 when it cannot be read (or is too large). */
static int read_file(const char *path, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)RULES_MAX_READ) {
		close(fd);
		return -1;
	}
	*text = xmalloc((size_t)st.st_size + 1);
	*len = 0;
	ssize_t n;
	while (*len < (size_t)st.st_size &&
	       (n = read(fd, *text + *len, (size_t)st.st_size - *len)) > 0)
		*len += (size_t)n;
	close(fd);
	(*text)[*len] = '\0';
	if (*len == (size_t)st.st_size)
		return 0;
	free(*text);
	return -1;
}

static const struct rt_file *table_file(const struct rules_table *table, const char *name,
					const char *text, size_t len)
{
	for (size_t i = 0; table && i < table->file_count; i++) {
		const struct rt_file *f = &table->files[i];
		if (strcmp(f->name, name) == 0)
			return f->len == len && memcmp(f->text, text, len) == 0 ? f : NULL;
	}
	return NULL;
}

/* One file of the directory: from the table if it is the table's, else parsed. */
static unsigned load_one(struct rule_set *set, const char *dir, const char *name,
			 const struct rules_table *table, struct diag_list *dl)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *text;
	size_t len;
	unsigned errors;
	if (read_file(path, &text, &len) != 0) {
		errors = rules_load_file(set, path, dl); /* which says why, as it always did */
	} else {
		const struct rt_file *f = table_file(table, name, text, len);
		errors = f ? load_from_table(set, path, f, dl)
			   : rules_load_buffer(set, path, text, len, dl);
		free(text);
	}
	free(path);
	return errors;
}

static int is_rules_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 6 && strcmp(d->d_name + n - 6, ".rules") == 0;
}

unsigned rules_load_dir_table(struct rule_set *set, const char *dir,
			      const struct rules_table *table, struct diag_list *dl)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_rules_file, alphasort);
	if (n < 0) {
		struct srcpos pos = {dir, 0, 0};
		diag_error(dl, pos, "io", "cannot read the rules directory: %s", strerror(errno));
		return 1;
	}
	unsigned errors = 0;
	for (int i = 0; i < n; i++) {
		errors += load_one(set, dir, names[i]->d_name, table, dl);
		free(names[i]);
	}
	free(names);
	return errors;
}

unsigned rules_load_dir(struct rule_set *set, const char *dir, struct diag_list *dl)
{
	return rules_load_dir_table(set, dir, NULL, dl);
}
