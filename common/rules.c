/* The value rules the broker and every client share (rules.h). */
#include "rules.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fold.h"
#include "text.h"
#include "thd_limits.h"

#define DIGITS "0123456789"
#define UPPER  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LOWER  "abcdefghijklmnopqrstuvwxyz"

/* min-max characters, all of them in allowed. */
static bool made_of(const char *s, size_t min, size_t max, const char *allowed)
{
    size_t n = strlen(s);
    return n >= min && n <= max && strspn(s, allowed) == n;
}

bool thd_ref_valid(const char *s)
{
    return made_of(s, 1, THD_MAX_HANDLE_CHARS, UPPER LOWER DIGITS "._-/");
}

bool thd_name_valid(const char *s)
{
    return made_of(s, 1, THD_MAX_HANDLE_CHARS, LOWER DIGITS "._-");
}

bool thd_unit_code_valid(const char *s)
{
    return made_of(s, 2, THD_MAX_CODE_CHARS, UPPER DIGITS "-");
}

bool thd_date_ymd_valid(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

/* The number written in s[0..n), all digits. */
static int number(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool thd_date_valid(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return thd_date_ymd_valid(number(s, 4), number(s + 5, 2), number(s + 8, 2));
}

const char *thd_date_dmy(const char *ymd, char out[11])
{
    if (thd_date_valid(ymd))
        snprintf(out, 11, "%.2s/%.2s/%.4s", ymd + 8, ymd + 5, ymd);
    else
        snprintf(out, 11, "%s", ymd);
    return out;
}

/* YYYY-MM-DD of y (0-9999), m and d (0-99) into out. */
static void write_ymd(int y, int m, int d, char out[11])
{
    char buf[40];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

/* Days since 1970-01-01 of a civil date, and back (Howard Hinnant's
 * algorithms): exact over the whole Gregorian range, no time zone. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int thd_task_urgency(const Thidua__V1__Task *a, bool late_a, const Thidua__V1__Task *b, bool late_b)
{
    if (late_a != late_b)
        return late_a ? -1 : 1;
    int c = strcmp(a->deadline, b->deadline);
    if (c)
        return c;
    size_t la = strlen(a->id), lb = strlen(b->id);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a->id, b->id);
}

const char *thd_gender_word(const char *typed)
{
    static const struct {
        const char *folded, *word;
    } words[] = {{"nam", "Nam"}, {"male", "Nam"}, {"nu", "Nữ"}, {"female", "Nữ"}};
    if (!typed || !*typed)
        return "";
    char *f = fold_text(typed); /* lower case, without diacritics: "nữ" is "nu" */
    const char *out = NULL;
    if (f) {
        size_t j = 0; /* letters only: "Nữ." and " nam " are words too */
        for (size_t i = 0; f[i]; i++)
            if ((f[i] >= 'a' && f[i] <= 'z') || (unsigned char)f[i] >= 0x80)
                f[j++] = f[i];
        f[j] = '\0';
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !out; i++)
            if (strcmp(f, words[i].folded) == 0)
                out = words[i].word;
    }
    free(f);
    return out;
}

int thd_days_between(const char *from, const char *to)
{
    if (!from || !to || !thd_date_valid(from) || !thd_date_valid(to))
        return 0;
    long a = days_from_civil(number(from, 4), number(from + 5, 2), number(from + 8, 2));
    long b = days_from_civil(number(to, 4), number(to + 5, 2), number(to + 8, 2));
    return (int)(b - a);
}

static bool is_holiday(const char *day, const char *const *holidays, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(holidays[i], day) == 0)
            return true;
    return false;
}

bool thd_working_days_after(const char *from, unsigned days, const char *const *holidays,
                            size_t n_holidays, char out[11])
{
    if (!thd_date_valid(from) || days > THD_MAX_DISCLOSURE_DAYS)
        return false;
    long z = days_from_civil(number(from, 4), number(from + 5, 2), number(from + 8, 2));
    char day[11] = "";
    for (unsigned counted = 0; counted < days;) {
        int y, m, d;
        civil_from_days(++z, &y, &m, &d);
        if (y > 9999)
            return false;
        write_ymd(y, m, d, day);
        long weekday = ((z % 7) + 11) % 7; /* 1970-01-01 was a Thursday: 0 is Sunday */
        if (weekday != 0 && weekday != 6 && !is_holiday(day, holidays, n_holidays))
            counted++;
    }
    memcpy(out, days ? day : from, 11);
    return true;
}

