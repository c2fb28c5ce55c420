/* libFuzzer harness: any bytes as a request from a principal, through the
 * broker's decoder, validation, permission table and handlers, against a
 * real LevelDB store in a temp directory. Each input's writes are rolled
 * back (never committed), so inputs do not depend on each other. The
 * first byte picks the acting principal (admin or a unit's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "dispatch.h"
#include "keys.h"
#include "store.h"

static store_t *store;
static dispatch_t *dispatch;
/* The acting principals as ZAP names them to the broker: "<name> <key>"
 * (auth.h), so that a request gets past the key check to its handler. */
enum { WHO = 4 };
static char who[WHO][AUTH_USER_CAP];
static size_t n_who;
static struct server_info info = {.version = "fuzz"};

static void must(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_dispatch: %s\n", what);
        abort();
    }
}

/* Runs one request as `as` (a principal of the store) and commits it. */
static void seed(const Thidua__V1__Principal *as, Thidua__V1__Request *req)
{
    dispatch_out_t out;
    dispatch_execute(dispatch, as, req, &out);
    Thidua__V1__Response *r = thidua__v1__response__unpack(NULL, out.reply_len, out.reply);
    must(r && (!r->status || r->status->code == 0), "seeding failed");
    thidua__v1__response__free_unpacked(r, NULL);
    dispatch_out_clear(&out);
    thd_status_t st;
    must(store_commit(store, &st) == 0, "commit failed");
}

static void add_principal(const Thidua__V1__Principal *as, const char *name, int role,
                          const char *unit)
{
    key_pair_t kp;
    must(keys_generate(&kp, NULL) == 0, "keygen");
    Thidua__V1__Principal p = THIDUA__V1__PRINCIPAL__INIT;
    p.name = (char *)name;
    p.public_key = kp.public_key;
    p.role = role;
    p.unit = (char *)unit;
    Thidua__V1__PrincipalAdd add = THIDUA__V1__PRINCIPAL_ADD__INIT;
    add.principal = &p;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = (char *)name;
    req.body_case = THIDUA__V1__REQUEST__BODY_PRINCIPAL_ADD;
    req.principal_add = &add;
    seed(as, &req);
    if (n_who < WHO)
        auth_user_make(who[n_who++], name, kp.public_key);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char dir[] = "/tmp/thidua-fuzz-XXXXXX";
    must(mkdtemp(dir) != NULL, "mkdtemp");
    char path[64];
    snprintf(path, sizeof path, "%s/store", dir);
    thd_status_t st;
    store = store_open(path, true, &st);
    must(store != NULL, st.message);
    dispatch = dispatch_new(store, &info);
    Thidua__V1__Principal init = THIDUA__V1__PRINCIPAL__INIT;
    init.name = "init";
    init.role = THIDUA__V1__ROLE__ROLE_ADMIN;
    add_principal(&init, "admin", THIDUA__V1__ROLE__ROLE_ADMIN, "");
    Thidua__V1__Unit u = THIDUA__V1__UNIT__INIT;
    u.code = "SO-NV";
    u.name = "Sở Nội vụ";
    u.kind = THIDUA__V1__UNIT_KIND__UNIT_KIND_DEPARTMENT;
    Thidua__V1__UnitAdd ua = THIDUA__V1__UNIT_ADD__INIT;
    ua.unit = &u;
    Thidua__V1__Request req = THIDUA__V1__REQUEST__INIT;
    req.request_id = "unit";
    req.body_case = THIDUA__V1__REQUEST__BODY_UNIT_ADD;
    req.unit_add = &ua;
    seed(&init, &req);
    add_principal(&init, "nv", THIDUA__V1__ROLE__ROLE_UNIT, "SO-NV");
    add_principal(&init, "office", THIDUA__V1__ROLE__ROLE_OFFICE, "");
    add_principal(&init, "chair", THIDUA__V1__ROLE__ROLE_CHAIR, "");
    must(n_who == WHO, "the acting principals");
    /* a ping from each gets past the key check: the harness reaches handlers */
    for (size_t i = 0; i < WHO; i++) {
        Thidua__V1__Request ping_req = THIDUA__V1__REQUEST__INIT;
        Thidua__V1__PingRequest ping = THIDUA__V1__PING_REQUEST__INIT;
        ping_req.body_case = THIDUA__V1__REQUEST__BODY_PING;
        ping_req.ping = &ping;
        uint8_t buf[64];
        size_t len = thidua__v1__request__pack(&ping_req, buf);
        dispatch_out_t out;
        dispatch_handle(dispatch, who[i], buf, len, &out);
        Thidua__V1__Response *r = thidua__v1__response__unpack(NULL, out.reply_len, out.reply);
        must(r && (!r->status || r->status->code == 0),
             "a ping is refused: the harness reaches no handler");
        thidua__v1__response__free_unpacked(r, NULL);
        dispatch_out_clear(&out);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    store_mark_t mark;
    store_mark(store, &mark);
    dispatch_out_t out;
    dispatch_handle(dispatch, who[data[0] % WHO], data + 1, size - 1, &out);
    /* every answer is a well-formed Response */
    Thidua__V1__Response *r = thidua__v1__response__unpack(NULL, out.reply_len, out.reply);
    must(r != NULL, "the reply does not decode");
    thidua__v1__response__free_unpacked(r, NULL);
    dispatch_out_clear(&out);
    store_rollback(store, &mark);
    return 0;
}
