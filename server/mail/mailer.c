#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "auth.h"
#include "clock.h"
#include "compose.h"
#include "janitor.h"
#include "log.h"
#include "mailer.h"
#include "mime.h"
#include "rpc_client.h"
#include "smtp.h"
#include "stages.h"
#include "status.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/playbook.pb-c.h"
#include "banned.h"

// Items listed in a digest; the rest are counted ("... and 12 more").
#define DIGEST_MAX_ITEMS 40
// Items whose reason is fetched (one GetNextStep each).
#define DIGEST_MAX_REASONS 25
// Rows each kind of work takes per pass, so one pass stays short.
#define PASS_BATCH 20
#define RS_STR_(x) #x
#define RS_STR(x)  RS_STR_(x)

struct mailer {
        struct mailer_opts o;
        struct smtp_relay relay;
        char from_domain[256];
        pthread_t thread;
        pthread_mutex_t mu;
        pthread_cond_t cv;
        int stop, wake;
        PGconn *pg;
        struct rpc_client *rpc;
        time_t last_db_complaint;
        uint64_t next_janitor; // clock_ms() of the next janitor pass
};

static pthread_mutex_t g_text_mu = PTHREAD_MUTEX_INITIALIZER;
static struct mailer *g_running;        // under g_text_mu
static _Atomic long long g_queued = -1; // -1 until the first pass counted
static atomic_ullong g_sent, g_failed;

void mailer_counts(long long *queued, unsigned long long *sent, unsigned long long *failed)
{
        *queued = atomic_load(&g_queued);
        *sent = atomic_load(&g_sent);
        *failed = atomic_load(&g_failed);
}
static char g_relay_text[300] = "not configured: messages stay queued (reinstated --smtp-url)";
static char g_public_url[300];

void mailer_relay_text(char *out, size_t len)
{
        pthread_mutex_lock(&g_text_mu);
        snprintf(out, len, "%s", g_relay_text);
        pthread_mutex_unlock(&g_text_mu);
}

void mailer_public_url(char *out, size_t len)
{
        pthread_mutex_lock(&g_text_mu);
        snprintf(out, len, "%s", g_public_url);
        pthread_mutex_unlock(&g_text_mu);
}

// --- the mailer's own connection ---------------------------------------

static int db_ready(struct mailer *m)
{
        if (m->pg && PQstatus(m->pg) == CONNECTION_OK)
                return 1;
        PQfinish(m->pg);
        m->pg = PQconnectdb(m->o.conninfo);
        if (PQstatus(m->pg) != CONNECTION_OK) {
                time_t now = time(NULL);
                if (now - m->last_db_complaint >= 60) {
                        const char *e = PQerrorMessage(m->pg);
                        log_warn("mailer: cannot connect to the database: %.*s",
                                 (int)strcspn(e, "\n"), e);
                        m->last_db_complaint = now;
                }
                PQfinish(m->pg);
                m->pg = NULL;
                return 0;
        }
        PQclear(PQexec(m->pg, "SET application_name = 'reinstated mailer'"));
        return 1;
}

// Runs sql with text parameters; returns the result when it succeeded
// (PQclear it), else NULL after logging.
static PGresult *q(struct mailer *m, const char *sql, int n, const char *const *params)
{
        PGresult *r = PQexecParams(m->pg, sql, n, NULL, params, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);

        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
                return r;
        log_warn("mailer: query failed: %s",
                 r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(m->pg));
        PQclear(r);
        return NULL;
}

static int exec_ok(struct mailer *m, const char *sql)
{
        PGresult *r = q(m, sql, 0, NULL);

        PQclear(r);
        return r ? 0 : -1;
}

// --- sessions for composing through the RPCs ----------------------------

// Opens a session of a few minutes for coach; *token receives it.
static int job_session(struct mailer *m, int64_t coach, char token[AUTH_TOKEN_MAXLEN])
{
        char hash[AUTH_HASH_TEXT_LEN], id[24];
        const char *p[2] = {id, hash};
        PGresult *r;

        auth_token_new(token, hash);
        snprintf(id, sizeof(id), "%lld", (long long)coach);
        r = q(m,
              "INSERT INTO sessions (coach_id, token_hash, expires_at) "
              "VALUES ($1::bigint, $2::bytea, now() + interval '5 minutes')",
              2, p);
        PQclear(r);
        return r ? 0 : -1;
}

