/* The value rules the broker and every client share (rules.h). */
#include "rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

bool thd_task_open(const Thidua__V1__Task *t)
{
    return t->status != THIDUA__V1__TASK_STATUS__TASK_STATUS_ACCEPTED &&
           t->status != THIDUA__V1__TASK_STATUS__TASK_STATUS_CANCELLED;
}

bool thd_task_overdue(const Thidua__V1__Task *t, const char *today)
{
    return thd_task_open(t) && *t->deadline && strcmp(t->deadline, today) < 0;
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

void thd_history_id(char *buf, size_t cap, const char *task, uint32_t seq)
{
    snprintf(buf, cap, "%s/%010" PRIu32, task, seq);
}
