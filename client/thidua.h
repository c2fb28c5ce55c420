/* libthidua: talk to a thidua broker from C.
 *
 * One opaque client holds one CURVE-authenticated connection to the broker's
 * request endpoint. Calls send a thidua.v1.Request and wait for the
 * Response with the same request_id; on a timeout the same request (same
 * request_id) is sent again on a fresh connection, so a retried write never
 * takes effect twice (the "Lazy Pirate" pattern).
 *
 * Ownership: functions named _new return fresh objects the caller frees
 * with the matching _destroy(&p), which sets p to NULL and tolerates NULL.
 * All libthidua objects of a process share one ZeroMQ context (one I/O
 * thread), made with the first and ended with the last.
 * Messages are protobuf-c structs from thidua.pb-c.h. A client is used from
 * one thread at a time. */
#ifndef THIDUA_H
#define THIDUA_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "thidua.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

#define THD_DEFAULT_SERVER     "tcp://127.0.0.1:7510"
#define THD_DEFAULT_TIMEOUT_MS 3000
#define THD_DEFAULT_RETRIES    2

typedef enum thd_socket { THD_SOCKET_DEALER = 0, THD_SOCKET_REQ = 1 } thd_socket_t;

typedef struct thd_client_opts {
    const char *server;     /* request endpoint; NULL: $THIDUA_SERVER, else THD_DEFAULT_SERVER */
    const char *server_key; /* broker public key, Z85 or a key file; NULL: $THIDUA_SERVER_KEY */
    const char *key_file;   /* our secret key file (mode 0600); NULL: $THIDUA_KEY */
    int timeout_ms;         /* per attempt; 0: THD_DEFAULT_TIMEOUT_MS */
    int retries;            /* attempts after the first; 0: default, <0: none */
    thd_socket_t socket;    /* DEALER (default) or REQ */
    const char *events;     /* event endpoint; NULL: $THIDUA_EVENTS, else the request
                               endpoint's port + 1 */
    const char *secret_key; /* our secret key as Z85 text, instead of key_file (the web
                               gateway unseals it into guarded memory); borrowed */
    volatile sig_atomic_t *stop; /* the flag the program's SIGINT/SIGTERM handler sets:
                                    once set, a wait for the broker ends (CANCELLED);
                                    other signals, such as a terminal's resize, are
                                    waited through. NULL: every wait runs its course */
} thd_client_opts_t;

typedef struct thd_client thd_client_t;

/* Reads the keys and connects (the connection is made lazily by ZeroMQ).
 * Returns NULL with st set when keys or options are unusable. */
thd_client_t *thd_client_new(const thd_client_opts_t *opts, thd_status_t *st);
void thd_client_destroy(thd_client_t **self_p);

/* The endpoint this client talks to; borrowed, valid for the client's life. */
const char *thd_client_server(const thd_client_t *self);

/* Calls fn(arg, endpoint) once in a thd_call when no reply has come after
 * after_ms (while the broker may be down), so that a program can say it
 * is still trying; fn NULL: never. The library itself prints nothing. */
void thd_client_on_wait(thd_client_t *self, int after_ms,
                        void (*fn)(void *arg, const char *endpoint), void *arg);

/* A status for a person, in the language of the "thidua" gettext catalog
 * the program bound (English when none): the text of st->reason with
 * st->params put back in, or st->message when the reason is empty or
 * unknown to this library (a newer broker's). Returns buf, always
 * terminated; THD_STATUS_TEXT_MAX bytes hold any message. */
const char *thd_status_text(const thd_status_t *st, char *buf, size_t cap);
#define THD_STATUS_TEXT_MAX 1024
/* An import row's refusal as a status (code, English message, reason and
 * parameters), so it is rendered as any refusal is (thd_status_text). */
void thd_status_of_import_error(const Thidua__V1__ImportError *e, thd_status_t *st);

/* Sends req and waits for its reply. When req->request_id is empty a fresh
 * random one is set (the string then belongs to the client until the next
 * call; req is otherwise only read). On return *resp is the reply (fresh;
 * free with thidua__v1__response__free_unpacked) or NULL when none came.
 * Returns the reply's status code (0 OK) with st filled from the reply,
 * UNAVAILABLE when the broker did not answer any attempt, CANCELLED at
 * once when the opts' stop flag is set before or while it waits (the
 * request may still be carried out), or RESOURCE_EXHAUSTED
 * (sent nothing) when req is over the 17 MiB limit. */
int thd_call(thd_client_t *self, Thidua__V1__Request *req, Thidua__V1__Response **resp,
             thd_status_t *st);