static void job_session_end(struct mailer *m, const char *token)
{
        char hash[AUTH_HASH_TEXT_LEN];
        const char *p[1] = {hash};

        auth_token_hash_text(token, hash);
        PQclear(q(m, "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1::bytea", 1, p));
}

static int call(struct mailer *m, const char *method, const char *token, const ProtobufCMessage *in,
                const ProtobufCMessageDescriptor *out_desc, ProtobufCMessage **out)
{
        struct rpc_result res = RPC_RESULT_INIT;
        int code = rpc_call(m->rpc, method, token, NULL, in, out_desc, out, &res);

        if (code != RS_OK)
                log_warn("mailer: %s: %s (%s)", method, res.message, rs_status_name(code));
        rpc_result_fini(&res);
        return code;
}

// --- queueing -----------------------------------------------------------

// A fresh Message-ID: "<kind.random@domain>", kept with the row so every
// delivery attempt carries the same one.
static void new_message_id(const struct mailer *m, const char *kind, char *out, size_t len)
{
        unsigned char rnd[12];
        char hex[sizeof(rnd) * 2 + 1];

        randombytes_buf(rnd, sizeof(rnd));
        sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
        snprintf(out, len, "<%s.%s@%s>", kind, hex, m->from_domain);
}

// Inserts a message unless its dedupe key exists. Returns the new row's id
// as text in id_out ("" when it existed), or -1 on failure.
static int enqueue(struct mailer *m, const char *kind, const char *dedupe, int64_t coach,
                   int64_t case_id, const char *to, const struct mail_parts *parts,
                   const char *unsubscribe, char *id_out, size_t id_len)
{
        char msgid[400], coach_s[24], case_s[24];
        const char *p[10] = {msgid,
                             kind,
                             dedupe,
                             coach_s,
                             case_id ? case_s : NULL,
                             to,
                             buf_str(&parts->subject),
                             buf_str(&parts->text),
                             buf_str(&parts->html),
                             unsubscribe};
        PGresult *r;

        new_message_id(m, kind, msgid, sizeof(msgid));
        snprintf(coach_s, sizeof(coach_s), "%lld", (long long)coach);
        snprintf(case_s, sizeof(case_s), "%lld", (long long)case_id);
        r = q(m,
              "INSERT INTO outbox (message_id, kind, dedupe_key, coach_id, case_id, recipient, "
              "subject, body_text, body_html, list_unsubscribe) VALUES ($1, $2, $3, "
              "nullif($4::bigint, 0), $5::bigint, $6, $7, $8, $9, $10) "
              "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
              10, p);
        if (r == NULL)
                return -1;
        snprintf(id_out, id_len, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
        PQclear(r);
        return 0;
}

struct coach_row {
        int64_t id;
        const char *email, *name, *day;
        int when_empty;
};

// Stores a composed digest in one transaction: with a period ("day/…",
// "week/…"), first claims it in digest_runs (once per coach and period,
// across restarts and replicas; a period another pass claimed is done);
// then, when send is set, queues the message under dedupe and records its
// outbox row in the claim. kind is the outbox kind. Writes the new outbox
// id ("" when nothing was queued) to outbox_id. Returns 0 when the digest
// is handled (claimed by us or by another), -1 on a database failure.
static int store_digest(struct mailer *m, const char *kind, int64_t coach, const char *to,
                        const char *period, const char *dedupe, size_t n_items, int send,
                        const struct mail_parts *parts, char *outbox_id, size_t id_len)
{
        char coach_s[24], n_s[24];

        outbox_id[0] = '\0';
        snprintf(coach_s, sizeof(coach_s), "%lld", (long long)coach);
        snprintf(n_s, sizeof(n_s), "%zu", n_items);
        if (exec_ok(m, "BEGIN") != 0)
                return -1;
        if (period) {
                const char *p[3] = {coach_s, period, n_s};
                PGresult *r = q(m,
                                "INSERT INTO digest_runs (coach_id, period, items) "
                                "VALUES ($1::bigint, $2, $3::int) ON CONFLICT DO NOTHING "
                                "RETURNING 1",
                                3, p);
                int claimed = r && PQntuples(r) == 1;
                PQclear(r);
                if (!claimed) { // failed, or another replica did it
                        exec_ok(m, "ROLLBACK");
                        return r ? 0 : -1;
                }
        }
        if (send) {
                if (enqueue(m, kind, dedupe, coach, 0, to, parts, NULL, outbox_id, id_len) != 0) {
                        exec_ok(m, "ROLLBACK");
                        return -1;
                }
                if (period && outbox_id[0]) {
                        const char *p[3] = {outbox_id, coach_s, period};
                        PQclear(q(m,
                                  "UPDATE digest_runs SET outbox_id = $1::bigint "
                                  "WHERE coach_id = $2::bigint AND period = $3",
                                  3, p));
                }
        }
        return exec_ok(m, "COMMIT");
}

// Fills d's items from the coach's agenda of day. Returns a status.
static int agenda(struct mailer *m, const char *token, const char *day, int64_t of_coach,
                  Reinstate__V1__TodayResponse **out)
{
        Reinstate__V1__TodayRequest req = REINSTATE__V1__TODAY_REQUEST__INIT;

        req.as_of = (char *)day;
        req.coach_id = of_coach;
        return call(m, "reinstate.v1.Playbook/Today", token, &req.base,
                    &reinstate__v1__today_response__descriptor, (ProtobufCMessage **)out);
}

// Composes and queues one coach's digest. period ("day/2026-11-29") makes
// it the day's scheduled digest, recorded in digest_runs so it happens once;
// NULL makes it an extra one asked for by an admin (request_id names it).
static int queue_digest(struct mailer *m, const struct coach_row *c, const char *period,
                        const char *request_id)
{
        Reinstate__V1__TodayResponse *today = NULL;
        Reinstate__V1__GetNextStepResponse **steps = NULL;
        struct digest_item items[DIGEST_MAX_ITEMS];
        struct digest d = {m->o.agency_name, c->name, c->day, items, 0, 0, 0};
        struct mail_parts parts;
        char token[AUTH_TOKEN_MAXLEN], dedupe[200], outbox_id[24] = "";
        int rv = -1, reasons = 0;
        size_t n;

        if (job_session(m, c->id, token) != 0)
                return -1;
        if (agenda(m, token, c->day, 0, &today) != RS_OK)
                goto out_session;
        n = today->n_items < DIGEST_MAX_ITEMS ? today->n_items : DIGEST_MAX_ITEMS;
        steps = calloc(n + 1, sizeof(*steps));
        for (size_t i = 0; i < n; i++) {
                const Reinstate__V1__AgendaItem *it = today->items[i];
                struct digest_item *di = &items[i];
                *di =
                    (struct digest_item){it->kind,  it->case_id, it->client_name, it->company,
                                         it->title, "",          it->due_on,      it->overdue_days};
                if (steps && strcmp(it->kind, "next_step") == 0 && reasons < DIGEST_MAX_REASONS) {
                        Reinstate__V1__GetNextStepRequest sreq =
                            REINSTATE__V1__GET_NEXT_STEP_REQUEST__INIT;
                        sreq.case_id = it->case_id;
                        sreq.as_of = (char *)c->day;
                        reasons++;
                        if (call(m, "reinstate.v1.Playbook/GetNextStep", token, &sreq.base,
                                 &reinstate__v1__get_next_step_response__descriptor,
                                 (ProtobufCMessage **)&steps[i]) == RS_OK &&
                            steps[i]->next_step)
                                di->reason = steps[i]->next_step->reason;
                }
        }
        d.n_items = n;
        d.n_more = today->n_items - n;

        mail_parts_init(&parts);
        if (compose_digest(&d, &parts) != 0) {
                log_warn("mailer: the digest for coach %lld is too long to send", (long long)c->id);
                goto out_parts;
        }
        if (period)
                snprintf(dedupe, sizeof(dedupe), "digest/%lld/%s", (long long)c->id, c->day);
        else
                snprintf(dedupe, sizeof(dedupe), "digest/%lld/%s/request-%s", (long long)c->id,
                         c->day, request_id);
        if (store_digest(m, "digest", c->id, c->email, period, dedupe, today->n_items,
                         today->n_items > 0 || c->when_empty || period == NULL, &parts, outbox_id,
                         sizeof(outbox_id)) == 0) {
                rv = 0;
                log_info("mailer: digest for coach %lld (%s): %zu items%s", (long long)c->id,
                         c->day, today->n_items, outbox_id[0] ? ", queued" : ", nothing to send");
        }
out_parts:
        mail_parts_fini(&parts);
out_session:
        job_session_end(m, token);
        if (steps)
                for (size_t i = 0; i < n; i++)
                        if (steps[i])
                                protobuf_c_message_free_unpacked(&steps[i]->base, NULL);
        free(steps);
        if (today)
                protobuf_c_message_free_unpacked(&today->base, NULL);
        return rv;
}

// The zone each coach's day is counted in.
#define LOCAL_NOW "(now() AT TIME ZONE rs_mail_zone(c.time_zone))"

static void daily_digests(struct mailer *m)
{
        PGresult *r = q(m,
                        "SELECT c.id, c.email, c.display_name, to_char(" LOCAL_NOW
                        ", 'YYYY-MM-DD'), c.digest_when_empty FROM coaches c "
                        "WHERE NOT c.disabled AND c.digest_at IS NOT NULL "
                        "AND " LOCAL_NOW "::time >= c.digest_at "
                        "AND NOT EXISTS (SELECT 1 FROM digest_runs d WHERE d.coach_id = c.id "
                        "AND d.period = 'day/' || to_char(" LOCAL_NOW ", 'YYYY-MM-DD')) "
                        "ORDER BY c.id LIMIT " RS_STR(PASS_BATCH),
                        0, NULL);

        for (int i = 0; r && i < PQntuples(r); i++) {
                struct coach_row c = {strtoll(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1),
                                      PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
                                      PQgetvalue(r, i, 4)[0] == 't'};
                char period[32];
                snprintf(period, sizeof(period), "day/%s", c.day);
                queue_digest(m, &c, period, NULL);
        }
        PQclear(r);
}

// Digests admins asked for with `reinstate digest send`.
static void requested_digests(struct mailer *m)
{
        PGresult *r;

        if (exec_ok(m, "BEGIN") != 0)
                return;
        r = q(m,
              "DELETE FROM digest_requests WHERE id IN (SELECT id FROM digest_requests "
              "ORDER BY id LIMIT " RS_STR(PASS_BATCH) " FOR UPDATE SKIP LOCKED) "
                                                      "RETURNING id, coach_id",
              0, NULL);
        // Claimed and committed first: queue_digest runs its own transaction.
        if (r == NULL || exec_ok(m, "COMMIT") != 0) {
                exec_ok(m, "ROLLBACK");
                PQclear(r);
                return;
        }
        for (int i = 0; i < PQntuples(r); i++) {
                const char *p[1] = {PQgetvalue(r, i, 1)};
                PGresult *cr = q(m,
                                 "SELECT c.id, c.email, c.display_name, to_char(" LOCAL_NOW
                                 ", 'YYYY-MM-DD') FROM coaches c WHERE c.id = $1::bigint "
                                 "AND NOT c.disabled",
                                 1, p);
                if (cr && PQntuples(cr) == 1) {
                        struct coach_row c = {strtoll(PQgetvalue(cr, 0, 0), NULL, 10),
                                              PQgetvalue(cr, 0, 1), PQgetvalue(cr, 0, 2),
                                              PQgetvalue(cr, 0, 3), 1};
                        queue_digest(m, &c, NULL, PQgetvalue(r, i, 0));
                }
                PQclear(cr);
        }
        PQclear(r);
}

// Admins' weekly overview: each coach's overdue next steps.
static void weekly_digests(struct mailer *m)
{
        PGresult *r = q(m,
                        "SELECT c.id, c.email, c.display_name, to_char(" LOCAL_NOW
                        ", 'YYYY-MM-DD'), to_char(" LOCAL_NOW ", 'IYYY-\"W\"IW') FROM coaches c "
                        "WHERE NOT c.disabled AND c.role = 'admin' AND c.weekly_digest_dow IS NOT "
                        "NULL AND extract(isodow FROM " LOCAL_NOW ") = c.weekly_digest_dow "
                        "AND " LOCAL_NOW "::time >= coalesce(c.digest_at, '07:30') "
                        "AND NOT EXISTS (SELECT 1 FROM digest_runs d WHERE d.coach_id = c.id "
                        "AND d.period = 'week/' || to_char(" LOCAL_NOW ", 'IYYY-\"W\"IW')) "
                        "ORDER BY c.id LIMIT " RS_STR(PASS_BATCH),
                        0, NULL);

        for (int i = 0; r && i < PQntuples(r); i++) {
                int64_t admin = strtoll(PQgetvalue(r, i, 0), NULL, 10);
                const char *day = PQgetvalue(r, i, 3);
                char token[AUTH_TOKEN_MAXLEN], period[32], dedupe[96], oid[24] = "";
                struct digest_item items[DIGEST_MAX_ITEMS];
                char titles[DIGEST_MAX_ITEMS][96];
                struct digest d = {m->o.agency_name, PQgetvalue(r, i, 2), day, items, 0, 0, 1};
                struct mail_parts parts;
                PGresult *coaches;

                snprintf(period, sizeof(period), "week/%s", PQgetvalue(r, i, 4));
                snprintf(dedupe, sizeof(dedupe), "admin_digest/%lld/%s", (long long)admin,
                         PQgetvalue(r, i, 4));
                if (job_session(m, admin, token) != 0)
                        continue;
                coaches = q(m,
                            "SELECT id, display_name FROM coaches WHERE NOT disabled "
                            "ORDER BY display_name, id LIMIT " RS_STR(DIGEST_MAX_ITEMS),
                            0, NULL);
                for (int k = 0; coaches && k < PQntuples(coaches); k++) {
                        Reinstate__V1__TodayResponse *t = NULL;
                        int overdue = 0, oldest = 0;
                        if (agenda(m, token, day, strtoll(PQgetvalue(coaches, k, 0), NULL, 10),
                                   &t) != RS_OK)
                                continue;
                        for (size_t j = 0; j < t->n_items; j++)
                                if (strcmp(t->items[j]->kind, "next_step") == 0 &&
                                    t->items[j]->overdue_days > 0) {
                                        overdue++;
                                        if (t->items[j]->overdue_days > oldest)
                                                oldest = t->items[j]->overdue_days;
                                }
                        protobuf_c_message_free_unpacked(&t->base, NULL);
                        if (overdue == 0)
                                snprintf(titles[d.n_items], sizeof(titles[0]), "nothing overdue");
                        else
                                snprintf(titles[d.n_items], sizeof(titles[0]),
                                         "%d overdue step%s, the oldest %d day%s late", overdue,
                                         overdue == 1 ? "" : "s", oldest, oldest == 1 ? "" : "s");
                        items[d.n_items] = (struct digest_item){
                            "coach", 0, PQgetvalue(coaches, k, 1), "", titles[d.n_items], "",
                            day,     0};
                        d.n_items++;
                }
                PQclear(coaches);
                job_session_end(m, token);

                mail_parts_init(&parts);
                if (compose_digest(&d, &parts) == 0)
                        store_digest(m, "admin_digest", admin, PQgetvalue(r, i, 1), period, dedupe,
                                     d.n_items, 1, &parts, oid, sizeof(oid));
                mail_parts_fini(&parts);
        }
        PQclear(r);
}

// Job seekers' updates: a code with an address, a case whose stage moved
// since the last mail, and no mail yet today (the coach's day).
static void seeker_updates(struct mailer *m)
{
        char base[300];
        PGresult *r;

        mailer_public_url(base, sizeof(base));
        r = q(m,
              "SELECT a.id, a.case_id, a.notify_email, k.coach_id, k.stage, "
              "to_char(" LOCAL_NOW ", 'YYYY-MM-DD'), c.display_name "
              "FROM access_codes a JOIN cases k ON k.id = a.case_id "
              "JOIN coaches c ON c.id = k.coach_id "
              "WHERE a.notify_email IS NOT NULL AND a.unsubscribed_at IS NULL "
              "AND a.revoked_at IS NULL AND a.expires_at > now() "
              "AND k.stage IS DISTINCT FROM a.notified_stage "
              "AND (a.notified_on IS NULL OR a.notified_on < (" LOCAL_NOW ")::date) "
              "ORDER BY a.id LIMIT " RS_STR(PASS_BATCH),
              0, NULL);
        for (int i = 0; r && i < PQntuples(r); i++) {
                const char *code_id = PQgetvalue(r, i, 0), *day = PQgetvalue(r, i, 5);
                Reinstate__V1__GetCaseRequest creq = REINSTATE__V1__GET_CASE_REQUEST__INIT;
                Reinstate__V1__GetNextStepRequest sreq = REINSTATE__V1__GET_NEXT_STEP_REQUEST__INIT;
                Reinstate__V1__Case *kase = NULL;
                Reinstate__V1__GetNextStepResponse *step = NULL;
                char token[AUTH_TOKEN_MAXLEN], unsub[AUTH_TOKEN_MAXLEN],
                    unsub_hash[AUTH_HASH_TEXT_LEN], dedupe[96], oid[24], status_url[400],
                    unsub_url[400];
                struct mail_parts parts;
                struct seeker_update u;
                int64_t case_id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
                int ok = 0;

                if (job_session(m, strtoll(PQgetvalue(r, i, 3), NULL, 10), token) != 0)
                        continue;
                creq.id = case_id;
                sreq.case_id = case_id;
                sreq.as_of = (char *)day;
                if (call(m, "reinstate.v1.Cases/GetCase", token, &creq.base,
                         &reinstate__v1__case__descriptor, (ProtobufCMessage **)&kase) == RS_OK &&
                    call(m, "reinstate.v1.Playbook/GetNextStep", token, &sreq.base,
                         &reinstate__v1__get_next_step_response__descriptor,
                         (ProtobufCMessage **)&step) == RS_OK &&
                    step->next_step)
                        ok = 1;
                job_session_end(m, token);
                if (!ok)
                        goto next;
                auth_token_new(unsub, unsub_hash);
                snprintf(status_url, sizeof(status_url), "%s/", base);
                snprintf(unsub_url, sizeof(unsub_url), "%s/unsubscribe?t=%s", base, unsub);
                u = (struct seeker_update){m->o.agency_name,
                                           kase->company,
                                           kase->role_title,
                                           stage_client_words(kase->stage),
                                           step->next_step->client_wording,
                                           PQgetvalue(r, i, 6),
                                           status_url,
                                           unsub_url};
                snprintf(dedupe, sizeof(dedupe), "seeker/%s/%s", code_id, day);
                mail_parts_init(&parts);
                if (compose_seeker_update(&u, &parts) == 0 && exec_ok(m, "BEGIN") == 0) {
                        const char *p[3] = {code_id, kase->stage, day};
                        const char *pt[2] = {code_id, unsub_hash};
                        PGresult *mark =
                            q(m,
                              "UPDATE access_codes SET notified_stage = $2::text, "
                              "notified_on = $3::date WHERE id = $1::bigint "
                              "AND notified_stage IS DISTINCT FROM $2::text RETURNING 1",
                              3, p);
                        PGresult *tok = NULL;
                        if (mark && PQntuples(mark) == 1)
                                tok = q(m,
                                        "INSERT INTO unsubscribe_tokens (access_code_id, "
                                        "token_hash) VALUES ($1::bigint, $2::bytea)",
                                        2, pt);
                        if (tok &&
                            enqueue(m, "seeker_update", dedupe, 0, case_id, PQgetvalue(r, i, 2),
                                    &parts, unsub_url, oid, sizeof(oid)) == 0 &&
                            exec_ok(m, "COMMIT") == 0)
                                log_info("mailer: update for the job seeker of case %lld queued",
                                         (long long)case_id);
                        else
                                exec_ok(m, "ROLLBACK");
                        PQclear(mark);
                        PQclear(tok);
                }
                mail_parts_fini(&parts);
        next:
                if (kase)
                        protobuf_c_message_free_unpacked(&kase->base, NULL);
                if (step)
                        protobuf_c_message_free_unpacked(&step->base, NULL);
        }
        PQclear(r);
}

// Digests not delivered within a day are stale: dropped, with the reason.
static void expire_stale(struct mailer *m)
{
        PQclear(q(m,
                  "UPDATE outbox SET status = 'failed', last_error = 'not sent within a day: "
                  "a stale digest is dropped' WHERE status = 'queued' AND kind IN ('digest', "
                  "'admin_digest') AND created_at < now() - interval '1 day'",
                  0, NULL));
}

// --- delivery -----------------------------------------------------------

// Delivers one due message. Returns 1 when one was handled, 0 when none was
// due, -1 on a database failure.
static int deliver_one(struct mailer *m)
{
        char err[512] = "", delay[24], attempts_s[16];
        struct mime_message msg;
        PGresult *r, *u = NULL;
        int permanent = 0, attempts, rv = 1;
        size_t len = 0;
        char *bytes;

        if (exec_ok(m, "BEGIN") != 0)
                return -1;
        // Locked until COMMIT: another replica skips it; a crash before the
        // COMMIT leaves it queued, to go out again with the same Message-ID.
        r = q(m,
              "SELECT id, message_id, recipient, subject, body_text, body_html, "
              "extract(epoch FROM created_at)::bigint, attempts, coalesce(list_unsubscribe, '') "
              "FROM outbox WHERE status = 'queued' AND next_attempt_at <= now() "
              "ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
              0, NULL);
        if (r == NULL || PQntuples(r) == 0) {
                exec_ok(m, "COMMIT");
                rv = r ? 0 : -1;
                PQclear(r);
                return rv;
        }
        msg = (struct mime_message){m->o.mail_from,
                                    PQgetvalue(r, 0, 2),
                                    PQgetvalue(r, 0, 3),
                                    PQgetvalue(r, 0, 1),
                                    strtoll(PQgetvalue(r, 0, 6), NULL, 10),
                                    PQgetvalue(r, 0, 4),
                                    PQgetvalue(r, 0, 5),
                                    PQgetvalue(r, 0, 8)};
        attempts = atoi(PQgetvalue(r, 0, 7)) + 1;
        if ((bytes = mime_render(&msg, &len)) == NULL) {
                snprintf(err, sizeof(err), "the message is too large to send");
                permanent = 1;
        } else if (smtp_send(&m->relay, m->o.mail_from, msg.to, bytes, len, err, sizeof(err),
                             &permanent) == 0) {
                err[0] = '\0';
        }
        free(bytes);
        snprintf(attempts_s, sizeof(attempts_s), "%d", attempts);
        if (err[0] == '\0') {
                const char *p[2] = {PQgetvalue(r, 0, 0), attempts_s};
                u = q(m,
                      "UPDATE outbox SET status = 'sent', sent_at = now(), attempts = $2::int, "
                      "last_error = '' WHERE id = $1::bigint",
                      2, p);
                log_info("mailer: sent message %s to the relay", PQgetvalue(r, 0, 0));
                atomic_fetch_add(&g_sent, 1);
        } else {
                // Doubling delays: 1, 2, 4 ... minutes by default, at most a day.
                double d = (double)m->o.retry_base_ms / 1000.0;
                for (int i = 1; i < attempts && d < 86400; i++)
                        d *= 2;
                snprintf(delay, sizeof(delay), "%.3f", d < 86400 ? d : 86400);
                const char *p[5] = {
                    PQgetvalue(r, 0, 0), attempts_s, err,
                    permanent || attempts >= m->o.max_attempts ? "failed" : "queued", delay};
                u = q(m,
                      "UPDATE outbox SET status = $4, attempts = $2::int, last_error = $3, "
                      "next_attempt_at = now() + make_interval(secs => $5::float8) "
                      "WHERE id = $1::bigint",
                      5, p);
                atomic_fetch_add(&g_failed, 1);
                log_warn("mailer: message %s not delivered (attempt %d, %s): %s",
                         PQgetvalue(r, 0, 0), attempts, p[3], err);
        }
        PQclear(r);
        if (u == NULL || exec_ok(m, "COMMIT") != 0) {
                exec_ok(m, "ROLLBACK");
                rv = -1;
        }
        PQclear(u);
        return rv;
}

// --- the thread ---------------------------------------------------------

static int stopping(struct mailer *m)
{
        int s;

        pthread_mutex_lock(&m->mu);
        s = m->stop;
        pthread_mutex_unlock(&m->mu);
        return s;
}

static void pass(struct mailer *m)
{
        if (!db_ready(m))
                return;
        if (PQtransactionStatus(m->pg) != PQTRANS_IDLE)
                exec_ok(m, "ROLLBACK");
        if (clock_ms() >= m->next_janitor) {
                janitor_pass(m->pg);
                m->next_janitor = clock_ms() + m->o.janitor_ms;
        }
        expire_stale(m);
        requested_digests(m);
        daily_digests(m);
        weekly_digests(m);
        seeker_updates(m);
        if (m->o.smtp_url && m->o.smtp_url[0])
                for (int i = 0; i < PASS_BATCH * 5 && !stopping(m); i++)
                        if (deliver_one(m) != 1)
                                break;
        {
                PGresult *r = q(m, "SELECT count(*) FROM outbox WHERE status = 'queued'", 0, NULL);
                if (r)
                        atomic_store(&g_queued, strtoll(PQgetvalue(r, 0, 0), NULL, 10));
                PQclear(r);
        }
}

static void *run(void *arg)
{
        struct mailer *m = arg;

        for (;;) {
                struct timespec until;

                pass(m);
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_sec += m->o.tick_ms / 1000;
                until.tv_nsec += (long)(m->o.tick_ms % 1000) * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000000000L;
                }
                pthread_mutex_lock(&m->mu);
                while (!m->stop && !m->wake &&
                       pthread_cond_timedwait(&m->cv, &m->mu, &until) != ETIMEDOUT) {
                }
                m->wake = 0;
                if (m->stop) {
                        pthread_mutex_unlock(&m->mu);
                        break;
                }
                pthread_mutex_unlock(&m->mu);
        }
        return NULL;
}