bool thd_nominee_honour_overlaps(const Thidua__V1__Nominee *n, size_t i)
{
    if (i >= n->n_earlier_honours || !n->period_from || !*n->honour_form)
        return false;
    const Thidua__V1__EarlierHonour *h = n->earlier_honours[i];
    return h->year >= n->period_from && h->year <= n->period_to &&
           strcmp(h->form, n->honour_form) == 0;
}

size_t thd_nominee_overlaps(const Thidua__V1__Nominee *n)
{
    size_t k = 0;
    for (size_t i = 0; i < n->n_earlier_honours; i++)
        k += thd_nominee_honour_overlaps(n, i);
    return k;
}

/* The kind of file a media type names, by the bytes it must begin with
 * (is_kind below). */
enum kind { K_NONE, K_PDF, K_PNG, K_JPEG, K_TIFF, K_OLE, K_ZIP };

/* File kinds by extension; dossier: a nominee's dossier may hold it;
 * kind: what its bytes begin as, K_NONE where no signature is checked. */
static const struct media {
    const char *ext, *type;
    bool dossier;
    enum kind kind;
} media[] = {
    {"pdf", "application/pdf", true, K_PDF},
    {"jpg", "image/jpeg", true, K_JPEG},
    {"jpeg", "image/jpeg", true, K_JPEG},
    {"png", "image/png", true, K_PNG},
    {"tif", "image/tiff", true, K_TIFF},
    {"tiff", "image/tiff", true, K_TIFF},
    {"doc", "application/msword", true, K_OLE},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true,
     K_ZIP},
    {"xls", "application/vnd.ms-excel", true, K_OLE},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true, K_ZIP},
    {"odt", "application/vnd.oasis.opendocument.text", true, K_ZIP},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet", true, K_ZIP},
    {"txt", "text/plain", false, K_NONE},
    {"csv", "text/csv", false, K_NONE},
    {"zip", "application/zip", false, K_ZIP},
};

const char *thd_media_type_of(const char *file_name)
{
    const char *dot = strrchr(file_name, '.');
    for (size_t i = 0; dot && i < sizeof media / sizeof media[0]; i++)
        if (strcasecmp(dot + 1, media[i].ext) == 0)
            return media[i].type;
    return "application/octet-stream";
}

static bool starts(const uint8_t *d, size_t len, const char *sig, size_t n)
{
    return len >= n && memcmp(d, sig, n) == 0;
}

/* "%PDF-" within the first kilobyte: where PDF readers accept it. */
static bool is_pdf(const uint8_t *d, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (d[i] == '%' && memcmp(d + i, "%PDF-", 5) == 0)
            return true;
    return false;
}

/* Whether the bytes begin as every file of kind k does. */
static bool is_kind(enum kind k, const uint8_t *d, size_t len)
{
    switch (k) {
    case K_PDF:
        return is_pdf(d, len);
    case K_PNG:
        return starts(d, len, "\x89PNG\r\n\x1a\n", 8);
    case K_JPEG:
        return starts(d, len, "\xFF\xD8\xFF", 3);
    case K_TIFF: /* either byte order, classic or BigTIFF */
        return starts(d, len, "II*\0", 4) || starts(d, len, "MM\0*", 4) ||
               starts(d, len, "II+\0", 4) || starts(d, len, "MM\0+", 4);
    case K_OLE:
        return starts(d, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    case K_ZIP: /* a first entry, or an empty archive */
        return starts(d, len, "PK\x03\x04", 4) || starts(d, len, "PK\x05\x06", 4);
    case K_NONE:
        break;
    }
    return true;
}

const char *thd_media_seen(const void *data, size_t len)
{
    static const struct {
        enum kind kind;
        const char *word;
    } seen[] = {/* the signatures at the first byte first; PDF's may come later */
                {K_PNG, "PNG"},
                {K_JPEG, "JPEG"},
                {K_TIFF, "TIFF"},
                {K_OLE, "DOC/XLS"},
                {K_ZIP, "DOCX/XLSX/ODT/ZIP"},
                {K_PDF, "PDF"}};
    for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++)
        if (is_kind(seen[i].kind, data, len))
            return seen[i].word;
    return NULL;
}

