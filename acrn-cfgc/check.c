/*
 * The rule engine. For each rule whose level is not off and whose prerequisites passed, bind
 * the `for` variables to every combination of nodes, keep the combinations its `where`
 * clauses accept, and report each one whose `assert` is false, at the `at` node (by default
 * the last bound node), with the rule's notes and message.
 */
#include "check.h"

#include <ctype.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_NOTES_PER_CLAUSE 8

struct engine {
	const struct check_input *in;
	const struct check_options *opt;
	struct diag_list *dl;
	xmlXPathContextPtr ctx;
	struct builtin_state *builtins;
	const struct rule *rule;
	enum diag_severity severity;
	unsigned fired; /* diagnostics the current rule reported */
	bool broken;	/* the current rule failed to evaluate: stop it */
	bool sound;	/* nothing broken, every document and model there: every rule may run */
};

enum rule_level check_effective_level(const struct rule *r, const struct check_options *opt)
{
	enum rule_level level = r->level;
	for (size_t i = 0; opt && i < opt->override_count; i++)
		if (strcmp(opt->overrides[i].id, r->id) == 0)
			level = opt->overrides[i].level;
	if (level == RULE_BUILD && opt && opt->build)
		level = RULE_ERROR;
	return level;
}

/* ---- evaluation with located errors ---- */

static void on_eval_error(void *data, xmlErrorPtr err)
{
	char **msg = data;
	if (!*msg && err->message) {
		*msg = xstrdup(err->message);
		size_t n = strlen(*msg);
		while (n && ((*msg)[n - 1] == '\n' || (*msg)[n - 1] == ' '))
			(*msg)[--n] = '\0';
	}
}

/* libxml2 also prints some XPath errors ("function not found") through the generic handler. */
static void ignore_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/*
 * An expression of the shipped rules that only a report needs ('at', notes, message parts) is
 * kept as text (rules_table.c) and compiled here, for the report being made.
 */
static xmlXPathObjectPtr eval(struct engine *e, const struct rule_expr *x)
{
	char *msg = NULL;
	xmlSetStructuredErrorFunc(&msg, on_eval_error);
	xmlSetGenericErrorFunc(NULL, ignore_generic);
	xmlXPathCompExprPtr comp = x->comp ? x->comp : xmlXPathCompile(BAD_CAST x->text);
	xmlXPathObjectPtr obj = comp ? xmlXPathCompiledEval(comp, e->ctx) : NULL;
	if (comp != x->comp)
		xmlXPathFreeCompExpr(comp);
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!obj && !e->broken) {
		diag_error(e->dl, x->pos, "rules-eval", "rule '%s': cannot evaluate '%s': %s",
			   e->rule->id, x->text, msg ? msg : "evaluation failed");
		e->broken = true;
	}
	free(msg);
	return obj;
}

static bool eval_bool(struct engine *e, const struct rule_expr *x)
{
	xmlXPathObjectPtr obj = eval(e, x);
	bool v = obj && xmlXPathCastToBoolean(obj);
	xmlXPathFreeObject(obj);
	return v;
}

static char *eval_template(struct engine *e, const struct rule_template *t)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < t->part_count; i++) {
		const struct rule_template_part *part = &t->parts[i];
		xmlChar *value = NULL;
		if (!part->literal) {
			xmlXPathObjectPtr obj = eval(e, &part->expr);
			value = obj ? xmlXPathCastToString(obj) : NULL;
			xmlXPathFreeObject(obj);
		}
		char *next = xasprintf("%s%s", out,
				       part->literal ? part->literal
				       : value	     ? (char *)value
						     : "?");
		xmlFree(value);
		free(out);
		out = next;
	}
	return out;
}

/* ---- positions ---- */

static const struct xml_source *source_of(const struct engine *e, const xmlNode *node)
{
	if (e->in->board_src && node->doc == e->in->board_src->doc)
		return e->in->board_src;
	if (e->in->scenario_src && node->doc == e->in->scenario_src->doc)
		return e->in->scenario_src;
	return NULL;
}

