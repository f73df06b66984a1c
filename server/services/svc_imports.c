// reinstate.v1.Imports: an agency's existing data, a batch of rows a call.
//
// Each row is checked on its own with the rules of CreateClient, CreateCase
// and LogAttempt (validate.c); its violations go into its result instead of
// failing the call, so one bad line does not hide the others. Valid rows are
// written unless the call is a dry run. A row whose external_id is already
// stored is reported as "exists" and left alone: importing a file twice, or
// again after a failure half-way, creates each row once. Imported facts
// keep their dates (opened, stage history, attempts), so the funnel and the
// playbook see the real timeline; imported attempts do not move stages (the
// file says which stage the case is in).
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "db.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/imports.pb-c.h"
#include "banned.h"

// Most rows a call takes.
#define IMPORT_MAX_ROWS 500
// Longest external id.
#define LIMIT_EXTERNAL 100

// One coach named in a batch, by e-mail, resolved once.
struct coach_ref {
        const char *email;
        int64_t id; // 0: unknown (or not visible to the caller)
        int disabled;
};

struct batch {
        struct rpc_call *c;
        int dry_run;
        int64_t now; // epoch seconds
        struct coach_ref coaches[32];
        size_t n_coaches;
        Reinstate__V1__ImportResponse *resp;
        // Cases of the batch already stored, looked up in one statement
        // (prefetch_cases); rows whose key it could not know are looked up
        // one by one.
        int prefetched;
        const char **asked; // the keys looked up
        size_t n_asked;
        const char **known; // the keys found, with their ids
        int64_t *known_id, *known_client;
        size_t n_known;
        // The rows to write, checked: written together by flush_cases or
        // flush_attempts in one statement (jsonb_to_recordset), so a batch
        // costs a few round trips and one firing of each statement trigger,
        // not a few statements a row.
        json_t *pending;                        // array of row objects
        Reinstate__V1__ImportRowResult **waits; // their results, in order
        size_t n_pending;
        const char **keys; // the keys of the rows checked, for repeats in the batch
        int32_t *lines;    // their lines
        size_t n_keys;
};

// Whether an earlier row of the batch has the same key: records a violation
// naming its line and returns 1; else remembers the key and returns 0.
static int repeats(struct batch *b, const char *key, int32_t line)
{
        for (size_t i = 0; i < b->n_keys; i++)
                if (strcmp(b->keys[i], key) == 0) {
                        rpc_violation(b->c, "external_id", "'%.100s' repeats line %d", key,
                                      (int)b->lines[i]);
                        return 1;
                }
        b->keys[b->n_keys] = key;
        b->lines[b->n_keys++] = line;
        return 0;
}

// A row to write (obj, stolen): its result waits for the flush.
static int queue_row(struct batch *b, json_t *obj, Reinstate__V1__ImportRowResult *res)
{
        if (obj == NULL)
                return RS_INTERNAL;
        json_object_set_new(obj, "n", json_integer((json_int_t)b->n_pending));
        json_array_append_new(b->pending, obj);
        b->waits[b->n_pending++] = res;
        return RS_OK;
}

// JSON null for "", else the string.
static json_t *str_or_null(const char *s)
{
        return s && s[0] ? json_string(s) : json_null();
}

// Moves the violations recorded on the call into the row's result and
// clears them, so the next row starts clean.
static void take_violations(struct rpc_call *c, Reinstate__V1__ImportRowResult *res)
{
        res->n_errors = c->n_violations;
        res->errors = rpc_alloc(c, (c->n_violations + 1) * sizeof(*res->errors));
        for (size_t i = 0; i < c->n_violations; i++) {
                Reinstate__V1__FieldViolation *v = rpc_alloc(c, sizeof(*v));
                reinstate__v1__field_violation__init(v);
                v->field = rpc_strdup(c, c->violations[i][0]);
                v->description = rpc_strdup(c, c->violations[i][1]);
                res->errors[i] = v;
        }
        c->n_violations = 0;
        c->message[0] = '\0';
}

// A date (midnight UTC) or an RFC 3339 timestamp, not in the future. Sets
// *epoch. "" passes when not required, with *epoch unchanged.
static int check_when(struct batch *b, const char *field, const char *s, int required,
                      int64_t *epoch)
{
        int32_t days = 0;

        if (s == NULL || s[0] == '\0')
                return required ? rpc_violation(b->c, field, "must not be empty") : RS_OK;
        if (strlen(s) == 10) {
                if (validate_date(b->c, field, s, 1, &days) != RS_OK)
                        return RS_INVALID_ARGUMENT;
                *epoch = (int64_t)days * 86400;
        } else if (validate_timestamp(b->c, field, s, epoch, &days) != RS_OK) {
                return RS_INVALID_ARGUMENT;
        }
        if (*epoch > b->now + 86400)
                return rpc_violation(b->c, field, "must not be in the future");
        return RS_OK;
}

