/* The archive's workbook. The records are read from the store copy the
 * archive is written from, so the workbook, records.json and the change log
 * show one revision. Documents are left out as they are loaded: the export
 * never shows their bytes, and a congress's files can run to gigabytes. */
#include "archive_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "i18n.h"

#define ERR(...)        fprintf(stderr, "thidua-server: " __VA_ARGS__)
#define DOCUMENT_PREFIX "document/"

/* Every record but the documents, into d. 0 or -1. */
static int load_records(store_t *store, export_data_t *d)
{
    store_iter_t *it = store_iter_new(store, SPACE_RECORD, "");
    const char *key, *val;
    size_t klen, vlen;
    int rc = it ? 0 : -1;
    while (rc == 0 && store_iter_next(it, &key, &klen, &val, &vlen) == 1) {
        if (klen >= strlen(DOCUMENT_PREFIX) &&
            memcmp(key, DOCUMENT_PREFIX, strlen(DOCUMENT_PREFIX)) == 0)
            continue;
        Thidua__V1__Record *r = thidua__v1__record__unpack(NULL, vlen, (const uint8_t *)val);
        rc = r && export_data_take(d, r) == 0 ? 0 : -1;
        if (rc && r)
            thidua__v1__record__free_unpacked(r, NULL);
    }
    store_iter_destroy(&it);
    return rc;
}

/* The records office reads Vietnamese; without the catalog the workbook
 * would come out in English, which is worth a warning, not a failure. */
const char *archive_book_title(const char *given)
{
    static const char probe[] = "Statistics";
    cli_i18n_init("vi");
    if (strcmp(_(probe), probe) == 0)
        ERR("warning: the Vietnamese catalog is not installed; the workbook is in English\n");
    return given && *given ? given : _("Patriotic emulation congress");
}

int archive_book_write(store_t *store, const char *title, int64_t made_ms, const char *path)
{
    export_data_t d = {.revision = store_committed_revision(store), .exported_at = made_ms};
    bool every_kind[EXPORT_N_KINDS];
    char why[EXPORT_WHY_MAX];
    for (int k = 0; k < EXPORT_N_KINDS; k++)
        every_kind[k] = true;
    int rc = load_records(store, &d) == 0 && export_data_classify(&d) == 0 ? 0 : -1;
    if (rc)
        ERR("cannot read the records for the workbook: a damaged record or out of memory\n");
    else if (export_xlsx(&d, every_kind, title, path, why) != 0) {
        ERR("cannot write the workbook '%s': %s\n", path, why);
        rc = -1;
    }
    export_data_free(&d);
    return rc;
}
