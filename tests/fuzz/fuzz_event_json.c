/* libFuzzer harness: any bytes that decode as an Event go through the JSON
 * writer behind `thidua watch --json`; the output must parse back as JSON
 * with the same revision. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "pbjson.h"
#include "thidua.pb-c.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Thidua__V1__Event *ev = thidua__v1__event__unpack(NULL, size, data);
    if (!ev)
        return 0;
    json_t *j = pbjson_from_message(&ev->base);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (text) {
        json_error_t err;
        json_t *back = json_loads(text, 0, &err);
        if (!back)
            abort(); /* the writer produced something that is not JSON */
        json_t *rev = json_object_get(back, "revision");
        if (ev->revision && (!rev || (uint64_t)json_integer_value(rev) != ev->revision) &&
            ev->revision <= (uint64_t)INT64_MAX)
            abort();
        json_decref(back);
    }
    free(text);
    json_decref(j);
    thidua__v1__event__free_unpacked(ev, NULL);
    return 0;
}