static const char *ts_text(struct rpc_call *c, int64_t epoch)
{
        time_t t = (time_t)epoch;
        struct tm tm;
        char buf[32];

        gmtime_r(&t, &tm);
        strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
        return rpc_strdup(c, buf);
}

// The owner of a row: the caller when coach_email is empty or theirs; for
// admins, any active coach. Returns 0 after a violation.
static int64_t row_owner(struct batch *b, const char *email)
{
        struct rpc_call *c = b->c;
        struct coach_ref *ref = NULL;
        const char *p[1];
        PGresult *r = NULL;

        if (email == NULL || email[0] == '\0' || strcasecmp(email, c->actor_email) == 0)
                return c->actor_id;
        for (size_t i = 0; i < b->n_coaches; i++)
                if (strcasecmp(b->coaches[i].email, email) == 0)
                        ref = &b->coaches[i];
        if (ref == NULL) {
                if (b->n_coaches == sizeof(b->coaches) / sizeof(b->coaches[0]))
                        b->n_coaches = 0; // a cache, not a limit
                ref = &b->coaches[b->n_coaches++];
                ref->email = email;
                ref->id = 0;
                ref->disabled = 0;
                p[0] = email;
                if (db_exec(c, &r,
                            "SELECT id, disabled FROM coaches WHERE lower(email) = lower($1)", 1,
                            p) != RS_OK) {
                        b->n_coaches--;
                        return -1;
                }
                if (PQntuples(r) == 1) {
                        ref->id = db_int64(r, 0, 0);
                        ref->disabled = db_bool(r, 0, 1);
                }
                PQclear(r);
        }
        if (ref->id == 0) {
                if (c->actor_role != RPC_ROLE_ADMIN)
                        rpc_violation(c, "coach_email",
                                      "'%.80s' is not you: only admins import for other coaches",
                                      email);
                else
                        rpc_violation(c, "coach_email", "no coach '%.80s'", email);
                return 0;
        }
        if (ref->disabled) {
                rpc_violation(c, "coach_email", "coach '%.80s' is disabled", email);
                return 0;
        }
        return ref->id;
}

// The id of the stored row of `table` with external id ext (or its erased
// form), visible to the caller; 0 when none. -1 on a database error.
static int64_t existing(struct rpc_call *c, const char *sql, const char *ext, int64_t *other)
{
        const char *p[1] = {ext};
        PGresult *r = NULL;
        int64_t id = 0;

        if (db_exec(c, &r, sql, 1, p) != RS_OK)
                return -1;
        if (PQntuples(r) == 1) {
                id = db_int64(r, 0, 0);
                if (other)
                        *other = db_int64(r, 0, 1);
        }
        PQclear(r);
        return id;
}

// Checks a row's history and builds it as JSON for jsonb_to_recordset. With
// no history given: the opening entry at opened, then one move to the stage
// at stage_on. Returns a new JSON array (the caller's), or NULL after
// violations.
static json_t *history_json(struct batch *b, const Reinstate__V1__ImportCaseRow *row,
                            int64_t opened, int64_t stage_on, int64_t *last_at)
{
        struct rpc_call *c = b->c;
        json_t *arr = json_array();
        const char *stage = row->stage[0] ? row->stage : "verify_opening";
        const char *prev = "";
        int64_t prev_at = 0;
        int v;

        if (row->n_history == 0) {
                json_array_append_new(arr,
                                      json_pack("{s:s,s:s,s:s,s:s,s:s}", "at", ts_text(c, opened),
                                                "from_stage", "", "to_stage", "verify_opening",
                                                "loss_reason", "", "why", "imported: case opened"));
                if (strcmp(stage, "verify_opening") != 0)
                        json_array_append_new(
                            arr, json_pack("{s:s,s:s,s:s,s:s,s:s}", "at", ts_text(c, stage_on),
                                           "from_stage", "verify_opening", "to_stage", stage,
                                           "loss_reason", row->loss_reason, "why", "imported"));
                *last_at = stage_on;
                goto done;
        }
        for (size_t i = 0; i < row->n_history; i++) {
                const Reinstate__V1__ImportStageChange *h = row->history[i];
                const char *f = rpc_printf(c, "history[%zu]", i);
                int64_t at = 0;

                if (check_when(b, rpc_printf(c, "%s.at", f), h->at, 1, &at) != RS_OK)
                        continue;
                if (validate_enum(c, rpc_printf(c, "%s.to_stage", f), VOCAB_STAGE, h->to_stage, 1,
                                  &v) != RS_OK)
                        continue;
                if (strcmp(h->from_stage, prev) != 0)
                        rpc_violation(c, f, "from_stage '%s' does not follow '%s'", h->from_stage,
                                      prev[0] ? prev : "(opened)");
                if (at < prev_at)
                        rpc_violation(c, f, "is earlier than the change before it");
                if ((strcmp(h->to_stage, "lost") == 0) != (h->loss_reason[0] != '\0'))
                        rpc_violation(c, f, "loss_reason goes with lost, and only with lost");
                validate_text(c, rpc_printf(c, "%s.why", f), h->why, 0, LIMIT_WHY);
                json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s}", "at", ts_text(c, at),
                                                     "from_stage", h->from_stage, "to_stage",
                                                     h->to_stage, "loss_reason", h->loss_reason,
                                                     "why", h->why));
                prev = h->to_stage;
                prev_at = at;
        }
        if (strcmp(prev, stage) != 0)
                rpc_violation(c, "history", "ends in '%s', not in the row's stage '%s'", prev,
                              stage);
        *last_at = prev_at;