/* The raw event stream: every change the broker publishes after
 * subscribing, and its heartbeats. Events published while not connected
 * or beyond the high-water mark are lost here; thidua watch will repair
 * such gaps from the change log. */
typedef struct thd_events thd_events_t;

/* Subscribes to every change, or to one unit's when unit is not NULL. */
thd_events_t *thd_events_new(const thd_client_opts_t *opts, const char *unit, thd_status_t *st);
void thd_events_destroy(thd_events_t **self_p);
/* Waits up to timeout_ms. Returns 1 with *event (fresh; free with
 * thidua__v1__event__free_unpacked), 2 with *heartbeat (fresh), 0 on
 * timeout, or a negative value when the stream failed (st set). */
int thd_events_next(thd_events_t *self, int timeout_ms, Thidua__V1__Event **event,
                    Thidua__V1__Heartbeat **heartbeat, thd_status_t *st);

/* A watch: a view of the broker's records that converges to the broker's
 * state and says when it has (DESIGN §5). It subscribes first, then takes
 * a snapshot (or resumes from a revision), applies changes in revision
 * order exactly once, repairs lost events from the change log, takes a new
 * snapshot when the log no longer reaches back far enough, and reports the
 * connection down after missed heartbeats and up again when the broker
 * returns. Single-threaded: all callbacks run inside thd_watch_run. */
typedef struct thd_watch thd_watch_t;

typedef struct thd_watch_callbacks {
    /* A record entered or changed in the view; ev is the change, or NULL
     * when the record comes from a snapshot. rec is borrowed. */
    void (*change)(void *arg, const Thidua__V1__Record *rec, const Thidua__V1__Event *ev);
    /* The view was emptied: a snapshot follows. */
    void (*reset)(void *arg);
    /* The view equals the broker's state at revision. */
    void (*sync)(void *arg, uint64_t revision);
    /* The broker became reachable (up) or stopped answering (down). */
    void (*connection)(void *arg, bool up);
    void *arg;
} thd_watch_callbacks_t;

typedef struct thd_watch_opts {
    const char *unit; /* only records concerning this unit; NULL: all */
    uint64_t since;   /* resume after this revision; 0: start from a snapshot */
    int rcvhwm;       /* events buffered before dropping; 0: libzmq's default */
} thd_watch_opts_t;

typedef struct thd_watch_stats {
    uint64_t events;      /* changes applied from the live stream */
    uint64_t duplicates;  /* events at or below the view's revision, ignored */
    uint64_t repairs;     /* change log reads that filled a gap or a stale tail */
    uint64_t snapshots;   /* snapshots taken, the first included */
    uint64_t resnapshots; /* snapshots forced because the log was compacted */
    uint64_t downs;       /* times the connection was reported down */
} thd_watch_stats_t;

/* Subscribes at once; the first snapshot happens in thd_watch_run. */
thd_watch_t *thd_watch_new(const thd_client_opts_t *copts, const thd_watch_opts_t *wopts,
                           const thd_watch_callbacks_t *cb, thd_status_t *st);
void thd_watch_destroy(thd_watch_t **self_p);
/* Works for up to timeout_ms: receives, applies, repairs, reconnects.
 * Returns 0, or <0 for an error no retry can mend (st set). A call to the
 * broker that the stop flag ends returns 0 at once, so the caller sees its
 * flag; the call is made again on the next run. */
int thd_watch_run(thd_watch_t *self, int timeout_ms, thd_status_t *st);
uint64_t thd_watch_revision(const thd_watch_t *self);
bool thd_watch_in_sync(const thd_watch_t *self); /* at the last heartbeat's revision */
bool thd_watch_up(const thd_watch_t *self);
/* The view, borrowed: valid until the next thd_watch_run. Records from a
 * snapshot are kept packed and decoded on first use, so the first get (or
 * each) of a record costs its decoding; a record that does not decode
 * reads as absent. Not safe to call from two threads at once. */
const Thidua__V1__Record *thd_watch_get(const thd_watch_t *self, const char *type, const char *id);
size_t thd_watch_count(const thd_watch_t *self);
void thd_watch_each(const thd_watch_t *self, void (*fn)(void *arg, const Thidua__V1__Record *rec),
                    void *arg);
void thd_watch_stats(const thd_watch_t *self, thd_watch_stats_t *out);

/* Settings for a client from, in order of precedence, flags, the
 * environment (THIDUA_SERVER, THIDUA_EVENTS, THIDUA_SERVER_KEY, THIDUA_KEY),
 * a config file and defaults. The file is INI: keys server, events,
 * server-key, key, timeout (milliseconds) and timezone, at the top or in
 * [client].
 * Unknown keys and bad values are errors naming the file and the line. */
