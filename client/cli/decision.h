/* The chair's draft decision (Quyết định) as PDF: the template the office
 * edits (decision_template.c), the decision with its annex
 * (decision_pdf.c) and the certificates (decision_cert.c), laid out with
 * cairo and pango in the form of Decree 30/2020/NĐ-CP. The static library
 * thidua_decision, so thidua-web can offer the same files as the CLI.
 * Nothing here talks to the broker: it draws what one snapshot holds. */
#ifndef THD_CLI_DECISION_H
#define THD_CLI_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

/* ---- the template ---------------------------------------------------- */

/* The template's sections, in the order the decision shows them. */
enum dec_section {
    DEC_INFO,       /* [thong_tin]: "key: value" lines, each also a placeholder */
    DEC_SUBJECT,    /* [trich_yeu]: "Về việc ..." under the title */
    DEC_AUTHORITY,  /* [tham_quyen]: who issues it, above the bases */
    DEC_BASES,      /* [can_cu]: one paragraph a line */
    DEC_ARTICLES,   /* [dieu]: one paragraph a line; "Điều N." is set bold */
    DEC_RECIPIENTS, /* [noi_nhan] */
    DEC_SIGNER,     /* [ky]: the signer's capacity, e.g. TM. ... / TRƯỞNG BAN */
    DEC_CERT,       /* [bang_khen]: a certificate's lines, per nominee */
    DEC_N_SECTIONS
};

typedef struct dec_tpl dec_tpl_t;

/* A placeholder's value: name without braces. */
typedef struct dec_var {
    const char *name, *value;
} dec_var_t;

/* Parses a template (text, NUL-terminated; source names it in errors).
 * Every placeholder is checked against what the section may use: an
 * unknown one, a section or key this build does not know, or a required
 * [thong_tin] key missing is refused with the line, in the user's
 * language, in err. Returns NULL then; caller destroys the result. */
dec_tpl_t *dec_tpl_parse(const char *text, const char *source, char *err, size_t cap);
void dec_tpl_destroy(dec_tpl_t **self_p);
/* The template at path; with NULL, the installed file the office may
 * have edited (THIDUA_DECISION_TEMPLATE), else the built-in copy of it.
 * NULL with the reason (translated) in err. Caller destroys. */
dec_tpl_t *dec_tpl_load(const char *path, char *err, size_t cap);
/* The built-in Vietnamese template (a copy of the installed file). */
extern const unsigned char dec_tpl_default[];
/* A [thong_tin] value with its placeholders filled from vars; "" when
 * absent. Fresh string; caller frees. */
char *dec_tpl_info(const dec_tpl_t *t, const char *key, const dec_var_t *vars, size_t n_vars);
size_t dec_tpl_n_lines(const dec_tpl_t *t, enum dec_section s);
/* Line i of section s with its placeholders filled from vars, then from
 * [thong_tin]. Fresh string; caller frees. */
char *dec_tpl_line(const dec_tpl_t *t, enum dec_section s, size_t i, const dec_var_t *vars,
                   size_t n_vars);

/* ---- the documents ------------------------------------------------------ */

/* What a draft is drawn from. Borrowed for the call. */
typedef struct dec_input {
    const export_data_t *data; /* one snapshot; its revision is printed */
    const dec_tpl_t *tpl;
    const char *number;   /* the decision's number, "" for a blank to fill */
    int day, month, year; /* the date on the draft */
} dec_input_t;

/* The selected nominees of a snapshot, in the annex's order (kind, field,
 * id), with their units' names. */
typedef struct dec_entry {
    const Thidua__V1__Nominee *nominee;
    const char *unit_name; /* the proposing unit's name, or its code */
    size_t order;          /* its place in id order: ties keep it */
} dec_entry_t;

typedef struct dec_list {
    dec_entry_t *entries;
    size_t n, n_collective, n_individual;
} dec_list_t;

/* Collects the selected nominees of in->data: 0, or -1 out of memory. */
int dec_collect(const export_data_t *d, dec_list_t *out);
void dec_list_free(dec_list_t *l);

/* Writes the decision and its annex to path (A4 portrait) / one
 * certificate a selected nominee to path (A4 landscape). 0, or -1 with
 * the reason (translated) in err. The file is written as given: the
 * caller writes to a temporary name and renames. */
int dec_write_decision(const dec_input_t *in, const dec_list_t *l, const char *path, char *err,
                       size_t cap);
int dec_write_certificates(const dec_input_t *in, const dec_list_t *l, const char *path, char *err,
                           size_t cap);

/* Frees what pango, cairo and fontconfig keep for the process (fonts,
 * caches): once, when a program is done drawing, so leak checkers see only
 * real leaks. */
void dec_release(void);

/* The placeholders every section may use, filled for in and l (static
 * storage inside *buf). n_vars returns how many. */
typedef struct dec_globals {
    char number[64], day[8], month[8], year[8], n_coll[16], n_ind[16], n_all[16], revision[24],
        parts[64];
    dec_var_t vars[9];
} dec_globals_t;
size_t dec_globals_fill(dec_globals_t *g, const dec_input_t *in, const dec_list_t *l);
/* Who is honoured, as the decision says it: "3 tập thể và 7 cá nhân", or
 * "7 cá nhân" alone when there is no collective (not "0 tập thể và 7 cá
 * nhân"), "3 tập thể" alone, "0" for none. Into buf; returns buf. */
const char *dec_parts_text(size_t collectives, size_t individuals, char *buf, size_t cap);

#endif
