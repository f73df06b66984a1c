// reinstate.v1.Outbox and reinstate.v1.Calendar: what reminders look like
// from outside. Admins read the outbox (queued, sent, failed and why) and
// ask for a digest now; each coach sets their digest's time; a job seeker's
// unsubscribe link lands here; and each coach has a secret, revocable
// calendar feed of their next steps, tasks and planned follow-ups.
//
// The sending itself is the mailer's (server/mail/mailer.c): these
// handlers only read and write rows.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "auth.h"
#include "buf.h"
#include "db.h"
#include "ical.h"
#include "mailer.h"
#include "next_step.h"
#include "paging.h"
#include "services.h"
#include "settings.h"
#include "reinstate/v1/mail.pb-c.h"
#include "banned.h"

static int outbox_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListOutboxRequest *req = (const void *)in;
        Reinstate__V1__ListOutboxResponse *resp = (void *)out;
        char before[24] = "", limit[16], relay[300];
        const char *p[3] = {NULL, NULL, limit};
        int size = req->page_size <= 0 ? 50 : req->page_size, code, n;
        PGresult *r = NULL;

        if (size > PAGING_MAX_SIZE)
                return rpc_violation(c, "page_size", "must be at most %d", PAGING_MAX_SIZE);
        if (req->status[0] && strcmp(req->status, "queued") != 0 &&
            strcmp(req->status, "sent") != 0 && strcmp(req->status, "failed") != 0)
                return rpc_violation(c, "status", "must be queued, sent or failed");
        if (req->page_token[0]) {
                char *end;
                long long v =
                    req->page_token[0] == 'o' ? strtoll(req->page_token + 1, &end, 10) : -1;
                if (v <= 0 || *end != '\0')
                        return rpc_violation(c, "page_token", "is not a token from this list");
                snprintf(before, sizeof(before), "%lld", v);
                p[0] = before;
        }
        if (req->status[0])
                p[1] = req->status;
        snprintf(limit, sizeof(limit), "%d", size + 1);
        code = db_exec(c, &r,
                       "SELECT id, kind, recipient, subject, status, attempts, last_error, "
                       "rs_ts(created_at), coalesce(rs_ts(sent_at), ''), "
                       "CASE WHEN status = 'queued' THEN rs_ts(next_attempt_at) ELSE '' END, "
                       "message_id, coalesce(coach_id, 0), coalesce(case_id, 0) FROM outbox "
                       "WHERE ($1::bigint IS NULL OR id < $1::bigint) "
                       "AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT $3::int",
                       3, p);
        if (code != RS_OK)
                return code;
        n = PQntuples(r) > size ? size : PQntuples(r);
        resp->n_messages = (size_t)n;
        resp->messages = rpc_alloc(c, sizeof(*resp->messages) * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
                Reinstate__V1__OutboxMessage *o = rpc_alloc(c, sizeof(*o));
                reinstate__v1__outbox_message__init(o);
                o->id = db_int64(r, i, 0);
                o->kind = rpc_strdup(c, db_text(r, i, 1));
                o->recipient = rpc_strdup(c, db_text(r, i, 2));
                o->subject = rpc_strdup(c, db_text(r, i, 3));
                o->status = rpc_strdup(c, db_text(r, i, 4));
                o->attempts = (int32_t)db_int64(r, i, 5);
                o->last_error = rpc_strdup(c, db_text(r, i, 6));
                o->created_at = rpc_strdup(c, db_text(r, i, 7));
                o->sent_at = rpc_strdup(c, db_text(r, i, 8));
                o->next_attempt_at = rpc_strdup(c, db_text(r, i, 9));
                o->message_id = rpc_strdup(c, db_text(r, i, 10));
                o->coach_id = db_int64(r, i, 11);
                o->case_id = db_int64(r, i, 12);
                resp->messages[i] = o;
        }
        if (PQntuples(r) > size)
                resp->next_page_token =
                    rpc_printf(c, "o%lld", (long long)resp->messages[n - 1]->id);
        PQclear(r);
        mailer_relay_text(relay, sizeof(relay));
        resp->relay = rpc_strdup(c, relay);
        return RS_OK;
}

