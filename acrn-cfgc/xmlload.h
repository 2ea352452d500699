/* Safe loading of one XML input file, and mapping of DOM nodes back to file positions. */
#ifndef ACRN_CFGC_XMLLOAD_H
#define ACRN_CFGC_XMLLOAD_H

#include <libxml/tree.h>
#include <stddef.h>

#include "diag.h"

/* Inputs larger or deeper than this are refused before or while parsing. */
#define XML_MAX_FILE_SIZE (32u * 1024 * 1024)
#define XML_MAX_DEPTH	  64

struct xml_source {
	char *path;
	char *buf;
	size_t len;
	size_t *line_starts; /* byte offset of each line, index 0 is line 1 */
	size_t line_count;
	xmlDocPtr doc;
};

enum xml_load_result {
	XML_LOAD_OK,
	XML_LOAD_INVALID,  /* the file is not acceptable XML: diagnostics say why */
	XML_LOAD_IO_ERROR, /* the file could not be read at all */
};

/* Call once before any parsing: refuses every external entity, DTD and network load. */
void xml_loader_init(void);

/* While dir (canonical, as realpath gives it) is set, files below it may be loaded (our own XSD
 * includes); NULL closes it again. */
void xml_loader_allow_dir(const char *dir);

/* Reads and parses path; the buffer variant names the contents path in diagnostics. */
enum xml_load_result xml_source_load(struct xml_source *src, const char *path,
				     struct diag_list *dl);
enum xml_load_result xml_source_parse(struct xml_source *src, const char *path, const char *buf,
				      size_t len, struct diag_list *dl);
void xml_source_free(struct xml_source *src);

/* Is n an element named name? Has parent (may be NULL) a child element named name? */
bool xml_is_element(const xmlNode *n, const char *name);
bool xml_has_child(const xmlNode *parent, const char *name);

/* The element's name as the file writes it: an element renamed in memory (upgrade.c) keeps that
 * name in _private, so that positions still find its tag. */
const char *xml_written_name(const xmlNode *node);

/* Position of an element's start tag, of its text value, or of one of its attributes. */
struct srcpos xml_node_pos(const struct xml_source *src, const xmlNode *node);
struct srcpos xml_value_pos(const struct xml_source *src, const xmlNode *node);
struct srcpos xml_attr_pos(const struct xml_source *src, const xmlNode *node, const char *attr);

#endif