typedef enum thd_source {
    THD_SOURCE_DEFAULT = 0,
    THD_SOURCE_FILE,
    THD_SOURCE_ENV,
    THD_SOURCE_FLAG,
} thd_source_t;

typedef struct thd_config thd_config_t;

/* The file used when none is given: $THIDUA_CONFIG, else
 * $HOME/.config/thidua/config.ini. Writes it into buf; returns buf, or
 * NULL when there is no $HOME either. */
const char *thd_config_default_path(char *buf, size_t cap);

/* Loads the settings. path NULL: the default path, which may be missing;
 * a path given (or $THIDUA_CONFIG) must exist. flags may be NULL; its
 * non-NULL strings and positive timeout win over everything else. Returns
 * a fresh config (free with thd_config_destroy), or NULL with st set
 * (INVALID_ARGUMENT, message "FILE:LINE: ..."). */
thd_config_t *thd_config_new(const char *path, const thd_client_opts_t *flags, thd_status_t *st);
void thd_config_destroy(thd_config_t **self_p);

/* Client options for thd_client_new and friends; borrowed, valid for the
 * config's life. Unset settings are NULL (libthidua's defaults apply). */
const thd_client_opts_t *thd_config_opts(const thd_config_t *self);
/* The file that was read, or NULL when none was; borrowed. */
const char *thd_config_file(const thd_config_t *self);
/* Setting i (0 <= i < THD_CONFIG_KEYS) by its file key: its value (borrowed;
 * NULL when unset) and where it came from. Returns the key name, NULL past
 * the end. */
#define THD_CONFIG_KEYS 6
const char *thd_config_setting(const thd_config_t *self, int i, const char **value,
                               thd_source_t *source);
/* The province's timezone, in which clients show dates and times: the
 * file's timezone, else Asia/Ho_Chi_Minh (whatever the machine's clock
 * is set to, as the broker does); borrowed. */
const char *thd_config_timezone(const thd_config_t *self);
/* "default", "file", "environment" or "flag"; static. */
const char *thd_source_name(thd_source_t source);

/* Writes a config file with the non-NULL settings of opts (and the timeout
 * when positive), mode 0600, creating its directory (mode 0700). Refuses to
 * overwrite an existing file unless overwrite is true. */
int thd_config_write(const char *path, const thd_client_opts_t *opts, bool overwrite,
                     thd_status_t *st);

/* Writes a fresh random request id (32 hex characters) into buf[33]. */
void thd_request_id(char buf[33]);

/* Generates a CURVE key pair into secret_path (mode 0600) and public_path:
 * both files or neither, each whole or not at all. Fails, writing
 * nothing, when either exists: a key is never replaced. */
int thd_keygen(const char *secret_path, const char *public_path, thd_status_t *st);

/* Words for people: the words a person reads for the program's words, in
 * Vietnamese (lang "vi") or English ("en"; NULL or any other value reads
 * as Vietnamese). Each returns a static string, or NULL when the word is
 * not known (show the program's word then). Both languages are kept at
 * once, not in the process-wide gettext catalog, so a program serving
 * people in both languages can answer each in theirs. */
/* An enum value: TASK_STATUS_SUBMITTED is "Chờ duyệt" / "submitted". */
const char *thd_label_enum(const ProtobufCEnumDescriptor *d, int value, const char *lang);
/* A request kind as events name it: "task.report" is "báo cáo tiến độ". */
const char *thd_label_event(const char *kind, const char *lang);
/* The key of a change's words in the events table: its kind, or for a
 * request that can go either way the kind and the way the record after it
 * says it went ("principal.set_disabled/enabled", "nominee.decide/
 * rejected"). A gateway hands it on so its pages word the change the same
 * way. Borrowed: ev's kind, or a static string. */
const char *thd_change_key(const Thidua__V1__Event *ev);
/* A change as the feed words it: thd_label_event of thd_change_key, so a
 * principal enabled reads "mở khóa người dùng", not "khóa hoặc mở". */
const char *thd_label_change(const Thidua__V1__Event *ev, const char *lang);
/* A history entry's verb: "start_vetting" is "bắt đầu thẩm định". */
const char *thd_label_history(const char *verb, const char *lang);
/* A record field as Event.changed names it: "support_units". */
const char *thd_label_field(const char *field, const char *lang);
/* A record type (Record.type): "nominee" is "gương điển hình". */
const char *thd_label_type(const char *type, const char *lang);
/* A number the broker wrote with a decimal point ("55.6") with lang's
 * decimal sign ("55,6" in Vietnamese); anything else as it is. Returns buf
 * (cap bytes) or number (borrowed). */