static int outbox_send_digest(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__SendDigestRequest *req = (const void *)in;
        Reinstate__V1__SendDigestResponse *resp = (void *)out;
        char coach[24], actor[24];
        const char *p[2] = {coach, actor};
        PGresult *r = NULL;
        int code;

        if (req->coach_id < 0)
                return rpc_violation(c, "coach_id", "must be a coach id");
        snprintf(coach, sizeof(coach), "%lld", (long long)req->coach_id);
        snprintf(actor, sizeof(actor), "%lld", (long long)c->actor_id);
        code = db_exec(c, &r,
                       "WITH x AS (INSERT INTO digest_requests (coach_id, requested_by) "
                       "SELECT id, $2::bigint FROM coaches WHERE NOT disabled AND "
                       "(id = $1::bigint OR ($1::bigint = 0 AND digest_at IS NOT NULL)) "
                       "RETURNING 1) SELECT count(*) FROM x",
                       2, p);
        if (code != RS_OK)
                return code;
        resp->requested = (int32_t)db_int64(r, 0, 0);
        PQclear(r);
        if (req->coach_id && resp->requested == 0)
                return rpc_fail(c, RS_NOT_FOUND, "coach '%lld' not found or disabled",
                                (long long)req->coach_id);
        rpc_audit(c, req->coach_id ? rpc_printf(c, "coach/%lld", (long long)req->coach_id) : "",
                  "digest requested for %d coach%s", resp->requested,
                  resp->requested == 1 ? "" : "es");
        mailer_wake_all();
        return RS_OK;
}

static const char *const weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// "HH:MM" with a valid hour and minute.
static int is_hhmm(const char *s)
{
        return strlen(s) == 5 && s[2] == ':' && strspn(s, "0123456789:") == 5 &&
               (s[0] - '0') * 10 + (s[1] - '0') < 24 && (s[3] - '0') * 10 + (s[4] - '0') < 60;
}

static int outbox_set_digest(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__DigestSettings *req = (const void *)in;
        Reinstate__V1__DigestSettings *resp = (void *)out;
        int64_t id = req->coach_id ? req->coach_id : c->actor_id;
        char idtxt[24], dow[4] = "";
        const char *p[5] = {idtxt, NULL, NULL, NULL, NULL};
        PGresult *r = NULL;
        int code, changed = 0;

        if (id != c->actor_id && c->actor_role != RPC_ROLE_ADMIN)
                return rpc_fail(c, RS_PERMISSION_DENIED,
                                "only admins change another coach's digest");
        if (req->digest[0]) {
                if (strcmp(req->digest, "off") != 0 && !is_hhmm(req->digest))
                        rpc_violation(c, "digest", "must be off or a time HH:MM (24-hour)");
                p[1] = req->digest;
        }
        if (req->when_empty[0]) {
                if (strcmp(req->when_empty, "yes") != 0 && strcmp(req->when_empty, "no") != 0)
                        rpc_violation(c, "when_empty", "must be yes or no");
                p[2] = strcmp(req->when_empty, "yes") == 0 ? "t" : "f";
        }
        if (req->weekly[0]) {
                size_t k = 0;
                while (k < 7 && strcmp(req->weekly, weekdays[k]) != 0)
                        k++;
                if (k == 7 && strcmp(req->weekly, "off") != 0)
                        rpc_violation(c, "weekly", "must be off or a weekday: mon, tue ... sun");
                if (k < 7)
                        snprintf(dow, sizeof(dow), "%zu", k + 1);
                p[3] = req->weekly;
                p[4] = dow;
        }
        if (c->n_violations)
                return RS_INVALID_ARGUMENT;
        changed = p[1] || p[2] || p[3];
        snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
        code = db_exec(c, &r,
                       "UPDATE coaches SET "
                       "digest_at = CASE WHEN $2::text IS NULL THEN digest_at "
                       "WHEN $2 = 'off' THEN NULL ELSE $2::time END, "
                       "digest_when_empty = coalesce($3::bool, digest_when_empty), "
                       "weekly_digest_dow = CASE WHEN $4::text IS NULL THEN weekly_digest_dow "
                       "WHEN $4 = 'off' THEN NULL ELSE $5::smallint END "
                       "WHERE id = $1::bigint RETURNING id, coalesce(to_char(digest_at, "
                       "'HH24:MI'), 'off'), digest_when_empty, coalesce(weekly_digest_dow, 0), "
                       "rs_mail_zone(time_zone)",
                       5, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "coach '%lld' not found", (long long)id);
        }
        resp->coach_id = db_int64(r, 0, 0);
        resp->digest = rpc_strdup(c, db_text(r, 0, 1));
        resp->when_empty = db_bool(r, 0, 2) ? "yes" : "no";
        resp->weekly = db_int64(r, 0, 3) >= 1 && db_int64(r, 0, 3) <= 7
                           ? (char *)weekdays[db_int64(r, 0, 3) - 1]
                           : "off";
        resp->time_zone = rpc_strdup(c, db_text(r, 0, 4));
        PQclear(r);
        if (changed)
                rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)id),
                          "digest %s, when empty %s, weekly %s", resp->digest, resp->when_empty,
                          resp->weekly);
        return RS_OK;
}