static bool is_leaf(const xmlNode *node)
{
	for (const xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return false;
	return node->children != NULL;
}

/* Where a node is in the user's file: a leaf element's value, an attribute, or a start tag. */
static struct srcpos node_pos(const struct engine *e, const xmlNode *node)
{
	const struct xml_source *src = node ? source_of(e, node) : NULL;
	if (!src) {
		struct srcpos none = {e->in->scenario_src ? e->in->scenario_src->path : NULL, 0, 0};
		return none;
	}
	if (node->type == XML_ATTRIBUTE_NODE)
		return xml_attr_pos(src, node->parent, (const char *)node->name);
	if (node->type != XML_ELEMENT_NODE)
		return xml_node_pos(src, node->parent);
	return is_leaf(node) ? xml_value_pos(src, node) : xml_node_pos(src, node);
}

static const xmlNode *first_node(xmlXPathObjectPtr obj)
{
	if (!obj || obj->type != XPATH_NODESET || !obj->nodesetval || !obj->nodesetval->nodeNr)
		return NULL;
	return obj->nodesetval->nodeTab[0];
}

/* ---- reporting ---- */

/* Each node a note clause selects gets a note; its text may name that node as $note. */
static void add_notes(struct engine *e, struct diag *d)
{
	for (size_t i = 0; i < e->rule->note_count && !e->broken; i++) {
		const struct rule_note *n = &e->rule->notes[i];
		xmlXPathObjectPtr obj = eval(e, &n->at);
		int count = obj && obj->type == XPATH_NODESET && obj->nodesetval
				? obj->nodesetval->nodeNr
				: 0;
		for (int k = 0; k < count && k < MAX_NOTES_PER_CLAUSE && !e->broken; k++) {
			xmlNodePtr node = obj->nodesetval->nodeTab[k];
			xmlXPathRegisterVariable(e->ctx, BAD_CAST "note", xmlXPathNewNodeSet(node));
			char *text = eval_template(e, &n->text);
			diag_add_note(d, node_pos(e, node), "%s", text);
			free(text);
		}
		xmlXPathRegisterVariable(e->ctx, BAD_CAST "note", NULL);
		xmlXPathFreeObject(obj);
	}
}

static void report(struct engine *e, const xmlNode *default_at)
{
	const xmlNode *at = default_at;
	xmlXPathObjectPtr obj = NULL;
	if (e->rule->at.text) {
		obj = eval(e, &e->rule->at);
		at = first_node(obj) ? first_node(obj) : default_at;
	}
	struct srcpos pos = node_pos(e, at);
	xmlXPathFreeObject(obj);
	char *message = eval_template(e, &e->rule->message);
	if (e->broken) {
		free(message);
		return;
	}
	struct diag *d = diag_report(e->dl, e->severity, pos, e->rule->id, "%s", message);
	free(message);
	add_notes(e, d);
	e->fired++;
}

/* ---- bindings ---- */

static void bind(struct engine *e, const char *var, xmlNodePtr node)
{
	xmlXPathRegisterVariable(e->ctx, BAD_CAST var, xmlXPathNewNodeSet(node));
}

static void unbind(struct engine *e, const char *var)
{
	xmlXPathRegisterVariable(e->ctx, BAD_CAST var, NULL);
}

static void evaluate_at(struct engine *e, const xmlNode *last)
{
	for (size_t i = 0; i < e->rule->where_count; i++)
		if (!eval_bool(e, &e->rule->wheres[i]) || e->broken)
			return;
	if (!eval_bool(e, &e->rule->assertion) && !e->broken)
		report(e, last);
}

static void evaluate_from(struct engine *e, size_t depth, const xmlNode *last)
{
	if (depth == e->rule->binding_count) {
		evaluate_at(e, last);
		return;
	}
	const struct rule_binding *b = &e->rule->bindings[depth];
	xmlXPathObjectPtr set = eval(e, &b->expr);
	if (set && set->type != XPATH_NODESET && !e->broken) {
		diag_error(e->dl, b->expr.pos, "rules-eval",
			   "rule '%s': 'for $%s in' needs a node-set, and '%s' is not one",
			   e->rule->id, b->var, b->expr.text);
		e->broken = true;
	}
	int n = set && set->type == XPATH_NODESET && set->nodesetval ? set->nodesetval->nodeNr : 0;
	for (int i = 0; i < n && !e->broken; i++) {
		xmlNodePtr node = set->nodesetval->nodeTab[i];
		bind(e, b->var, node);
		evaluate_from(e, depth + 1, node);
	}
	unbind(e, b->var);
	xmlXPathFreeObject(set);
}

/* ---- the run ---- */

/* Calls fn on the text of every expression of the rule until one returns false. */
static bool every_expr(const struct rule *r, bool (*fn)(const char *text, const void *arg),
		       const void *arg)
{
	bool ok = !r->assertion.text || fn(r->assertion.text, arg);
	ok = ok && (!r->at.text || fn(r->at.text, arg));
	for (size_t i = 0; ok && i < r->binding_count; i++)
		ok = fn(r->bindings[i].expr.text, arg);
	for (size_t i = 0; ok && i < r->where_count; i++)
		ok = fn(r->wheres[i].text, arg);
	for (size_t i = 0; ok && i < r->message.part_count; i++)
		ok = !r->message.parts[i].expr.text || fn(r->message.parts[i].expr.text, arg);
	for (size_t i = 0; ok && i < r->note_count; i++) {
		ok = fn(r->notes[i].at.text, arg);
		for (size_t k = 0; ok && k < r->notes[i].text.part_count; k++)
			ok = !r->notes[i].text.parts[k].expr.text ||
			     fn(r->notes[i].text.parts[k].expr.text, arg);
	}
	return ok;
}

static bool lacks_var(const char *text, const void *var)
{
	return !strstr(text, var);
}

/* Does any expression of the rule use this document variable? */
static bool rule_uses(const struct rule *r, const char *var)
{
	return !every_expr(r, lacks_var, var);
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

static bool is_broken(const struct broken_names *b, const char *name, size_t len)
{
	return b && broken_has(b, name, len);
}

/*
 * Does the expression stay clear of broken input: no element or attribute name the front end
 * rejected, no function whose model is missing? A lexical walk (string literals and
 * $variables skipped) that may see more names than the expression reads: a rule is then
 * skipped when it could have run, never run on broken input.
 */
static bool reads_sound_input(const char *text, const void *arg)
{
	const struct check_input *in = arg;
	for (const char *p = text; *p;) {
		if (*p == '\'' || *p == '"') {
			const char *end = strchr(p + 1, *p);
			p = end ? end + 1 : p + strlen(p);
			continue;
		}
		bool var = *p == '$';
		if (var || (!isalpha((unsigned char)*p) && *p != '_')) {
			for (p++; var && is_name_char(*p); p++)
				;
			continue;
		}
		const char *name = p;
		while (is_name_char(*p))
			p++;
		size_t len = (size_t)(p - name);
		const char *after = p;
		while (*after == ' ' || *after == '\t' || *after == '\n')
			after++;
		bool usable = *after == '(' ? builtin_available(name, len, in)
					    : !is_broken(in->board_broken, name, len) &&
						  !is_broken(in->scenario_broken, name, len);
		if (!usable)
			return false;
	}
	return true;
}

static bool nothing_broken(const struct broken_names *b)
{
	return !b || (b->count == 0 && !b->whole);
}

/* Nothing in the input is broken or missing: reads_sound_input would say yes to every text. */
static bool input_sound(const struct check_input *in)
{
	return in->board_src && in->scenario_src && in->board && in->scenario &&
	       nothing_broken(in->board_broken) && nothing_broken(in->scenario_broken);
}

/*
 * A rule runs when its documents are there, it reads nothing the front end found broken, and
 * no rule it requires fired or was skipped.
 */
static bool runnable(const struct engine *e, const struct rule_set *rules, const struct rule *r,
		     const bool *failed)
{
	if ((!e->in->board_src && rule_uses(r, "$board")) ||
	    (!e->in->scenario_src && rule_uses(r, "$scenario")) ||
	    (!e->sound && !every_expr(r, reads_sound_input, e->in)))
		return false;
	for (size_t i = 0; i < r->require_count; i++) {
		const struct rule *dep = rule_set_find(rules, r->requires[i]);
		if (dep && failed[dep - rules->rules])
			return false;
	}
	return true;
}

static void context_init(struct engine *e)
{
	const struct xml_source *main_src =
	    e->in->scenario_src ? e->in->scenario_src : e->in->board_src;
	e->ctx = xmlXPathNewContext(main_src->doc);
	e->builtins = builtins_register(e->ctx, e->in);
	if (e->in->board_src)
		xmlXPathRegisterVariable(
		    e->ctx, BAD_CAST "board",
		    xmlXPathNewNodeSet(xmlDocGetRootElement(e->in->board_src->doc)));
	if (e->in->scenario_src)
		xmlXPathRegisterVariable(
		    e->ctx, BAD_CAST "scenario",
		    xmlXPathNewNodeSet(xmlDocGetRootElement(e->in->scenario_src->doc)));
}

/* Rules run after the rules they require, in file order otherwise; a cycle is cut where found. */
static void order_visit(const struct rule_set *rules, size_t i, unsigned char *state, size_t *order,
			size_t *n)
{
	if (state[i])
		return; /* 1: on the path (a cycle), 2: placed */
	state[i] = 1;
	const struct rule *r = &rules->rules[i];
	for (size_t k = 0; k < r->require_count; k++) {
		const struct rule *dep = rule_set_find(rules, r->requires[k]);
		if (dep)
			order_visit(rules, (size_t)(dep - rules->rules), state, order, n);
	}
	state[i] = 2;
	order[(*n)++] = i;
}

static size_t *run_order(const struct rule_set *rules)
{
	unsigned char *state = xcalloc(rules->count, 1);
	size_t *order = xcalloc(rules->count, sizeof(*order)), n = 0;
	for (size_t i = 0; i < rules->count; i++)
		order_visit(rules, i, state, order, &n);
	free(state);
	return order;
}

unsigned check_run(const struct rule_set *rules, const struct check_input *in,
		   const struct check_options *opt, struct diag_list *dl)
{
	if (!in->board_src && !in->scenario_src)
		return 0;
	unsigned before = dl->errors;
	struct engine e = {.in = in, .opt = opt, .dl = dl, .sound = input_sound(in)};
	context_init(&e);
	bool *failed = xcalloc(rules->count, sizeof(*failed));
	size_t *order = run_order(rules);
	for (size_t k = 0; k < rules->count; k++) {
		size_t i = order[k];
		const struct rule *r = &rules->rules[i];
		enum rule_level level = check_effective_level(r, opt);
		if (level == RULE_OFF || level == RULE_BUILD)
			continue; /* switched off: its dependents still run */
		failed[i] = true; /* skipped rules count as failed for their dependents */
		if (!runnable(&e, rules, r, failed))
			continue;
		e.rule = r;
		e.severity =
		    level == RULE_ERROR || (opt && opt->werror) ? DIAG_ERROR : DIAG_WARNING;
		e.fired = 0;
		e.broken = false;
		evaluate_from(&e, 0, xmlDocGetRootElement(e.ctx->doc));
		failed[i] = e.fired || e.broken;
	}
	free(order);
	free(failed);
	xmlXPathFreeContext(e.ctx);
	builtins_free(e.builtins);
	return dl->errors - before;
}