done:
        if (validate_status(c) == RS_OK)
                return arr;
        json_decref(arr);
        return NULL;
}

// The key a case row is stored under: its external id, or for a line
// without one ("line:" and a hash, made by the client) the hash and its
// coach, so the same line is another row for another coach.
static const char *case_key(struct rpc_call *c, const char *ext, int64_t owner)
{
        if (strncmp(ext, "line:", 5) == 0)
                return rpc_printf(c, "%.80s@%lld", ext, (long long)owner);
        return ext;
}

// Appends s to a PostgreSQL array literal being built in buf (quoted,
// with '"' and '\\' escaped; the caller closes it with '}').
static void array_add(struct rpc_call *c, char **buf, size_t *len, size_t *cap, const char *s)
{
        size_t need = *len + 2 * strlen(s) + 8, n = *len;
        char *w;

        if (need > *cap) {
                size_t ncap = need * 2;
                char *nb = rpc_alloc(c, ncap);
                memcpy(nb, *buf, n);
                *buf = nb;
                *cap = ncap;
        }
        w = *buf;
        w[n] = n == 0 ? '{' : ',';
        n++;
        w[n++] = '"';
        for (; *s; s++) {
                if (*s == '"' || *s == '\\')
                        w[n++] = '\\';
                w[n++] = *s;
        }
        w[n++] = '"';
        *len = n;
}

// Looks up, in one statement, which rows' cases are stored already: every
// row keyed by its external_id, and the rows keyed by a hash of their line
// whose owner is the caller (no coach_email, or their own).
static int prefetch_cases(struct batch *b, const Reinstate__V1__ImportCasesRequest *req)
{
        struct rpc_call *c = b->c;
        char *buf = rpc_alloc(c, 64);
        size_t len = 0, cap = 64;
        const char *p[1];
        PGresult *r = NULL;
        int code;

        b->asked = rpc_alloc(c, (req->n_rows + 1) * sizeof(*b->asked));
        for (size_t i = 0; i < req->n_rows; i++) {
                const Reinstate__V1__ImportCaseRow *row = req->rows[i];
                // A key from a hash of the line depends on its owner.
                if (row->coach_email[0] && strcasecmp(row->coach_email, c->actor_email) != 0 &&
                    strncmp(row->external_id, "line:", 5) == 0)
                        continue;
                if (row->external_id[0] == '\0' || strlen(row->external_id) > LIMIT_EXTERNAL)
                        continue;
                b->asked[b->n_asked] = case_key(c, row->external_id, c->actor_id);
                array_add(c, &buf, &len, &cap, b->asked[b->n_asked++]);
        }
        if (b->n_asked == 0)
                return RS_OK;
        buf[len++] = '}';
        buf[len] = '\0';
        p[0] = buf;
        code =
            db_exec(c, &r,
                    "SELECT x.ext, k.id, k.client_id FROM unnest($1::text[]) x(ext) JOIN cases k "
                    "ON k.external_id = x.ext UNION ALL SELECT x.ext, k.id, k.client_id FROM "
                    "unnest($1::text[]) x(ext) JOIN cases k ON k.external_id = 'erased:' || "
                    "md5(x.ext)",
                    1, p);
        if (code != RS_OK)
                return code;
        b->n_known = (size_t)PQntuples(r);
        b->known = rpc_alloc(c, (b->n_known + 1) * sizeof(*b->known));
        b->known_id = rpc_alloc(c, (b->n_known + 1) * sizeof(*b->known_id));
        b->known_client = rpc_alloc(c, (b->n_known + 1) * sizeof(*b->known_client));
        for (size_t i = 0; i < b->n_known; i++) {
                b->known[i] = rpc_strdup(c, db_text(r, (int)i, 0));
                b->known_id[i] = db_int64(r, (int)i, 1);
                b->known_client[i] = db_int64(r, (int)i, 2);
        }
        PQclear(r);
        b->prefetched = 1;
        return RS_OK;
}

