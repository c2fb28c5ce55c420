/* A program of another office system using libthidua: connect with the
 * settings of `thidua config` (or THIDUA_* variables), ping the broker,
 * and list the units.
 *   cc example.c $(pkg-config --cflags --libs thidua) -o example
 * libthidua bounds every send by the call's timeout and opens a fresh
 * socket for each attempt: a DEALER whose CURVE handshake was refused (a
 * key not registered) has no connection to take a frame, and a plain
 * blocking send would wait for ever. A client written on raw ZeroMQ must
 * do the same: set ZMQ_SNDTIMEO (or send with ZMQ_DONTWAIT and poll), and
 * resend on a fresh socket (docs/PROTOCOL.md section 5). */
#include <stdio.h>
#include <thidua.h>

int main(void)
{
    thd_status_t st;
    thd_client_t *c = thd_client_new(NULL, &st); /* keys and endpoint from the environment */
    if (!c) {
        fprintf(stderr, "example: %s\n", st.message);
        return 1;
    }
    Thidua__V1__UnitList body = THIDUA__V1__UNIT_LIST__INIT;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_LIST;
    req.unit_list = &body;
    Thidua__V1__Response *resp = NULL;
    if (thd_call(c, &req, &resp, &st) != 0) {
        fprintf(stderr, "example: %s (%s)\n", st.message, thd_code_name(st.code));
        thd_client_destroy(&c);
        return 1;
    }
    printf("revision %llu\n", (unsigned long long)resp->revision);
    for (size_t i = 0; i < resp->units->n_units; i++)
        printf("%s\t%s\n", resp->units->units[i]->code, resp->units->units[i]->name);
    thidua__v1__response__free_unpacked(resp, NULL);
    thd_client_destroy(&c);
    return 0;
}
