/* A Bison parser, made by GNU Bison 3.8.2.  */

/* Bison interface for Yacc-like parsers in C

   Copyright (C) 1984, 1989-1990, 2000-2015, 2018-2021 Free Software Foundation,
   Inc.

   This program is free software: you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation, either version 3 of the License, or
   (at your option) any later version.

   This program is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
   GNU General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with this program.  If not, see <https://www.gnu.org/licenses/>.  */

/* As a special exception, you may create a larger work that contains
   part or all of the Bison parser skeleton and distribute that work
   under terms of your choice, so long as that work isn't itself a
   parser generator using the skeleton or a modified version thereof
   as a parser skeleton.  Alternatively, if you modify or redistribute
   the parser skeleton itself, you may (at your option) remove this
   special exception, which will cause the skeleton and the resulting
   Bison output files to be licensed under the GNU General Public
   License without this special exception.

   This special exception was added by the Free Software Foundation in
   version 2.2 of Bison.  */

/* DO NOT RELY ON FEATURES THAT ARE NOT DOCUMENTED in the manual,
   especially those whose name start with YY_ or yy_.  They are
   private implementation details that can be changed or removed.  */

#ifndef YY_RULES_YY_RULES_GRAMMAR_H_INCLUDED
# define YY_RULES_YY_RULES_GRAMMAR_H_INCLUDED
/* Debug traces.  */
#ifndef RULES_YYDEBUG
# if defined YYDEBUG
#if YYDEBUG
#   define RULES_YYDEBUG 1
#  else
#   define RULES_YYDEBUG 0
#  endif
# else /* ! defined YYDEBUG */
#  define RULES_YYDEBUG 0
# endif /* ! defined YYDEBUG */
#endif  /* ! defined RULES_YYDEBUG */
#if RULES_YYDEBUG
extern int rules_yydebug;
#endif
/* "%code requires" blocks.  */
#line 2 "rules_grammar.y"

#include "rules_parse.h"

#line 61 "rules_grammar.h"

/* Token kinds.  */
#ifndef RULES_YYTOKENTYPE
# define RULES_YYTOKENTYPE
  enum rules_yytokentype
  {
    RULES_YYEMPTY = -2,
    RULES_YYEOF = 0,               /* "end of file"  */
    RULES_YYerror = 256,           /* error  */
    RULES_YYUNDEF = 257,           /* "invalid token"  */
    RULE = 258,                    /* "rule"  */
    REQUIRES = 259,                /* "requires"  */
    DOC = 260,                     /* "doc"  */
    FOR = 261,                     /* "for"  */
    IN = 262,                      /* "in"  */
    WHERE = 263,                   /* "where"  */
    ASSERT = 264,                  /* "assert"  */
    AT = 265,                      /* "at"  */
    NOTE = 266,                    /* "note"  */
    MESSAGE = 267,                 /* "message"  */
    LEVEL = 268,                   /* "level (error, warning or off)"  */
    IDENT = 269,                   /* "rule id"  */
    VAR = 270,                     /* "$variable"  */
    XPATH = 271,                   /* "{xpath}"  */
    STRING = 272                   /* "string"  */
  };
  typedef enum rules_yytokentype rules_yytoken_kind_t;
#endif
/* Token kinds.  */
#define RULES_YYEMPTY -2
#define RULES_YYEOF 0
#define RULES_YYerror 256
#define RULES_YYUNDEF 257
#define RULE 258
#define REQUIRES 259
#define DOC 260
#define FOR 261
#define IN 262
#define WHERE 263
#define ASSERT 264
#define AT 265
#define NOTE 266
#define MESSAGE 267
#define LEVEL 268
#define IDENT 269
#define VAR 270
#define XPATH 271
#define STRING 272

/* Value type.  */
#if ! defined RULES_YYSTYPE && ! defined RULES_YYSTYPE_IS_DECLARED
union RULES_YYSTYPE
{
#line 27 "rules_grammar.y"

	char *str;

#line 119 "rules_grammar.h"

};
typedef union RULES_YYSTYPE RULES_YYSTYPE;
# define RULES_YYSTYPE_IS_TRIVIAL 1
# define RULES_YYSTYPE_IS_DECLARED 1
#endif

/* Location type.  */
typedef struct rules_loc RULES_YYLTYPE;




int rules_yyparse (void *scanner, struct rules_parser *p);


#endif /* !YY_RULES_YY_RULES_GRAMMAR_H_INCLUDED  */