// The stored case under key: from the prefetch when it asked for the key,
// else one statement. 0 when none, -1 on a database error.
static int64_t stored_case(struct batch *b, const char *key, int64_t *client_id)
{
        int asked = 0;

        for (size_t i = 0; b->prefetched && i < b->n_known; i++)
                if (strcmp(b->known[i], key) == 0) {
                        *client_id = b->known_client[i];
                        return b->known_id[i];
                }
        for (size_t i = 0; b->prefetched && i < b->n_asked && !asked; i++)
                asked = strcmp(b->asked[i], key) == 0;
        if (asked)
                return 0;
        return existing(b->c,
                        "SELECT id, client_id FROM cases WHERE external_id IN ($1, 'erased:' || "
                        "md5($1))",
                        key, client_id);
}

// Checks one case row and, unless it is invalid, exists or this is a dry
// run, writes it. Returns RS_OK (the row's outcome is in res) or a database
// error, which fails the call.
static int import_case(struct batch *b, const Reinstate__V1__ImportCaseRow *row,
                       Reinstate__V1__ImportRowResult *res)
{
        struct rpc_call *c = b->c;
        Reinstate__V1__Client cl = REINSTATE__V1__CLIENT__INIT;
        Reinstate__V1__Case empty = REINSTATE__V1__CASE__INIT;
        const Reinstate__V1__Case *k = row->case_ ? row->case_ : &empty;
        const char *stage = row->stage[0] ? row->stage : "verify_opening";
        const char *opening = row->opening[0] ? row->opening : "unknown";
        int64_t opened = b->now, stage_on = 0, last_at = 0, owner, id, client_id = 0;
        const char *ext = row->external_id;
        json_t *hist = NULL, *obj;
        int v;

        validate_line(c, "external_id", row->external_id, 1, LIMIT_EXTERNAL);
        cl.name = row->client_name;
        cl.email = row->client_email;
        cl.phone = row->client_phone;
        validate_line(c, "client_name", cl.name, 1, LIMIT_NAME);
        validate_email(c, "client_email", cl.email, 0);
        validate_phone(c, "client_phone", cl.phone);
        validate_case(c, k);
        validate_enum(c, "opening", VOCAB_OPENING, opening, 1, &v);
        if (validate_enum(c, "stage", VOCAB_STAGE, stage, 1, &v) == RS_OK &&
            (strcmp(stage, "lost") == 0) != (row->loss_reason[0] != '\0'))
                rpc_violation(c, "loss_reason",
                              strcmp(stage, "lost") == 0 ? "is required when the stage is lost"
                                                         : "is only for a lost case");
        validate_enum(c, "loss_reason", VOCAB_LOSS_REASON, row->loss_reason, 0, &v);
        check_when(b, "opened_on", row->opened_on, 0, &opened);
        stage_on = opened;
        if (check_when(b, "stage_on", row->stage_on, 0, &stage_on) == RS_OK && stage_on < opened)
                rpc_violation(c, "stage_on", "must not be before opened_on");
        owner = row_owner(b, row->coach_email);
        if (owner < 0)
                return RS_INTERNAL;
        if (c->n_violations == 0)
                hist = history_json(b, row, opened, stage_on, &last_at);
        if (c->n_violations) {
                json_decref(hist);
                res->status = "invalid";
                take_violations(c, res);
                return RS_OK;
        }
        ext = case_key(c, row->external_id, owner);
        id = stored_case(b, ext, &client_id);
        if (id != 0 || b->dry_run || repeats(b, ext, row->line)) {
                json_decref(hist);
                if (id < 0)
                        return RS_INTERNAL;
                res->id = id;
                res->client_id = client_id;
                res->status = id > 0 ? "exists" : c->n_violations ? "invalid" : "would_create";
                take_violations(c, res);
                return RS_OK;
        }
        obj = json_pack(
            "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:s,s:s,"
            "s:s,s:s,s:s,s:o,s:s,s:s,s:o}",
            "owner", (json_int_t)owner, "email", row->client_email, "name", row->client_name,
            "phone", row->client_phone, "company", k->company, "role_title", k->role_title,
            "manager_name", k->manager_name, "manager_email", k->manager_email, "manager_phone",
            k->manager_phone, "hr_name", k->hr_name, "hr_email", k->hr_email, "salary",
            k->salary > 0 ? json_integer((json_int_t)k->salary) : json_null(), "currency",
            k->currency, "offered_on", str_or_null(k->offered_on), "declined_on",
            str_or_null(k->declined_on), "decline_reason", k->decline_reason, "better_offer",
            k->better_offer, "ext", ext, "opened", ts_text(c, opened), "stage", stage,
            "loss_reason", str_or_null(row->loss_reason), "last_at", ts_text(c, last_at), "opening",
            opening, "hist", hist);
        return queue_row(b, obj, res);
}