int mailer_start(struct mailer **out, const struct mailer_opts *opts)
{
        struct mailer *m = calloc(1, sizeof(*m));
        struct rpc_client_opts ro = {opts->rpc_url, NULL, 20000, 3};
        char err[256];
        const char *at;

        *out = NULL;
        if (m == NULL)
                return -1;
        m->o = *opts;
        if (m->o.tick_ms == 0)
                m->o.tick_ms = 15000;
        if (m->o.retry_base_ms == 0)
                m->o.retry_base_ms = 60000;
        if (m->o.max_attempts <= 0)
                m->o.max_attempts = 8;
        if (m->o.janitor_ms == 0)
                m->o.janitor_ms = JANITOR_DEFAULT_EVERY_MS;
        if (m->o.agency_name == NULL || m->o.agency_name[0] == '\0')
                m->o.agency_name = "reinstate";
        if (m->o.mail_from == NULL || m->o.mail_from[0] == '\0')
                m->o.mail_from = "reinstate@localhost";
        at = strrchr(m->o.mail_from, '@');
        snprintf(m->from_domain, sizeof(m->from_domain), "%.*s",
                 (int)strcspn(at ? at + 1 : "localhost", ">"), at ? at + 1 : "localhost");
        m->relay = (struct smtp_relay){m->o.smtp_url, m->o.smtp_password, m->o.smtp_ca_file, 30};

        pthread_mutex_lock(&g_text_mu);
        if (m->o.smtp_url && m->o.smtp_url[0]) {
                char relay[256];
                smtp_describe(&m->relay, relay, sizeof(relay));
                snprintf(g_relay_text, sizeof(g_relay_text), "%s, from %s", relay, m->o.mail_from);
        }
        snprintf(g_public_url, sizeof(g_public_url), "%s", m->o.public_url ? m->o.public_url : "");
        // No trailing slash: links append their own path.
        for (size_t n = strlen(g_public_url); n > 0 && g_public_url[n - 1] == '/'; n--)
                g_public_url[n - 1] = '\0';
        pthread_mutex_unlock(&g_text_mu);

        if (rpc_client_open(&m->rpc, &ro, err, sizeof(err)) != RS_OK) {
                log_error("mailer: %s", err);
                free(m);
                return -1;
        }
        pthread_mutex_init(&m->mu, NULL);
        pthread_cond_init(&m->cv, NULL);
        if (pthread_create(&m->thread, NULL, run, m) != 0) {
                rpc_client_close(m->rpc);
                free(m);
                return -1;
        }
        log_info("mailer: %s", g_relay_text);
        pthread_mutex_lock(&g_text_mu);
        g_running = m;
        pthread_mutex_unlock(&g_text_mu);
        *out = m;
        return 0;
}

void mailer_wake_all(void)
{
        pthread_mutex_lock(&g_text_mu);
        mailer_wake(g_running);
        pthread_mutex_unlock(&g_text_mu);
}

void mailer_wake(struct mailer *m)
{
        if (m == NULL)
                return;
        pthread_mutex_lock(&m->mu);
        m->wake = 1;
        pthread_cond_signal(&m->cv);
        pthread_mutex_unlock(&m->mu);
}

void mailer_stop(struct mailer *m)
{
        if (m == NULL)
                return;
        pthread_mutex_lock(&g_text_mu);
        if (g_running == m)
                g_running = NULL;
        pthread_mutex_unlock(&g_text_mu);
        pthread_mutex_lock(&m->mu);
        m->stop = 1;
        pthread_cond_signal(&m->cv);
        pthread_mutex_unlock(&m->mu);
        pthread_join(m->thread, NULL);
        rpc_client_close(m->rpc);
        PQfinish(m->pg);
        pthread_mutex_destroy(&m->mu);
        pthread_cond_destroy(&m->cv);
        free(m);
}
