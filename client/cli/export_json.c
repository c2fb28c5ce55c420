/* JSON export: one object with the revision, the export time and an array
 * per kind. Records go through pbjson, as `--json` prints them elsewhere,
 * so field names and enum spellings are the .proto's. */
#include <jansson.h>
#include <stdlib.h>

#include "export.h"
#include "pbjson.h"

static int add(json_t *arr, const ProtobufCMessage *m, json_t **obj)
{
    *obj = pbjson_from_message(m);
    return *obj ? json_array_append_new(arr, *obj) : -1;
}

/* A report row: the history entry's fields, and the task it belongs to. */
static int add_report(json_t *arr, const export_report_t *r)
{
    json_t *o;
    if (add(arr, &r->entry->base, &o) != 0)
        return -1;
    return json_object_set_new(o, "task", json_string(r->task->id)) ||
           json_object_set_new(o, "task_ref", json_string(r->task->ref));
}

static json_t *kind_array(const export_data_t *d, enum export_kind k)
{
    json_t *arr = json_array(), *o;
    int rc = arr ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < export_count(d, k); i++) {
        const void *row = export_row(d, k, i);
        rc = k == EXPORT_REPORTS ? add_report(arr, row) : add(arr, row, &o);
    }
    if (rc != 0)
        json_decref(arr);
    return rc ? NULL : arr;
}

int export_json(const export_data_t *d, const bool kinds[EXPORT_N_KINDS], FILE *out)
{
    char when[40];
    export_time(d->exported_at, when, sizeof when);
    json_t *root = json_pack("{s:I,s:s}", "revision", (json_int_t)d->revision, "exported_at", when);
    int rc = root ? 0 : -1;
    for (int k = 0; rc == 0 && k < EXPORT_N_KINDS; k++) {
        if (!kinds[k])
            continue;
        json_t *arr = kind_array(d, k);
        rc = arr ? json_object_set_new(root, export_kind_name(k), arr) : -1;
    }
    if (rc == 0)
        rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || fputc('\n', out) == EOF;
    json_decref(root);
    return rc ? -1 : 0;
}
