/* Grammar of the rule language (docs/rules.md). Actions only call the builder in rules_build.c. */
%code requires {
#include "rules_parse.h"
}

%code {
#include <stdlib.h>

int rules_yylex(RULES_YYSTYPE *lval, struct rules_loc *lloc, void *scanner);
static void rules_yyerror(struct rules_loc *loc, void *scanner, struct rules_parser *p,
			  const char *msg);
}

%define api.prefix {rules_yy}
%define api.pure full
%define api.location.type {struct rules_loc}
%define parse.error verbose
%locations
%lex-param {void *scanner}
%parse-param {void *scanner} {struct rules_parser *p}

%initial-action {
	@$.first_line = @$.last_line = 1;
	@$.first_column = @$.last_column = 1;
}

%union {
	char *str;
	struct rules_text *text;
}

%token RULE "rule" REQUIRES "requires" DOC "doc" FOR "for" IN "in" WHERE "where"
%token ASSERT "assert" AT "at" NOTE "note" MESSAGE "message"
%token <str> LEVEL "level (error, warning, off or build)" IDENT "rule id" VAR "$variable"
%token <str> XPATH "{xpath}" STRING "string"
%type <text> strings
%destructor { free($$); } <str>
%destructor { rules_text_free($$); } <text>

%%

file:
	  %empty
	| file rule
	;

rule:
	  RULE IDENT LEVEL { rb_rule_begin(p, $2, $3, &@2, &@3); $2 = $3 = NULL; } clauses ';'
		{ rb_rule_end(p, &@1); }
	| error ';'
		{ rb_rule_abandon(p); yyerrok; }
	;

clauses:
	  %empty
	| clauses clause
	;

clause:
	  REQUIRES ids
	| DOC strings			{ rb_doc(p, $2); }
	| FOR bindings
	| WHERE XPATH			{ rb_where(p, $2, &@2); }
	| ASSERT XPATH			{ rb_assert(p, $2, &@2); }
	| AT XPATH			{ rb_at(p, $2, &@2); }
	| NOTE XPATH strings		{ rb_note(p, $2, &@2, $3); }
	| MESSAGE strings		{ rb_message(p, $2); }
	;

ids:
	  IDENT				{ rb_requires(p, $1); }
	| ids ',' IDENT			{ rb_requires(p, $3); }
	;

bindings:
	  binding
	| bindings ',' binding
	;

binding:
	  VAR IN XPATH			{ rb_for(p, $1, $3, &@3); }
	;

/* Adjacent strings join, so long messages can span lines. */
strings:
	  STRING			{ $$ = rules_text_add(NULL, $1, &@1); }
	| strings STRING		{ $$ = rules_text_add($1, $2, &@2); }
	;

%%

static void rules_yyerror(struct rules_loc *loc, void *scanner, struct rules_parser *p,
			  const char *msg)
{
	(void)scanner;
	rules_error_at(p, loc, "rules-syntax", "%s", msg);
}