const char *thd_label_decimal(const char *number, const char *lang, char *buf, size_t cap);
/* A history entry's text in lang where the broker wrote it (a check's
 * "TC1: met" is "TC1: Đạt", a tally's "55.6 %" is "55,6 %"); a person's
 * text as it is. Returns buf (cap
 * bytes, filled) or text (borrowed). */
const char *thd_label_history_text(const char *verb, const char *text, const char *lang, char *buf,
                                   size_t cap);

/* A unit level ("provincial", "district", "armed_forces", "enterprise",
 * "unknown"; thd_stats_json's "level"): "district" is "Huyện, thị xã,
 * thành phố". */
const char *thd_label_level(const char *level, const char *lang);
/* A word of a record's parts: "favorable", "unfavorable" (an opinion),
 * "settled", "unsettled" (a complaint), "file", "none" (an empty list). */
const char *thd_label_part(const char *key, const char *lang);

/* One word of the tables above, as thd_label_each gives it. */
typedef struct {
    const char *table; /* "enum", "event", "history", "field", "type", "level" */
    const ProtobufCEnumDescriptor *enum_d; /* table "enum": the enum; else NULL */
    int value;                             /* table "enum": the enum's value */
    const char *key;                       /* other tables: the program's word ("task.report") */
    const char *vi, *en;                   /* the words people read */
} thd_label_t;
/* Calls fn once for every word of the tables above, in table order, so a
 * program can hand them all on (thidua-web's GET /api/labels). w and its
 * strings are static; fn must not keep w itself. */
void thd_label_each(void (*fn)(void *arg, const thd_label_t *w), void *arg);

/* One rendering of a record's parts for every client (render.c): a
 * history entry, a criterion check, an opinion and a complaint as cells
 * in one language, in the words of the tables above, so the CLI, the
 * monitor and thidua-web (whose pages get the same words from GET
 * /api/labels) say the same thing. A client lays the cells out. The
 * cells point into the part, the tables or the struct's own buffers. */
typedef struct thd_cells {
    const char *key;  /* the part's name: a check's criterion, an opinion's agency,
                         a complaint's number; "" for a history entry */
    const char *what; /* the history verb, the check's result, the opinion
                         (favourable or not), the complaint's state */
    const char *text; /* its text in lang: an entry's with the file it carried
                         ("… (tệp v2: bao-cao.pdf)"; a long text is then cut
                         at a character so the file's note stays), a check's
                         note, an opinion's, a complaint's */
    const char *note; /* a complaint's settlement; "" otherwise */
    const char *who;  /* who recorded it (a history entry: the display name
                         they had, else the account); "" for a complaint */
    const char *unit; /* a history entry's unit, "-" when none; "" otherwise */
    char when[20];    /* dd/mm/yyyy HH:MM, local time; "-" when unknown */
    char day[12];     /* dd/mm/yyyy of the same time */
    char buf[1024];   /* room for text and key where they are made */
} thd_cells_t;
void thd_render_history(const Thidua__V1__HistoryEntry *h, const char *lang, thd_cells_t *c);
/* Who made a change, for a feed: the display name its own history entry
 * keeps (a report, a step), else the account. Borrowed from ev. */
const char *thd_event_actor(const Thidua__V1__Event *ev);
void thd_render_check(const Thidua__V1__CriterionCheck *k, const char *lang, thd_cells_t *c);
void thd_render_opinion(const Thidua__V1__Opinion *o, const char *lang, thd_cells_t *c);
void thd_render_complaint(const Thidua__V1__Complaint *k, const char *lang, thd_cells_t *c);
/* ms since the epoch as dd/mm/yyyy HH:MM (with_time) or dd/mm/yyyy in
 * local time, "-" for 0; returns buf. */
const char *thd_format_time(int64_t ms, bool with_time, char *buf, size_t cap);

/* Statistics of a congress (docs/ARCHITECTURE.md, Statistics): counts
 * records, all from one snapshot (pass its revision), into one JSON
 * object: nominees by field, kind and status, by proposing unit and by
 * unit level, the quota funnel (proposed, vetted, recommended, selected
 * against max_selected), and tasks by lead unit and status with the
 * overdue by thd_task_overdue for today (YYYY-MM-DD). unit not NULL or
 * "": only the records concerning that unit count (unit records still
 * name every unit's level). records are borrowed. Returns fresh compact
 * JSON text (free it), NULL on ENOMEM. Values are the contract's short
 * names ("in_progress", "economy"), never labels: a reader labels them. */
char *thd_stats_json(const Thidua__V1__Record *const *records, size_t n, uint64_t revision,
                     const char *unit, const char *today);

#ifdef __cplusplus
}
#endif
#endif