bool thd_media_content_ok(const char *media_type, const void *data, size_t len)
{
    for (size_t i = 0; i < sizeof media / sizeof media[0]; i++)
        if (strcasecmp(media_type, media[i].type) == 0)
            return is_kind(media[i].kind, data, len);
    return true; /* a type that names no kind: nothing to check */
}

bool thd_dossier_type_ok(const char *media_type)
{
    for (size_t i = 0; i < sizeof media / sizeof media[0]; i++)
        if (media[i].dossier && strcasecmp(media_type, media[i].type) == 0)
            return true;
    return false;
}

uint32_t thd_nominee_files(const Thidua__V1__Nominee *n)
{
    uint32_t newest = n->versions; /* since format 5; before, the history's newest */
    for (size_t i = 0; i < n->n_history; i++)
        if (n->history[i]->version > newest)
            newest = n->history[i]->version;
    return newest;
}

bool thd_task_open(const Thidua__V1__Task *t)
{
    return t->status != THIDUA__V1__TASK_STATUS__TASK_STATUS_ACCEPTED &&
           t->status != THIDUA__V1__TASK_STATUS__TASK_STATUS_CANCELLED;
}

bool thd_task_overdue(const Thidua__V1__Task *t, const char *today)
{
    return thd_task_open(t) && *t->deadline && strcmp(t->deadline, today) < 0;
}

size_t thd_task_status_order(const int **order)
{
    static const int statuses[] = {
        THIDUA__V1__TASK_STATUS__TASK_STATUS_ASSIGNED,
        THIDUA__V1__TASK_STATUS__TASK_STATUS_IN_PROGRESS,
        THIDUA__V1__TASK_STATUS__TASK_STATUS_RETURNED,
        THIDUA__V1__TASK_STATUS__TASK_STATUS_SUBMITTED,
        THIDUA__V1__TASK_STATUS__TASK_STATUS_ACCEPTED,
        THIDUA__V1__TASK_STATUS__TASK_STATUS_CANCELLED,
    };
    *order = statuses;
    return sizeof statuses / sizeof statuses[0];
}

size_t thd_nominee_kind_order(const int **order)
{
    static const int kinds[] = {
        THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_COLLECTIVE,
        THIDUA__V1__NOMINEE_KIND__NOMINEE_KIND_INDIVIDUAL,
    };
    *order = kinds;
    return sizeof kinds / sizeof kinds[0];
}

bool thd_task_review_verb(const char *verb)
{
    static const char *const review[] = {"submit", "return", "accept", "cancel"};
    for (size_t i = 0; i < sizeof review / sizeof review[0]; i++)
        if (strcmp(verb, review[i]) == 0)
            return true;
    return false;
}

bool thd_record_concerns(const Thidua__V1__Record *rec, const char *unit)
{
    if (!unit || !*unit)
        return true;
    for (size_t i = 0; i < rec->n_units; i++)
        if (strcmp(rec->units[i], unit) == 0)
            return true;
    return false;
}

bool thd_event_left(const Thidua__V1__Event *ev, const char *unit)
{
    for (size_t i = 0; unit && i < ev->n_left_units; i++)
        if (strcmp(ev->left_units[i], unit) == 0)
            return true;
    return false;
}

bool thd_event_concerns(const Thidua__V1__Event *ev, const char *unit)
{
    if (!unit || !*unit || thd_event_left(ev, unit))
        return true;
    for (size_t i = 0; i < ev->n_records; i++)
        if (thd_record_concerns(ev->records[i], unit))
            return true;
    return false;
}

void thd_record_id(char *buf, size_t cap, const char *prefix, unsigned long long n)
{
    snprintf(buf, cap, "%s-%llu", prefix, n);
}

void thd_history_id(char *buf, size_t cap, const char *task, uint32_t seq)
{
    char num[12];
    text_uint(num, sizeof num, seq, 10);
    TEXT_JOIN(buf, cap, '/', task, num);
}