// Marks the pending rows of a batch write: those in r (the pending row's
// index, the new id, and for cases the client's id) are created, clears r;
// the rest had an external_id another row of the agency holds already.
static void settle_pending(struct batch *b, PGresult *r)
{
        for (int i = 0; i < PQntuples(r); i++) {
                int64_t n = db_int64(r, i, 0);
                if (n < 0 || (size_t)n >= b->n_pending)
                        continue;
                b->waits[n]->status = "created";
                b->waits[n]->id = db_int64(r, i, 1);
                if (PQnfields(r) > 2)
                        b->waits[n]->client_id = db_int64(r, i, 2);
        }
        PQclear(r);
        for (size_t i = 0; i < b->n_pending; i++)
                if (b->waits[i]->status[0] == '\0') {
                        b->waits[i]->status = "invalid";
                        rpc_violation(b->c, "external_id",
                                      "'%.100s' is already used in this agency",
                                      json_string_value(
                                          json_object_get(json_array_get(b->pending, i), "ext")));
                        take_violations(b->c, b->waits[i]);
                }
}

// Writes the queued case rows in one statement: each row's client found by
// its key among the owner's clients (schema/051) or created once for the
// batch, its case and its stage history. A row whose external_id another
// coach's case holds (invisible here) is reported as taken.
static int flush_cases(struct batch *b)
{
        struct rpc_call *c = b->c;
        const char *p[2];
        char *text = NULL;
        PGresult *r = NULL;
        int code;

        if (b->n_pending == 0)
                return RS_OK;
        if ((text = json_dumps(b->pending, JSON_COMPACT)) == NULL)
                return RS_INTERNAL;
        p[0] = rpc_strdup(c, text);
        free(text);
        p[1] = scope_actor(c);
        code = db_exec(
            c, &r,
            "WITH r AS (SELECT x.*, CASE WHEN x.email <> '' THEN 'e' || lower(x.email) ELSE 'n' || "
            "public.rs_fold(btrim(x.name)) END AS ckey FROM jsonb_to_recordset($1::jsonb) AS x(n "
            "int, owner bigint, email text, name text, phone text, company text, role_title text, "
            "manager_name text, manager_email text, manager_phone text, hr_name text, hr_email "
            "text, salary bigint, currency text, offered_on date, declined_on date, decline_reason "
            "text, better_offer text, ext text, opened timestamptz, stage text, loss_reason text, "
            "last_at timestamptz, opening text, hist jsonb)), "
            "want AS (SELECT DISTINCT ON (owner, ckey) owner, ckey, email, name, phone, n FROM r "
            "ORDER BY owner, ckey, n), "
            "found AS (SELECT w.*, CASE WHEN w.email <> '' THEN (SELECT c.id FROM clients c WHERE "
            "c.coach_id = w.owner AND c.email <> '' AND c.email_key = lower(w.email) AND "
            "c.erased_at IS NULL ORDER BY c.archived_at IS NOT NULL, c.id LIMIT 1) ELSE (SELECT "
            "c.id FROM clients c WHERE c.coach_id = w.owner AND c.email = '' AND c.name_key = "
            "public.rs_fold(btrim(w.name)) AND c.erased_at IS NULL ORDER BY c.archived_at IS NOT "
            "NULL, c.id LIMIT 1) END AS id FROM want w), "
            "made AS (INSERT INTO clients (coach_id, email, name, phone) SELECT owner, email, "
            "btrim(name), phone FROM found WHERE id IS NULL ORDER BY n RETURNING id, coach_id, "
            "CASE WHEN email <> '' THEN 'e' || email_key ELSE 'n' || name_key END AS ckey), "
            "cl AS (SELECT owner, ckey, id FROM found WHERE id IS NOT NULL UNION ALL SELECT "
            "coach_id, ckey, id FROM made), "
            "k AS (INSERT INTO cases (client_id, coach_id, company, role_title, manager_name, "
            "manager_email, manager_phone, hr_name, hr_email, salary, currency, offered_on, "
            "declined_on, decline_reason, better_offer, external_id, created_at, updated_at, "
            "stage, loss_reason, stage_changed_at, closed_at, opening_status, "
            "opening_verified_at) SELECT cl.id, r.owner, btrim(r.company), btrim(r.role_title), "
            "btrim(r.manager_name), r.manager_email, r.manager_phone, btrim(r.hr_name), "
            "r.hr_email, r.salary, r.currency, r.offered_on, r.declined_on, r.decline_reason, "
            "r.better_offer, r.ext, r.opened, r.opened, r.stage, r.loss_reason, r.last_at, CASE "
            "WHEN (SELECT v.closed FROM vocab_stage v WHERE v.word = r.stage) THEN r.last_at END, "
            "r.opening, CASE WHEN "
            "r.opening <> 'unknown' THEN r.last_at END FROM r JOIN cl ON cl.owner = r.owner AND "
            "cl.ckey = r.ckey ORDER BY r.n ON CONFLICT (external_id) WHERE external_id IS NOT NULL "
            "DO NOTHING RETURNING id, coach_id, client_id, external_id), "
            "h AS (INSERT INTO stage_history (case_id, coach_id, actor_id, at, from_stage, "
            "to_stage, loss_reason, why) SELECT k.id, k.coach_id, $2, x.at, nullif(x.from_stage, "
            "''), x.to_stage, nullif(x.loss_reason, ''), x.why FROM k JOIN r ON r.ext = "
            "k.external_id, ROWS FROM (jsonb_to_recordset(r.hist) AS (at timestamptz, from_stage "
            "text, to_stage text, loss_reason text, why text)) WITH ORDINALITY AS x(at, "
            "from_stage, to_stage, loss_reason, why, o) ORDER BY r.n, x.o) "
            "SELECT r.n, k.id, k.client_id FROM r JOIN k ON k.external_id = r.ext",
            2, p);
        if (code != RS_OK)
                return code;
        settle_pending(b, r);
        return RS_OK;
}