static int outbox_unsubscribe(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__UnsubscribeRequest *req = (const void *)in;
        Reinstate__V1__UnsubscribeResponse *resp = (void *)out;
        char hash[AUTH_HASH_TEXT_LEN];
        const char *p[1] = {hash};
        PGresult *r = NULL;
        int code;

        if (req->token[0] == '\0' || strlen(req->token) >= AUTH_TOKEN_MAXLEN)
                return rpc_violation(c, "token", "is not an unsubscribe link's token");
        auth_token_hash_text(req->token, hash);
        if ((code = db_exec(c, &r, "SELECT rs_unsubscribe($1::bytea)", 1, p)) != RS_OK)
                return code;
        resp->unsubscribed = db_bool(r, 0, 0);
        PQclear(r);
        if (!resp->unsubscribed)
                return rpc_fail(c, RS_NOT_FOUND, "this unsubscribe link is not known");
        return RS_OK;
}

// --- the calendar feed ---------------------------------------------------

// A feed token: 32 random bytes, base64url without padding (43 characters).
static void feed_token_new(char out[48])
{
        unsigned char raw[32];

        randombytes_buf(raw, sizeof(raw));
        sodium_bin2base64(out, 48, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static char *feed_url(struct rpc_call *c, const char *token)
{
        char base[300];

        mailer_public_url(base, sizeof(base));
        return rpc_printf(c, "%s/calendar/%s.ics", base, token);
}

static int calendar_get_url(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        Reinstate__V1__GetFeedUrlResponse *resp = (void *)out;
        char actor[24], token[48];
        const char *p[2] = {actor, token};
        PGresult *r = NULL;
        int code;

        snprintf(actor, sizeof(actor), "%lld", (long long)c->actor_id);
        feed_token_new(token);
        // The active feed, or a new one.
        code = db_exec(c, &r,
                       "WITH old AS (SELECT token, created_at FROM calendar_feeds "
                       "WHERE coach_id = $1::bigint AND revoked_at IS NULL), "
                       "ins AS (INSERT INTO calendar_feeds (coach_id, token) "
                       "SELECT $1::bigint, $2 WHERE NOT EXISTS (SELECT 1 FROM old) "
                       "RETURNING token, created_at) "
                       "SELECT token, rs_ts(created_at), false FROM old "
                       "UNION ALL SELECT token, rs_ts(created_at), true FROM ins",
                       2, p);
        if (code != RS_OK)
                return code;
        resp->url = feed_url(c, db_text(r, 0, 0));
        resp->created_at = rpc_strdup(c, db_text(r, 0, 1));
        if (db_bool(r, 0, 2))
                rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)c->actor_id),
                          "calendar feed created");
        PQclear(r);
        return RS_OK;
}

