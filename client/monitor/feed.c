/* The feed: a fixed ring of the latest changes, one entry per revision,
 * each worded as every client words a change (thd_label_change). */
#include <stdio.h>
#include <string.h>

#include "monitor.h"
#include "text.h"

/* The unit a change speaks for: the acting principal's unit when it has
 * one, else the first unit the record concerns. */
static const char *actor_unit(const thd_watch_t *w, const Thidua__V1__Event *ev)
{
    const Thidua__V1__Record *p = thd_watch_get(w, "principal", ev->actor);
    if (p && p->body_case == THIDUA__V1__RECORD__BODY_PRINCIPAL && *p->principal->unit)
        return p->principal->unit;
    if (ev->n_records && ev->records[0]->n_units)
        return ev->records[0]->units[0];
    return "-";
}

static void describe(const Thidua__V1__Record *r, char *out, size_t cap)
{
    switch (r->body_case) {
    case THIDUA__V1__RECORD__BODY_TASK:
        snprintf(out, cap, "%s «%s» %u%% %s", r->id, r->task->title, r->task->progress,
                 mon_task_status(r->task->status));
        break;
    case THIDUA__V1__RECORD__BODY_NOMINEE:
        snprintf(out, cap, "%s «%s» %s", r->id, r->nominee->name,
                 mon_nominee_status(r->nominee->status));
        break;
    case THIDUA__V1__RECORD__BODY_QUOTA:
        snprintf(out, cap, "%s/%s max %u", mon_field(r->quota->field), mon_kind(r->quota->kind),
                 r->quota->max_selected);
        break;
    case THIDUA__V1__RECORD__BODY_UNIT:
        snprintf(out, cap, "%s «%s»", r->unit->code, r->unit->name);
        break;
    case THIDUA__V1__RECORD__BODY_PRINCIPAL:
        if (*r->principal->display_name)
            snprintf(out, cap, "%s «%s»", r->id, r->principal->display_name);
        else
            snprintf(out, cap, "%s", r->id);
        break;
    default:
        snprintf(out, cap, "%s/%s", r->type, r->id);
    }
}

const mon_entry_t *feed_add(mon_feed_t *f, const thd_watch_t *w, const Thidua__V1__Event *ev)
{
    if (!ev || ev->revision <= f->last)
        return NULL;
    f->last = ev->revision;
    mon_entry_t *e = &f->entries[f->head];
    memset(e, 0, sizeof *e);
    e->revision = ev->revision;
    e->time_ms = ev->time_ms;
    snprintf(e->unit, sizeof e->unit, "%s", actor_unit(w, ev));
    const char *actor = thd_event_actor(ev); /* a person's name */
    text_copy(e->actor, sizeof e->actor, actor, strlen(actor));
    char body[160] = "";
    /* the record that matters most: a task or nominee over the counters
     * (proposal counts, quotas) a change also touches */
    const Thidua__V1__Record *main_rec = ev->n_records ? ev->records[0] : NULL;
    for (size_t i = 0; i < ev->n_records; i++)
        if (ev->records[i]->body_case == THIDUA__V1__RECORD__BODY_TASK ||
            ev->records[i]->body_case == THIDUA__V1__RECORD__BODY_NOMINEE) {
            main_rec = ev->records[i];
            break;
        }
    if (main_rec) {
        describe(main_rec, body, sizeof body);
        snprintf(e->type, sizeof e->type, "%s", main_rec->type);
        snprintf(e->id, sizeof e->id, "%s", main_rec->id);
    }
    /* the change in libthidua's words, as the CLI's watch and the web's
     * feed say it: "mở khóa người dùng w", never "principal.set_disabled" */
    const char *word = thd_label_change(ev, mon_lang());
    char what[sizeof body + 200];
    snprintf(what, sizeof what, "%s %s", word ? word : ev->kind, body);
    text_copy(e->what, sizeof e->what, what, strlen(what));
    f->head = (f->head + 1) % FEED_CAP;
    if (f->count < FEED_CAP)
        f->count++;
    return e;
}

const mon_entry_t *feed_get(const mon_feed_t *f, size_t i)
{
    if (i >= f->count)
        return NULL;
    return &f->entries[(f->head + FEED_CAP - 1 - i) % FEED_CAP];
}