// Keys looked up together: the stored rows (visible to the caller) whose
// external_id, or its erased form, is one of them.
struct keymap {
        const char **key;
        int64_t *id, *other;
        size_t n;
};

// Fills m from sql ($1 a text[] of keys; rows of key, id, other).
static int keymap_load(struct rpc_call *c, struct keymap *m, const char **keys, size_t n,
                       const char *sql)
{
        char *buf = rpc_alloc(c, 64);
        size_t len = 0, cap = 64;
        const char *p[1];
        PGresult *r = NULL;
        int code;

        memset(m, 0, sizeof(*m));
        for (size_t i = 0; i < n; i++)
                array_add(c, &buf, &len, &cap, keys[i]);
        if (len == 0)
                return RS_OK;
        buf[len++] = '}';
        buf[len] = '\0';
        p[0] = buf;
        if ((code = db_exec(c, &r, sql, 1, p)) != RS_OK)
                return code;
        m->n = (size_t)PQntuples(r);
        m->key = rpc_alloc(c, (m->n + 1) * sizeof(*m->key));
        m->id = rpc_alloc(c, (m->n + 1) * sizeof(*m->id));
        m->other = rpc_alloc(c, (m->n + 1) * sizeof(*m->other));
        for (size_t i = 0; i < m->n; i++) {
                m->key[i] = rpc_strdup(c, db_text(r, (int)i, 0));
                m->id[i] = db_int64(r, (int)i, 1);
                m->other[i] = db_int64(r, (int)i, 2);
        }
        PQclear(r);
        return RS_OK;
}

// The id stored under key (0: none), and its other column.
static int64_t keymap_find(const struct keymap *m, const char *key, int64_t *other)
{
        for (size_t i = 0; i < m->n; i++)
                if (strcmp(m->key[i], key) == 0) {
                        if (other)
                                *other = m->other[i];
                        return m->id[i];
                }
        return 0;
}

// The cases the rows name and the attempts stored already, two statements
// for the batch.
static int prefetch_attempts(struct batch *b, const Reinstate__V1__ImportAttemptsRequest *req,
                             struct keymap *cases, struct keymap *attempts)
{
        struct rpc_call *c = b->c;
        const char **ck = rpc_alloc(c, (req->n_rows + 1) * sizeof(*ck));
        const char **ak = rpc_alloc(c, (req->n_rows + 1) * sizeof(*ak));
        size_t nc = 0, na = 0;
        int code;

