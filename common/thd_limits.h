/* Every bound of the protocol and the broker, in one place. docs/PROTOCOL.md
 * repeats these numbers; change both together. */
#ifndef THD_LIMITS_H
#define THD_LIMITS_H

#define THD_MAX_MSG_BYTES (17 * 1024 * 1024) /* ZMQ_MAXMSGSIZE, both sockets */
/* ZMQ_MAXMSGSIZE bounds a frame as it crosses the wire, and CURVE wraps
 * each frame in 33 bytes (command name 8, nonce 8, MAC 16, flags 1): the
 * largest request a broker reads is 33 bytes less. */
#define THD_CURVE_FRAME_BYTES    33
#define THD_MAX_REQUEST_BYTES    (THD_MAX_MSG_BYTES - THD_CURVE_FRAME_BYTES)
#define THD_MAX_REQUEST_ID       64                 /* bytes */
#define THD_MAX_CODE_CHARS       24                 /* unit codes */
#define THD_MAX_HANDLE_CHARS     64                 /* principal names, record ids */
#define THD_MAX_NAME_CHARS       256                /* names, titles */
#define THD_MAX_TEXT_CHARS       8000               /* any other text field */
#define THD_MAX_DATE_CHARS       10                 /* YYYY-MM-DD */
#define THD_MAX_ATTACHMENT_BYTES (16 * 1024 * 1024) /* one attachment's bytes */
/* Files in one nominee's dossier (nominee.attach): each is a Document
 * version and an entry of the nominee's own history, which stays in the
 * nominee record, so the record stays small. */
#define THD_MAX_NOMINEE_FILES 32
#define THD_DEFAULT_PAGE         100                /* list page when page_size is 0 */
#define THD_MAX_SCAN             100000             /* records one count or list request reads */
#define THD_MAX_REPEATED         256                /* elements of a repeated field */
#define THD_MAX_PAGE             1000               /* records in one list page */
#define THD_FEED_PAGE            500                /* snapshot/changes page when none is asked */
#define THD_PAGE_BYTES           (8 * 1024 * 1024)  /* a snapshot/changes page closes past this */
/* One change's log entry (its event: every record it rewrote). It must fit
 * one message with the reply or page around it, so a page of one entry or
 * one record always can be sent, and every event can be published. */
#define THD_MAX_CHANGE_BYTES (THD_MAX_MSG_BYTES - 64 * 1024)
/* A task's history entries are records of their own (type "history"); a
 * task.get carries the newest this many, history.list pages through all. */
#define THD_HISTORY_IN_GET 100
#define THD_MAX_CURSORS    64          /* open snapshot cursors, all principals */
#define THD_CURSOR_IDLE_MS (60 * 1000) /* an idle cursor expires */
/* Open snapshot cursors of one principal: its next snapshot closes its own
 * least recently used one, so no key can hold the others' cursors. */
#define THD_MAX_CURSORS_PER_PRINCIPAL 4
/* A refusal's reason (Status.reason, Status.params): the broker sends at
 * most this many parameters of at most this many bytes; a client keeps no
 * more, cut at a character boundary. */
#define THD_MAX_REASON_ID_BYTES    48
#define THD_MAX_REASON_PARAMS      6
#define THD_MAX_REASON_PARAM_BYTES 160
/* Status.field: the path of the field at fault, from the request body's
 * message ("principal.display_name", "rows[3999].nominee.workplace"). Long
 * enough for every path of thidua.proto, which test_field_paths checks. */
#define THD_MAX_FIELD_PATH_BYTES 127
#define THD_MAX_GROUP            1024             /* requests in one group commit */
#define THD_DEDUP_WINDOW_MS      (15 * 60 * 1000) /* replies kept for retries */
#define THD_HEARTBEAT_MS         1000
/* What one subscriber's queue in the broker may hold, in bytes: libzmq
 * bounds a PUB queue only in messages (ZMQ_SNDHWM), so an event past
 * THD_EVENT_MAX_KIB goes out thin (records without their bodies, read
 * through changes_since) and the mark is the byte budget divided by that
 * cap. The mark is set once per socket: libzmq 4.3.4 crashed when it was
 * changed on a socket with live pipes (docs/ARCHITECTURE.md section 7). */
#define THD_EVENT_MAX_KIB   16 /* --event-max-kib: a larger event goes out thin */
#define THD_EVENT_QUEUE_MIB 32 /* --event-queue-mib: one subscriber's queue */
#define THD_PUB_HWM         (THD_EVENT_QUEUE_MIB * 1024 / THD_EVENT_MAX_KIB) /* 2048 messages */
#define THD_PUB_HWM_MIN     16 /* a smaller queue misses events between heartbeats */

/* Rows of one import. Each row logs at most two events (nominee create and
 * propose), more than a subscriber's THD_PUB_HWM queue holds when it reads
 * slowly: it repairs the rest from the log, as after any loss. The rows, at
 * ~4 KiB each on average, fit THD_MAX_MSG_BYTES. */
#define THD_MAX_IMPORT_ROWS 4000

/* The public-disclosure window's minimum, in working days: the default
 * until the admin sets one, and the most one may set (three months of
 * working days; more is a typing error, not a congress's calendar); 0 is
 * no minimum. The holiday list holds at most THD_MAX_REPEATED days. */
#define THD_DEFAULT_DISCLOSURE_DAYS 10
#define THD_MAX_DISCLOSURE_DAYS     60
/* Holidays that are no real date, named in one refusal (each its line and
 * its value of at most THD_MAX_DATE_CHARS): enough to fix a pasted list
 * in one go, and the two lists fit a reason parameter each. */
#define THD_MAX_BAD_HOLIDAYS_NAMED 5

#endif