static int calendar_revoke(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        Reinstate__V1__RevokeFeedResponse *resp = (void *)out;
        char actor[24];
        const char *p[1] = {actor};
        PGresult *r = NULL;
        int code;

        snprintf(actor, sizeof(actor), "%lld", (long long)c->actor_id);
        code = db_exec(c, &r,
                       "WITH x AS (UPDATE calendar_feeds SET revoked_at = now() WHERE coach_id = "
                       "$1::bigint AND revoked_at IS NULL RETURNING 1) SELECT count(*) FROM x",
                       1, p);
        if (code != RS_OK)
                return code;
        resp->revoked = (int32_t)db_int64(r, 0, 0);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)c->actor_id),
                  "calendar feed revoked (%d)", resp->revoked);
        return RS_OK;
}

// Upcoming and overdue dates of the feed's coach: each open case's next
// step, open tasks and planned follow-ups, as in `reinstate today` with a
// horizon of a year.
static int calendar_get_feed(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__GetFeedRequest *req = (const void *)in;
        Reinstate__V1__GetFeedResponse *resp = (void *)out;
        struct buf b = BUF_INIT(8u << 20);
        struct playbook_settings s;
        struct next_step_row *rows = NULL;
        const char *p[2];
        char coach[24], day[16], stamp[24], zone[64], name[256];
        size_t found = 0;
        PGresult *r = NULL;
        pb_day today;
        int code, rv = 0;

        if (strlen(req->token) < 32 || strlen(req->token) > 64)
                return rpc_fail(c, RS_NOT_FOUND, "no such calendar feed");
        p[0] = req->token;
        code = db_exec(c, &r,
                       "SELECT f.coach_id, rs_mail_zone(f.time_zone), "
                       "rs_day(now(), rs_mail_zone(f.time_zone)), "
                       "to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"') "
                       "FROM rs_feed_open($1) f",
                       1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "no such calendar feed");
        }
        // The feed's token stands for its coach, as a coach, for this call.
        c->actor_id = db_int64(r, 0, 0);
        c->actor_role = RPC_ROLE_COACH;
        snprintf(zone, sizeof(zone), "%s", db_text(r, 0, 1));
        today = (pb_day)db_int64(r, 0, 2);
        snprintf(stamp, sizeof(stamp), "%s", db_text(r, 0, 3));
        PQclear(r);
        snprintf(coach, sizeof(coach), "%lld", (long long)c->actor_id);
        snprintf(day, sizeof(day), "%d", (int)today);
        p[0] = coach;
        p[1] = day;
        if ((code = db_exec(c, &r, "SELECT display_name FROM coaches WHERE id = $1::bigint", 1,
                            p)) != RS_OK)
                return code;
        snprintf(name, sizeof(name), "reinstate: %s", PQntuples(r) ? db_text(r, 0, 0) : "");
        PQclear(r);

        if ((code = settings_load(c, &s, NULL)) != RS_OK ||
            (code = next_step_compute_query(
                 c,
                 // As `today`: open cases, and won ones while check-ins are due.
                 "SELECT id FROM cases WHERE coach_id = $1::bigint AND (closed_at IS NULL OR "
                 "(stage = 'reinstated' AND start_on - DATE '1970-01-01' >= $2::int - 90)) "
                 "ORDER BY id",
                 2, p, today, &s, &rows, &found)) != RS_OK)
                return code;

        rv |= ical_begin(&b, name, zone);
        for (size_t i = 0; i < found; i++) {
                const struct next_step_row *row = &rows[i];
                char due[PLAYBOOK_DATE_SIZE];
                if (row->step.due_on != PLAYBOOK_NO_DATE) {
                        playbook_date_format(row->step.due_on, due, sizeof(due));
                        rv |= ical_all_day(
                            &b, rpc_printf(c, "step-%lld@reinstate", (long long)row->case_id), due,
                            rpc_printf(c, "%s (%s, %s)", row->step.title, row->client_name,
                                       row->company),
                            // Calendars are often synced to other services: the
                            // why and the how (the decline, the script) stay
                            // with `reinstate case next`.
                            rpc_printf(c, "case %lld: reinstate case next %lld",
                                       (long long)row->case_id, (long long)row->case_id),
                            stamp);
                }
                if (row->follow_up_on != PLAYBOOK_NO_DATE &&
                    !(row->step.action == PLAYBOOK_ACTION_FOLLOW_UP &&
                      row->step.due_on == row->follow_up_on)) {
                        playbook_date_format(row->follow_up_on, due, sizeof(due));
                        rv |= ical_all_day(
                            &b, rpc_printf(c, "follow-up-%lld@reinstate", (long long)row->case_id),
                            due,
                            rpc_printf(c, "follow up with %s as planned (%s, %s)",
                                       row->follow_up_with, row->client_name, row->company),
                            rpc_printf(c, "case %lld", (long long)row->case_id), stamp);
                }
        }
        // Booked re-interviews.
        if ((code = db_exec(c, &r,
                            "SELECT k.id, cl.name, k.company, k.role_title, "
                            "to_char(k.interview_on, 'YYYY-MM-DD') FROM cases k "
                            "JOIN clients cl ON cl.id = k.client_id WHERE k.coach_id = $1::bigint "
                            "AND k.closed_at IS NULL AND k.interview_on IS NOT NULL ORDER BY k.id",
                            1, p)) != RS_OK) {
                buf_fini(&b);
                return code;
        }
        for (int i = 0; i < PQntuples(r); i++)
                rv |= ical_all_day(
                    &b, rpc_printf(c, "interview-%lld@reinstate", (long long)db_int64(r, i, 0)),
                    db_text(r, i, 4),
                    rpc_printf(c, "re-interview: %s at %s (%s)", db_text(r, i, 1), db_text(r, i, 2),
                               db_text(r, i, 3)),
                    rpc_printf(c, "case %lld", (long long)db_int64(r, i, 0)), stamp);
        PQclear(r);
        if ((code = db_exec(c, &r,
                            "SELECT t.id, t.case_id, cl.name, k.company, t.title, "
                            "to_char(t.due_on, 'YYYY-MM-DD') FROM tasks t "
                            "JOIN cases k ON k.id = t.case_id JOIN clients cl ON cl.id = "
                            "k.client_id WHERE t.coach_id = $1::bigint AND NOT t.done "
                            "AND t.due_on IS NOT NULL ORDER BY t.due_on, t.id",
                            1, p)) != RS_OK) {
                buf_fini(&b);
                return code;
        }
        for (int i = 0; i < PQntuples(r); i++)
                rv |= ical_all_day(
                    &b, rpc_printf(c, "task-%lld@reinstate", (long long)db_int64(r, i, 0)),
                    db_text(r, i, 5),
                    rpc_printf(c, "%s (%s, %s)", db_text(r, i, 4), db_text(r, i, 2),
                               db_text(r, i, 3)),
                    rpc_printf(c, "case %lld", (long long)db_int64(r, i, 1)), stamp);
        PQclear(r);
        rv |= ical_end(&b);
        if (rv) {
                buf_fini(&b);
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "the calendar is too large to serve");
        }
        resp->calendar = rpc_strdup(c, buf_str(&b));
        buf_fini(&b);
        return RS_OK;
}

static const struct rpc_method outbox_methods[] = {
    {"ListOutbox", outbox_list, RPC_ADMIN},
    {"SendDigest", outbox_send_digest, RPC_ADMIN | RPC_MUTATES},
    {"SetDigest", outbox_set_digest, RPC_AUTH | RPC_MUTATES},
    {"Unsubscribe", outbox_unsubscribe, 0},
};

const struct rpc_service svc_outbox =
    RPC_SERVICE(reinstate__v1__outbox__descriptor, outbox_methods);

static const struct rpc_method calendar_methods[] = {
    {"GetFeedUrl", calendar_get_url, RPC_AUTH | RPC_MUTATES},
    {"RevokeFeed", calendar_revoke, RPC_AUTH | RPC_MUTATES},
    {"GetFeed", calendar_get_feed, 0},
};

const struct rpc_service svc_calendar =
    RPC_SERVICE(reinstate__v1__calendar__descriptor, calendar_methods);