        for (size_t i = 0; i < req->n_rows; i++) {
                const Reinstate__V1__ImportAttemptRow *row = req->rows[i];
                if (row->case_external_id[0] && strlen(row->case_external_id) <= LIMIT_EXTERNAL)
                        ck[nc++] = row->case_external_id;
                if (row->external_id[0] && strlen(row->external_id) <= LIMIT_EXTERNAL)
                        ak[na++] = row->external_id;
        }
        code =
            keymap_load(c, cases, ck, nc,
                        "SELECT x.ext, k.id, k.coach_id FROM (SELECT DISTINCT unnest($1::text[]) "
                        "AS ext) x JOIN cases k ON k.external_id = x.ext UNION ALL SELECT "
                        "x.ext, k.id, k.coach_id FROM (SELECT DISTINCT unnest($1::text[]) AS "
                        "ext) x JOIN cases k ON k.external_id = 'erased:' || md5(x.ext)");
        if (code != RS_OK)
                return code;
        return keymap_load(c, attempts, ak, na,
                           "SELECT x.ext, a.id, a.case_id FROM unnest($1::text[]) x(ext) JOIN "
                           "attempts a ON a.external_id = x.ext UNION ALL SELECT x.ext, a.id, "
                           "a.case_id FROM unnest($1::text[]) x(ext) JOIN attempts a ON "
                           "a.external_id = 'erased:' || md5(x.ext)");
}

static int import_attempt(struct batch *b, const Reinstate__V1__ImportAttemptRow *row,
                          const Reinstate__V1__ImportAttemptsRequest *req,
                          const struct keymap *cases, const struct keymap *attempts,
                          Reinstate__V1__ImportRowResult *res)
{
        struct rpc_call *c = b->c;
        Reinstate__V1__Attempt empty = REINSTATE__V1__ATTEMPT__INIT, a;
        int64_t case_id = 0, coach_id = 0, id, at = 0;

        a = row->attempt ? *row->attempt : empty;
        validate_line(c, "external_id", row->external_id, 1, LIMIT_EXTERNAL);
        if (validate_line(c, "case_external_id", row->case_external_id, 1, LIMIT_EXTERNAL) ==
            RS_OK) {
                case_id = keymap_find(cases, row->case_external_id, &coach_id);
                if (case_id == 0 && b->dry_run)
                        for (size_t i = 0; i < req->n_pending_cases; i++)
                                if (strcmp(req->pending_cases[i], row->case_external_id) == 0)
                                        case_id = -2;
                if (case_id == 0)
                        rpc_violation(c, "case_external_id", "no case with external_id '%.100s'",
                                      row->case_external_id);
        }
        a.case_id = case_id ? 1 : 0; // checked above
        if (case_id)
                validate_attempt(c, &a, b->now);
        check_when(b, "at", a.at, 1, &at);
        id = c->n_violations ? 0 : keymap_find(attempts, row->external_id, NULL);
        if (c->n_violations || id != 0 || b->dry_run || repeats(b, row->external_id, row->line)) {
                res->id = id;
                res->status = c->n_violations ? "invalid" : id > 0 ? "exists" : "would_create";
                take_violations(c, res);
                return RS_OK;
        }
        return queue_row(b,
                         json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:s,s:o,s:s}",
                                   "case_id", (json_int_t)case_id, "coach_id", (json_int_t)coach_id,
                                   "at", ts_text(c, at), "channel", a.channel, "contact_role",
                                   a.contact_role, "contact_name", a.contact_name, "summary",
                                   a.summary, "accepted", a.accepted_responsibility, "conveyed",
                                   a.conveyed_commitment, "offered", a.offered_reinterview,
                                   "outcome", a.outcome, "follow_up_on",
                                   str_or_null(a.follow_up_on), "ext", row->external_id),
                         res);
}

// Writes the queued attempts in one statement.
static int flush_attempts(struct batch *b)
{
        struct rpc_call *c = b->c;
        const char *p[2];
        char *text = NULL;
        PGresult *r = NULL;
        int code;

        if (b->n_pending == 0)
                return RS_OK;
        if ((text = json_dumps(b->pending, JSON_COMPACT)) == NULL)
                return RS_INTERNAL;
        p[0] = rpc_strdup(c, text);
        free(text);
        p[1] = scope_actor(c);
        code = db_exec(
            c, &r,
            "WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n int, case_id bigint, "
            "coach_id bigint, at timestamptz, channel text, contact_role text, contact_name text, "
            "summary text, accepted boolean, conveyed boolean, offered boolean, outcome text, "
            "follow_up_on date, ext text)), "
            "a AS (INSERT INTO attempts (case_id, coach_id, at, channel, contact_role, "
            "contact_name, summary, accepted_responsibility, conveyed_commitment, "
            "offered_reinterview, outcome, follow_up_on, logged_by, external_id, created_at) "
            "SELECT case_id, coach_id, at, channel, contact_role, btrim(contact_name), summary, "
            "accepted, conveyed, offered, outcome, follow_up_on, $2, ext, at FROM r ORDER BY n "
            "ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id, "
            "external_id) "
            "SELECT r.n, a.id FROM r JOIN a ON a.external_id = r.ext",
            2, p);
        if (code != RS_OK)
                return code;
        settle_pending(b, r);
        return RS_OK;
}

