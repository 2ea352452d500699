/* Helpers the model builders share: walking elements and reading typed, located values. */
#ifndef ACRN_CFGC_MODEL_READ_H
#define ACRN_CFGC_MODEL_READ_H

#include <libxml/tree.h>

#include "model.h"

struct build {
	const struct xml_source *src;
	struct arena *arena;
	struct diag_list *dl;
	struct broken_names *broken; /* what a located error made unusable for the rules */
};

/* Names an element or attribute whose value the builder rejected (broken.h). */
void build_broken(struct build *b, const char *name);

xmlNodePtr node_first(xmlNodePtr parent, const char *name);
xmlNodePtr node_next(xmlNodePtr cur, const char *name);
size_t node_count(xmlNodePtr parent, const char *name);
#define for_each_child(var, parent, name)                                                          \
	for (xmlNodePtr var = node_first((parent), (name)); var; var = node_next(var, (name)))

struct srcpos build_pos(const struct build *b, xmlNodePtr n);
struct srcpos build_value_pos(const struct build *b, xmlNodePtr n);

/* Text content, trimmed, in the arena; "" for an empty element. */
const char *build_text(struct build *b, xmlNodePtr n);
/* Text of the first child element called name; NULL when there is none. */
const char *build_child_text(struct build *b, xmlNodePtr parent, const char *name);
/* Attribute value in the arena; NULL when absent. */
const char *build_attr(struct build *b, xmlNodePtr n, const char *attr);

/* Numbers: absent or empty leaves the value unset; junk or overflow is a located error. */
struct opt_u64 build_child_u64(struct build *b, xmlNodePtr parent, const char *name);
struct opt_u64 build_attr_u64(struct build *b, xmlNodePtr n, const char *attr);
/* Like build_child_u64, but also an error when absent or above max. */
uint64_t build_required_u64(struct build *b, xmlNodePtr parent, const char *name, uint64_t max);
uint32_t build_u32_text(struct build *b, xmlNodePtr n);

/* A y/n switch; absent or empty is "n". */
bool build_child_yn(struct build *b, xmlNodePtr parent, const char *name);

/* A BDF at the start of n's text; description (if any) goes to *desc. -1 after a located error. */
int build_bdf(struct build *b, xmlNodePtr n, struct bdf *out, const char **desc);

#define BUILD_ARRAY(b, count, type) ((type *)arena_alloc((b)->arena, (count), sizeof(type)))

#endif
