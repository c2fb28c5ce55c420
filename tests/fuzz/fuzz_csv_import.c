/* libFuzzer harness: any bytes go through the CSV reader of `thidua
 * import`. The first byte picks the kind (units, tasks, nominees) and where
 * the rest is split in two feeds; the reader must give the same rows and
 * errors either way, every kept row must pass the broker's message check
 * and survive a pack and unpack, and every line it names must be in the
 * file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "validate.h"

struct result {
    size_t rows, errors, row_count;
};

static struct result read_all(csvin_kind_t kind, const uint8_t *data, size_t size, size_t split,
                              unsigned lines)
{
    csvin_t *in = csvin_new(kind);
    if (!in)
        abort();
    if (csvin_feed(in, data, split) == 0 && csvin_feed(in, data + split, size - split) == 0)
        csvin_finish(in);
    Thidua__V1__ImportRow *const *rows;
    const csvin_error_t *errs;
    struct result r = {csvin_rows(in, &rows), csvin_error_count(in), csvin_row_count(in)};
    size_t kept = csvin_errors(in, &errs);
    if (kept > r.errors || r.rows > r.row_count)
        abort();
    for (size_t i = 0; i < kept; i++)
        if (errs[i].line < 1 || errs[i].line > lines)
            abort(); /* a line the file does not have */
    for (size_t i = 0; i < r.rows; i++) {
        thd_status_t st = {0};
        if (rows[i]->line < 2 || rows[i]->line > lines || (i && rows[i]->line <= rows[i - 1]->line))
            abort();
        if (validate_message((ProtobufCMessage *)&rows[i]->base, &st) != 0)
            abort(); /* the broker would refuse a row the reader let through */
        size_t len = thidua__v1__import_row__get_packed_size(rows[i]);
        uint8_t *buf = malloc(len ? len : 1);
        thidua__v1__import_row__pack(rows[i], buf);
        Thidua__V1__ImportRow *back = thidua__v1__import_row__unpack(NULL, len, buf);
        if (!back || back->record_case != rows[i]->record_case)
            abort();
        thidua__v1__import_row__free_unpacked(back, NULL);
        free(buf);
    }
    csvin_destroy(&in);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    csvin_kind_t kind = (csvin_kind_t)(data[0] % 3);
    data++;
    size--;
    unsigned lines = 1; /* line ends: "\n", "\r\n" and a lone "\r" */
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    /* split after a possible BOM, which is only looked for at the start */
    size_t split = size > 3 ? 3 + (size_t)data[size / 2] * 7 % (size - 3) : size;
    struct result whole = read_all(kind, data, size, size, lines);
    struct result parts = read_all(kind, data, size, split, lines);
    if (whole.rows != parts.rows || whole.errors != parts.errors ||
        whole.row_count != parts.row_count)
        abort(); /* the reader depends on how the bytes arrive */
    return 0;
}