static void count(Reinstate__V1__ImportResponse *resp, const Reinstate__V1__ImportRowResult *res)
{
        if (strcmp(res->status, "invalid") == 0)
                resp->invalid++;
        else if (strcmp(res->status, "exists") == 0)
                resp->existing++;
        else
                resp->created++;
}

static Reinstate__V1__ImportRowResult *new_result(struct rpc_call *c, int32_t line)
{
        Reinstate__V1__ImportRowResult *res = rpc_alloc(c, sizeof(*res));

        reinstate__v1__import_row_result__init(res);
        res->line = line;
        return res;
}

static int batch_begin(struct batch *b, struct rpc_call *c, size_t n, int dry_run,
                       Reinstate__V1__ImportResponse *resp)
{
        memset(b, 0, sizeof(*b));
        b->c = c;
        b->dry_run = dry_run;
        b->now = (int64_t)time(NULL);
        b->resp = resp;
        if (n == 0)
                return rpc_violation(c, "rows", "must not be empty");
        if (n > IMPORT_MAX_ROWS)
                return rpc_violation(c, "rows", "at most %d a call (got %zu)", IMPORT_MAX_ROWS, n);
        resp->n_results = n;
        resp->results = rpc_alloc(c, (n + 1) * sizeof(*resp->results));
        b->waits = rpc_alloc(c, (n + 1) * sizeof(*b->waits));
        b->keys = rpc_alloc(c, (n + 1) * sizeof(*b->keys));
        b->lines = rpc_alloc(c, (n + 1) * sizeof(*b->lines));
        if ((b->pending = json_array()) == NULL)
                return RS_INTERNAL;
        return RS_OK;
}

// Counts the results, audits a real run and releases the batch.
static int batch_end(struct batch *b, int code, const char *what)
{
        Reinstate__V1__ImportResponse *resp = b->resp;

        json_decref(b->pending);
        b->pending = NULL;
        if (code != RS_OK)
                return code;
        for (size_t i = 0; i < resp->n_results; i++)
                count(resp, resp->results[i]);
        if (!b->dry_run)
                rpc_audit(b->c, what, "%d created, %d existed, %d invalid", resp->created,
                          resp->existing, resp->invalid);
        return RS_OK;
}

static int imports_cases(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ImportCasesRequest *req = (const void *)in;
        Reinstate__V1__ImportResponse *resp = (void *)out;
        struct batch b;
        int code;

        if ((code = batch_begin(&b, c, req->n_rows, req->dry_run, resp)) == RS_OK)
                code = prefetch_cases(&b, req);
        for (size_t i = 0; code == RS_OK && i < req->n_rows; i++) {
                resp->results[i] = new_result(c, req->rows[i]->line);
                code = import_case(&b, req->rows[i], resp->results[i]);
        }
        if (code == RS_OK)
                code = flush_cases(&b);
        return batch_end(&b, code, "import/cases");
}

static int imports_attempts(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ImportAttemptsRequest *req = (const void *)in;
        Reinstate__V1__ImportResponse *resp = (void *)out;
        struct keymap cases, attempts;
        struct batch b;
        int code;

        if ((code = batch_begin(&b, c, req->n_rows, req->dry_run, resp)) == RS_OK)
                code = prefetch_attempts(&b, req, &cases, &attempts);
        for (size_t i = 0; code == RS_OK && i < req->n_rows; i++) {
                resp->results[i] = new_result(c, req->rows[i]->line);
                code = import_attempt(&b, req->rows[i], req, &cases, &attempts, resp->results[i]);
        }
        if (code == RS_OK)
                code = flush_attempts(&b);
        return batch_end(&b, code, "import/attempts");
}

static const struct rpc_method imports_methods[] = {
    {"ImportCases", imports_cases, RPC_AUTH | RPC_MUTATES},
    {"ImportAttempts", imports_attempts, RPC_AUTH | RPC_MUTATES},
};

const struct rpc_service svc_imports =
    RPC_SERVICE(reinstate__v1__imports__descriptor, imports_methods);
