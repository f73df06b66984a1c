// reinstate import: clients and cases (one per line) or attempts from CSV
// files, through Imports/ImportCases and ImportAttempts, a batch at a time.
//
// The header is matched to fields by name (the column table below: canonical
// names, aliases, --map). Every run validates the whole file first with dry
// runs on the server (the same rules as the RPCs) plus what only the file
// can tell (duplicate lines, numbers); a real run writes only when nothing
// is wrong (or with --skip-invalid), so a file never lands half-way because
// of a bad line. Rows are keyed by external_id, or by a hash of the line
// without one: a re-run creates nothing twice and finishes an interrupted
// run. A directory written by `reinstate export` imports cases.csv (with
// stage_history.csv as each case's history) and then attempts.csv.
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "commands.h"
#include "csvio.h"
#include "reinstate/v1/imports.pb-c.h"
#include "banned.h"

// Rows a call, and the bytes they may take (the server refuses requests
// over 256 KiB).
#define BATCH_ROWS  250
#define BATCH_BYTES (180u * 1024u)

enum file_kind { KIND_CASES, KIND_ATTEMPTS, KIND_HISTORY };

// Where a column's value goes.
enum target {
        T_EXTERNAL,
        T_CLIENT_NAME,
        T_CLIENT_EMAIL,
        T_CLIENT_PHONE,
        T_COACH_EMAIL,
        T_CASE_FIELD, // a string field of Case, by proto name
        T_SALARY,
        T_OPENING,
        T_STAGE,
        T_LOSS_REASON,
        T_OPENED_ON,
        T_STAGE_ON,
        T_CASE_EXTERNAL,
        T_ATTEMPT_FIELD, // a string field of Attempt, by proto name
        T_ATTEMPT_FLAG,  // a bool field of Attempt
        T_FROM_STAGE,
        T_TO_STAGE,
        T_AT,
        T_WHY,
        T_IGNORED, // exported for reading, not imported (ids)
};

struct column {
        enum file_kind kind;
        const char *name;  // canonical column name
        const char *field; // the server's field name, for its error reports
        enum target target;
        const char *aliases; // '|'-separated, compared folded
        int required;
};

// Every column the import reads: documented in docs/cli.md.
static const struct column columns[] = {
    {KIND_CASES, "external_id", "external_id", T_EXTERNAL, "id|case id|reference|ref", 0},
    {KIND_CASES, "client_name", "client_name", T_CLIENT_NAME, "name|client|job seeker|candidate",
     1},
    {KIND_CASES, "client_email", "client_email", T_CLIENT_EMAIL, "email|e-mail|client e-mail", 0},
    {KIND_CASES, "client_phone", "client_phone", T_CLIENT_PHONE, "phone|telephone|mobile", 0},
    {KIND_CASES, "coach_email", "coach_email", T_COACH_EMAIL, "coach|coach e-mail|owner", 0},
    {KIND_CASES, "company", "company", T_CASE_FIELD, "employer|organisation|organization", 1},
    {KIND_CASES, "role", "role_title", T_CASE_FIELD, "role_title|title|job title|position|job", 1},
    {KIND_CASES, "manager", "manager_name", T_CASE_FIELD,
     "manager_name|hiring manager|hiring_manager|manager name", 1},
    {KIND_CASES, "manager_email", "manager_email", T_CASE_FIELD,
     "manager e-mail|hiring manager email|hiring manager e-mail", 0},
    {KIND_CASES, "manager_phone", "manager_phone", T_CASE_FIELD, "hiring manager phone", 0},
    {KIND_CASES, "hr", "hr_name", T_CASE_FIELD, "hr_name|hr contact|recruiter", 0},
    {KIND_CASES, "hr_email", "hr_email", T_CASE_FIELD, "hr e-mail|recruiter email", 0},
    {KIND_CASES, "salary", "salary", T_SALARY, "offered salary|salary offered", 0},
    {KIND_CASES, "currency", "currency", T_CASE_FIELD, "", 0},
    {KIND_CASES, "offered_on", "offered_on", T_CASE_FIELD, "offered|offer date|offer_date", 0},
    {KIND_CASES, "declined_on", "declined_on", T_CASE_FIELD, "declined|decline date|declined_date",
     0},
    {KIND_CASES, "reason", "decline_reason", T_CASE_FIELD, "decline_reason|decline reason|why", 0},
    {KIND_CASES, "better_offer", "better_offer", T_CASE_FIELD, "expected offer|other offer", 0},
    {KIND_CASES, "opening", "opening", T_OPENING, "opening_status|position status|job open", 0},
    {KIND_CASES, "stage", "stage", T_STAGE, "status", 0},
    {KIND_CASES, "loss_reason", "loss_reason", T_LOSS_REASON, "lost reason|lost_reason", 0},
    {KIND_CASES, "opened_on", "opened_on", T_OPENED_ON, "opened|created|created_at|start date", 0},
    {KIND_CASES, "stage_on", "stage_on", T_STAGE_ON, "stage_changed_at|stage date|status date", 0},
    {KIND_CASES, "reinstate_id", "", T_IGNORED, "reinstate_client_id", 0},

    {KIND_ATTEMPTS, "external_id", "external_id", T_EXTERNAL, "id|attempt_id|reference", 0},
    {KIND_ATTEMPTS, "case_external_id", "case_external_id", T_CASE_EXTERNAL,
     "case|case id|case_ref", 1},
    {KIND_ATTEMPTS, "at", "at", T_AT, "when|date|time|contacted_at", 1},
    {KIND_ATTEMPTS, "channel", "channel", T_ATTEMPT_FIELD, "via|medium", 1},
    {KIND_ATTEMPTS, "contact_role", "contact_role", T_ATTEMPT_FIELD, "role|contact role", 1},
    {KIND_ATTEMPTS, "contact", "contact_name", T_ATTEMPT_FIELD, "contact_name|contact name|who", 1},
    {KIND_ATTEMPTS, "outcome", "outcome", T_ATTEMPT_FIELD, "result", 1},
    {KIND_ATTEMPTS, "summary", "summary", T_ATTEMPT_FIELD, "notes|note|comment", 0},
    {KIND_ATTEMPTS, "follow_up", "follow_up_on", T_ATTEMPT_FIELD,
     "follow_up_on|follow-up|follow up", 0},
    {KIND_ATTEMPTS, "accepted_responsibility", "accepted_responsibility", T_ATTEMPT_FLAG, "", 0},
    {KIND_ATTEMPTS, "conveyed_commitment", "conveyed_commitment", T_ATTEMPT_FLAG, "", 0},
    {KIND_ATTEMPTS, "offered_reinterview", "offered_reinterview", T_ATTEMPT_FLAG, "", 0},
    {KIND_ATTEMPTS, "reinstate_id", "", T_IGNORED, "reinstate_case_id|logged_by", 0},

    {KIND_HISTORY, "case_external_id", "case_external_id", T_CASE_EXTERNAL, "case", 1},
    {KIND_HISTORY, "at", "at", T_AT, "when|date", 1},
    {KIND_HISTORY, "from_stage", "from_stage", T_FROM_STAGE, "from", 0},
    {KIND_HISTORY, "to_stage", "to_stage", T_TO_STAGE, "to", 1},
    {KIND_HISTORY, "loss_reason", "loss_reason", T_LOSS_REASON, "", 0},
    {KIND_HISTORY, "why", "why", T_WHY, "reason", 0},
    {KIND_HISTORY, "reinstate_id", "", T_IGNORED, "reinstate_case_id|actor", 0},
};
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

struct import_opts {
        int dry_run;
        int skip_invalid;
        char delimiter;
        const char *maps[32]; // "COLUMN=FIELD"
        size_t n_maps;
};

// One file mapped: for each of its columns, the column table entry (or NULL
// for a column that is not imported).
struct mapped {
        char *path; // owned
        enum file_kind kind;
        struct csv_file csv;
        const struct column **by_index; // per header field
        size_t nfields;
        char **ext;        // per record (index 0 unused): its external id, owned
        char **sorted_ext; // ext[1..] sorted, for lookups (borrowed strings)
};

static int by_string(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

// Folds a header name for comparison: lower case, '-', ' ' and '.' as '_',
// trimmed.
static void fold(const char *s, char *out, size_t len)
{
        size_t n = 0;

        while (*s == ' ')
                s++;
        for (; *s && n + 1 < len; s++) {
                char ch = *s;
                if (ch >= 'A' && ch <= 'Z')
                        ch = (char)(ch - 'A' + 'a');
                if (ch == '-' || ch == ' ' || ch == '.')
                        ch = '_';
                out[n++] = ch;
        }
        while (n && out[n - 1] == '_')
                n--;
        out[n] = '\0';
}

static int name_matches(const char *folded, const char *candidate)
{
        char f[64];

        fold(candidate, f, sizeof(f));
        return strcmp(folded, f) == 0;
}

// The column table entry of kind named (canonically or by an alias) name.
static const struct column *find_column(enum file_kind kind, const char *name)
{
        char f[64];

        fold(name, f, sizeof(f));
        for (size_t i = 0; i < N_COLUMNS; i++)
                if (columns[i].kind == kind && name_matches(f, columns[i].name))
                        return &columns[i];
        for (size_t i = 0; i < N_COLUMNS; i++) {
                const char *a = columns[i].aliases;
                if (columns[i].kind != kind)
                        continue;
                while (*a) {
                        const char *bar = strchr(a, '|');
                        size_t n = bar ? (size_t)(bar - a) : strlen(a);
                        char one[64];
                        snprintf(one, sizeof(one), "%.*s", (int)n, a);
                        if (name_matches(f, one))
                                return &columns[i];
                        a += n + (bar != NULL);
                }
        }
        return NULL;
}

// The canonical column name for a field the server named ("role_title" →
// "role"); the field itself when no column has it.
static const char *column_of_field(enum file_kind kind, const char *field)
{
        for (size_t i = 0; i < N_COLUMNS; i++)
                if (columns[i].kind == kind && strcmp(columns[i].field, field) == 0)
                        return columns[i].name;
        return field;
}

// Reads and maps a file. Returns 0, or prints why not and returns an exit
// code.
static int map_file(struct mapped *m, const char *path, enum file_kind kind,
                    const struct import_opts *o)
{
        const struct csv_record *h;
        char err[512];
        int missing = 0;

        memset(m, 0, sizeof(*m));
        if ((m->path = strdup(path)) == NULL)
                return fprintf(stderr, "reinstate: out of memory\n"), EXIT_FAILURE_;
        m->kind = kind;
        if (csv_file_read(&m->csv, path, o->delimiter, err, sizeof(err)) != 0) {
                fprintf(stderr, "reinstate: %s\n", err);
                return EXIT_INVALID;
        }
        h = &m->csv.records[0];
        m->nfields = h->nfields;
        m->by_index = calloc(h->nfields + 1, sizeof(*m->by_index));
        m->ext = calloc(m->csv.nrecords + 1, sizeof(*m->ext));
        if (m->by_index == NULL || m->ext == NULL)
                return fprintf(stderr, "reinstate: out of memory\n"), EXIT_FAILURE_;
        for (size_t i = 0; i < h->nfields; i++) {
                const char *name = h->fields[i];
                char f[64];
                fold(name, f, sizeof(f));
                for (size_t k = 0; k < o->n_maps; k++) {
                        const char *eq = strchr(o->maps[k], '=');
                        char col[64];
                        snprintf(col, sizeof(col), "%.*s", (int)(eq - o->maps[k]), o->maps[k]);
                        if (name_matches(f, col))
                                name = eq + 1;
                }
                m->by_index[i] = find_column(kind, name);
                if (m->by_index[i] == NULL && f[0])
                        fprintf(stderr, "%s: column '%s' is not imported (use --map '%s=FIELD')\n",
                                path, h->fields[i], h->fields[i]);
                for (size_t j = 0; j < i; j++)
                        if (m->by_index[i] && m->by_index[j] == m->by_index[i] &&
                            m->by_index[i]->target != T_IGNORED) {
                                fprintf(stderr,
                                        "reinstate: %s: columns '%s' and '%s' both map to "
                                        "'%s'\n",
                                        path, h->fields[j], h->fields[i], m->by_index[i]->name);
                                return EXIT_INVALID;
                        }
        }
        for (size_t k = 0; k < N_COLUMNS; k++) {
                int found = 0;
                if (columns[k].kind != kind || !columns[k].required)
                        continue;
                for (size_t i = 0; i < h->nfields; i++)
                        found |= m->by_index[i] == &columns[k];
                if (!found) {
                        fprintf(stderr,
                                "reinstate: %s: no '%s' column (header: name it so, or "
                                "--map YOUR_COLUMN=%s)\n",
                                path, columns[k].name, columns[k].name);
                        missing = 1;
                }
        }
        return missing ? EXIT_INVALID : 0;
}

static void mapped_fini(struct mapped *m)
{
        if (m->ext)
                for (size_t i = 0; i < m->csv.nrecords; i++)
                        free(m->ext[i]);
        free(m->ext);
        free(m->sorted_ext);
        free(m->by_index);
        free(m->path);
        csv_file_fini(&m->csv);
}

// The value of column `name` in record r, or "".
static const char *value_of(const struct mapped *m, const struct csv_record *r, const char *name)
{
        for (size_t i = 0; i < m->nfields && i < r->nfields; i++)
                if (m->by_index[i] && strcmp(m->by_index[i]->name, name) == 0)
                        return r->fields[i];
        return "";
}

// A vocabulary value as the server spells it: lower case, spaces and '-' as
// '_' ("In discussion" → "in_discussion"). Returns a copy (heap).
static char *vocab_value(const char *s)
{
        char *out = strdup(s);

        for (char *p = out; p && *p; p++) {
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p - 'A' + 'a');
                else if (*p == ' ' || *p == '-')
                        *p = '_';
        }
        return out;
}

// Per-line problems only the file shows, printed as the server's are.
struct report {
        enum file_kind kind;
        const char *path;
        int invalid_lines;
        int would_create, existing, created;
        unsigned char *bad;    // per record: the line is invalid
        struct line_msg *msgs; // the problems found, printed by line
        size_t n_msgs, cap_msgs;
};

struct line_msg {
        int line;
        size_t seq; // order found, within a line
        char *text;
};

static int by_line(const void *a, const void *b)
{
        const struct line_msg *x = a, *y = b;

        if (x->line != y->line)
                return (x->line > y->line) - (x->line < y->line);
        return (x->seq > y->seq) - (x->seq < y->seq);
}

// Prints the problems found so far in line order, and forgets them.
static void print_problems(struct report *rep)
{
        if (rep->n_msgs)
                qsort(rep->msgs, rep->n_msgs, sizeof(*rep->msgs), by_line);
        for (size_t i = 0; i < rep->n_msgs; i++) {
                printf("%s\n", rep->msgs[i].text);
                free(rep->msgs[i].text);
        }
        free(rep->msgs);
        rep->msgs = NULL;
        rep->n_msgs = rep->cap_msgs = 0;
}

static void line_error(struct report *rep, const struct csv_record *r, size_t idx,
                       const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void line_error(struct report *rep, const struct csv_record *r, size_t idx,
                       const char *column, const char *fmt, ...)
{
        char msg[400];
        va_list ap;

        char line[600];

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(line, sizeof(line), "line %d, column %s: %s", r->line, column, msg);
        if (rep->n_msgs == rep->cap_msgs) {
                size_t cap = rep->cap_msgs ? rep->cap_msgs * 2 : 64;
                struct line_msg *p = realloc(rep->msgs, cap * sizeof(*p));
                if (p == NULL) {
                        fprintf(stderr, "reinstate: out of memory\n");
                        exit(EXIT_FAILURE_);
                }
                rep->msgs = p;
                rep->cap_msgs = cap;
        }
        rep->msgs[rep->n_msgs].line = r->line;
        rep->msgs[rep->n_msgs].seq = rep->n_msgs;
        rep->msgs[rep->n_msgs++].text = strdup(line);
        if (!rep->bad[idx]) {
                rep->bad[idx] = 1;
                rep->invalid_lines++;
        }
}

// The row's external id: its column, or a hash of the whole line.
static char *row_external(const struct mapped *m, const struct csv_record *r)
{
        const char *ext = value_of(m, r, "external_id");
        unsigned char h[16];
        crypto_generichash_state st;
        char hex[33], *out;

        if (ext[0])
                return strdup(ext);
        crypto_generichash_init(&st, NULL, 0, sizeof(h));
        for (size_t i = 0; i < r->nfields; i++) {
                crypto_generichash_update(&st, (const unsigned char *)r->fields[i],
                                          strlen(r->fields[i]) + 1);
        }
        crypto_generichash_final(&st, h, sizeof(h));
        sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
        out = malloc(40);
        if (out)
                snprintf(out, 40, "line:%s", hex);
        return out;
}

// Checks what the file alone can: external ids repeated, numbers, flags.
static void local_checks(struct mapped *m, struct report *rep)
{
        for (size_t i = 1; i < m->csv.nrecords; i++) {
                const struct csv_record *r = &m->csv.records[i];
                m->ext[i] = row_external(m, r);
                if (r->nfields != m->nfields)
                        line_error(rep, r, i, "*", "has %s fields than the header",
                                   r->nfields < m->nfields ? "fewer" : "more");
                for (size_t j = 1; j < i && m->kind != KIND_HISTORY; j++)
                        if (m->ext[j] && m->ext[i] && strcmp(m->ext[j], m->ext[i]) == 0) {
                                int has = value_of(m, r, "external_id")[0] != '\0';
                                line_error(rep, r, i, has ? "external_id" : "*",
                                           "%s%s%s repeats line %d", has ? "'" : "",
                                           has ? m->ext[i] : "the line", has ? "'" : "",
                                           m->csv.records[j].line);
                                break;
                        }
                if (m->kind == KIND_CASES) {
                        const char *s = value_of(m, r, "salary");
                        char digits[32];
                        size_t n = 0;
                        int ok = 1;
                        for (const char *p = s; *p; p++) {
                                if (*p >= '0' && *p <= '9' && n + 1 < sizeof(digits))
                                        digits[n++] = *p;
                                else if (*p != ' ' && *p != ',' && *p != '\'' && *p != '_')
                                        ok = 0;
                        }
                        if (!ok || (s[0] && n == 0))
                                line_error(rep, r, i, "salary", "'%s' is not a whole number", s);
                }
        }
}

static int64_t salary_of(const char *s)
{
        int64_t v = 0;

        for (const char *p = s; *p; p++)
                if (*p >= '0' && *p <= '9' && v < 100000000000LL)
                        v = v * 10 + (*p - '0');
        return v;
}

static int flag_of(const char *s)
{
        return strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 || strcasecmp(s, "y") == 0 ||
               strcmp(s, "1") == 0 || strcasecmp(s, "x") == 0 || strcasecmp(s, "t") == 0;
}

// Memory of one batch's messages: every string points into the csv file or
// into this pool.
struct pool {
        void **ptrs;
        size_t n, cap;
};

static void *pool_add(struct pool *p, void *ptr)
{
        if (ptr == NULL) {
                fprintf(stderr, "reinstate: out of memory\n");
                exit(EXIT_FAILURE_);
        }
        if (p->n == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 256;
                void **np = realloc(p->ptrs, cap * sizeof(*np));
                if (np == NULL) {
                        fprintf(stderr, "reinstate: out of memory\n");
                        exit(EXIT_FAILURE_);
                }
                p->ptrs = np;
                p->cap = cap;
        }
        p->ptrs[p->n++] = ptr;
        return ptr;
}

static void pool_fini(struct pool *p)
{
        for (size_t i = 0; i < p->n; i++)
                free(p->ptrs[i]);
        free(p->ptrs);
        memset(p, 0, sizeof(*p));
}

// Sets the string field named field of msg (a Case or an Attempt).
static void set_string(ProtobufCMessage *msg, const char *field, char *value)
{
        const ProtobufCFieldDescriptor *fd =
            protobuf_c_message_descriptor_get_field_by_name(msg->descriptor, field);

        if (fd && fd->type == PROTOBUF_C_TYPE_STRING)
                *(char **)((char *)msg + fd->offset) = value;
        else if (fd && fd->type == PROTOBUF_C_TYPE_BOOL)
                *(protobuf_c_boolean *)((char *)msg + fd->offset) = flag_of(value);
}

// History rows by case external id, in file order.
struct history_index {
        const struct mapped *m;
        size_t *order; // record indexes sorted by (case_external_id, index)
        size_t n;
};

static const struct mapped *sort_m;

static int by_case(const void *a, const void *b)
{
        size_t x = *(const size_t *)a, y = *(const size_t *)b;
        int c = strcmp(value_of(sort_m, &sort_m->csv.records[x], "case_external_id"),
                       value_of(sort_m, &sort_m->csv.records[y], "case_external_id"));

        return c ? c : (x > y) - (x < y);
}

static void history_index_build(struct history_index *hi, const struct mapped *m)
{
        memset(hi, 0, sizeof(*hi));
        if (m == NULL)
                return;
        hi->m = m;
        hi->n = m->csv.nrecords - 1;
        hi->order = calloc(hi->n + 1, sizeof(*hi->order));
        for (size_t i = 0; i < hi->n; i++)
                hi->order[i] = i + 1;
        sort_m = m;
        qsort(hi->order, hi->n, sizeof(*hi->order), by_case);
}

// Attaches the history entries of case ext to row.
static void attach_history(const struct history_index *hi, const char *ext,
                           Reinstate__V1__ImportCaseRow *row, struct pool *pool)
{
        size_t lo = 0, hi_n = hi->n, first, n = 0;

        if (hi->m == NULL)
                return;
        while (lo < hi_n) {
                size_t mid = (lo + hi_n) / 2;
                if (strcmp(value_of(hi->m, &hi->m->csv.records[hi->order[mid]], "case_external_id"),
                           ext) < 0)
                        lo = mid + 1;
                else
                        hi_n = mid;
        }
        first = lo;
        while (
            first + n < hi->n &&
            strcmp(value_of(hi->m, &hi->m->csv.records[hi->order[first + n]], "case_external_id"),
                   ext) == 0)
                n++;
        if (n == 0)
                return;
        row->n_history = n;
        row->history = pool_add(pool, calloc(n, sizeof(*row->history)));
        for (size_t i = 0; i < n; i++) {
                const struct csv_record *r = &hi->m->csv.records[hi->order[first + i]];
                Reinstate__V1__ImportStageChange *h = pool_add(pool, calloc(1, sizeof(*h)));
                reinstate__v1__import_stage_change__init(h);
                h->at = (char *)value_of(hi->m, r, "at");
                h->from_stage = pool_add(pool, vocab_value(value_of(hi->m, r, "from_stage")));
                h->to_stage = pool_add(pool, vocab_value(value_of(hi->m, r, "to_stage")));
                h->loss_reason = pool_add(pool, vocab_value(value_of(hi->m, r, "loss_reason")));
                h->why = (char *)value_of(hi->m, r, "why");
                row->history[i] = h;
        }
}

// Whether a field takes a vocabulary value, spelt as the server does.
static int is_vocab(const char *field)
{
        static const char *const vocab[] = {"opening", "stage",        "loss_reason",
                                            "channel", "contact_role", "outcome"};

        for (size_t i = 0; i < sizeof(vocab) / sizeof(vocab[0]); i++)
                if (strcmp(field, vocab[i]) == 0)
                        return 1;
        return 0;
}

// The request row of record idx of a cases or attempts file: an
// ImportCaseRow with its Case, or an ImportAttemptRow with its Attempt.
// Each column's value goes to the field the column table names, in the row
// or in the inner message.
static ProtobufCMessage *file_row(const struct mapped *m, size_t idx,
                                  const struct history_index *hi, struct pool *pool)
{
        const struct csv_record *r = &m->csv.records[idx];
        Reinstate__V1__ImportCaseRow *crow = NULL;
        Reinstate__V1__ImportAttemptRow *arow = NULL;
        Reinstate__V1__Case *k = NULL;
        ProtobufCMessage *row, *inner;

        if (m->kind == KIND_CASES) {
                crow = pool_add(pool, calloc(1, sizeof(*crow)));
                k = pool_add(pool, calloc(1, sizeof(*k)));
                reinstate__v1__import_case_row__init(crow);
                reinstate__v1__case__init(k);
                crow->case_ = k;
                crow->line = r->line;
                crow->external_id = m->ext[idx];
                row = &crow->base;
                inner = &k->base;
        } else {
                Reinstate__V1__Attempt *a = pool_add(pool, calloc(1, sizeof(*a)));
                arow = pool_add(pool, calloc(1, sizeof(*arow)));
                reinstate__v1__import_attempt_row__init(arow);
                reinstate__v1__attempt__init(a);
                arow->attempt = a;
                arow->line = r->line;
                arow->external_id = m->ext[idx];
                row = &arow->base;
                inner = &a->base;
        }
        for (size_t i = 0; i < m->nfields && i < r->nfields; i++) {
                const struct column *col = m->by_index[i];
                ProtobufCMessage *dest = row;
                char *v = r->fields[i];
                if (col == NULL || col->target == T_IGNORED || col->target == T_EXTERNAL)
                        continue;
                if (col->target == T_SALARY) {
                        k->salary = salary_of(v);
                        continue;
                }
                if (col->target == T_CASE_FIELD || col->target == T_ATTEMPT_FIELD ||
                    col->target == T_ATTEMPT_FLAG || col->target == T_AT)
                        dest = inner;
                if (is_vocab(col->field))
                        v = pool_add(pool, vocab_value(v));
                set_string(dest, col->field, v);
        }
        if (k && k->currency[0]) {
                char *cur = pool_add(pool, strdup(k->currency));
                for (char *p = cur; *p; p++)
                        if (*p >= 'a' && *p <= 'z')
                                *p = (char)(*p - 'a' + 'A');
                k->currency = cur;
        }
        if (crow)
                attach_history(hi, crow->external_id, crow, pool);
        return row;
}

// Sends rows [from, to) of m (skipping bad ones) in one call; prints the
// server's per-line errors; counts. Returns 0 or an exit code.
static int send_batch(struct cli *cli, const struct mapped *m, struct report *rep,
                      ProtobufCMessage **rows, size_t *idx, size_t n, int dry_run,
                      const struct mapped *cases_file)
{
        Reinstate__V1__ImportCasesRequest creq = REINSTATE__V1__IMPORT_CASES_REQUEST__INIT;
        Reinstate__V1__ImportAttemptsRequest areq = REINSTATE__V1__IMPORT_ATTEMPTS_REQUEST__INIT;
        Reinstate__V1__ImportResponse *resp = NULL;
        char *pending[BATCH_ROWS];
        int rv;

        if (m->kind == KIND_CASES) {
                creq.rows = (Reinstate__V1__ImportCaseRow **)rows;
                creq.n_rows = n;
                creq.dry_run = dry_run;
                rv = cli_call(cli, "reinstate.v1.Imports/ImportCases", &creq.base,
                              &reinstate__v1__import_response__descriptor,
                              (ProtobufCMessage **)&resp);
        } else {
                areq.rows = (Reinstate__V1__ImportAttemptRow **)rows;
                areq.n_rows = n;
                areq.dry_run = dry_run;
                if (dry_run && cases_file) {
                        // The cases of this batch the same import creates first.
                        areq.pending_cases = pending;
                        for (size_t i = 0; i < n; i++) {
                                char *ce = areq.rows[i]->case_external_id;
                                if (bsearch(&ce, cases_file->sorted_ext,
                                            cases_file->csv.nrecords - 1, sizeof(char *),
                                            by_string))
                                        pending[areq.n_pending_cases++] = ce;
                        }
                }
                rv = cli_call(cli, "reinstate.v1.Imports/ImportAttempts", &areq.base,
                              &reinstate__v1__import_response__descriptor,
                              (ProtobufCMessage **)&resp);
        }
        if (rv != 0)
                return rv;
        for (size_t i = 0; i < resp->n_results && i < n; i++) {
                const Reinstate__V1__ImportRowResult *res = resp->results[i];
                const struct csv_record *r = &m->csv.records[idx[i]];
                if (strcmp(res->status, "invalid") == 0) {
                        for (size_t e = 0; e < res->n_errors; e++) {
                                const char *col = column_of_field(m->kind, res->errors[e]->field);
                                line_error(rep, r, idx[i], col, "%s", res->errors[e]->description);
                        }
                } else if (strcmp(res->status, "exists") == 0) {
                        rep->existing++;
                } else if (strcmp(res->status, "created") == 0) {
                        rep->created++;
                } else {
                        rep->would_create++;
                }
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

// One pass over a file: dry (validate) or real (write the good lines).
static int run_pass(struct cli *cli, struct mapped *m, struct report *rep, int dry_run,
                    const struct history_index *hi, const struct mapped *cases_file)
{
        ProtobufCMessage *rows[BATCH_ROWS];
        size_t idx[BATCH_ROWS], n = 0, bytes = 0;
        struct pool pool = {0};
        int rv = 0;

        for (size_t i = 1; i <= m->csv.nrecords; i++) {
                ProtobufCMessage *row = NULL;
                size_t sz = 0;
                if (i < m->csv.nrecords && !rep->bad[i]) {
                        row = file_row(m, i, hi, &pool);
                        sz = protobuf_c_message_get_packed_size(row) + 8;
                }
                if (n && (i == m->csv.nrecords || n == BATCH_ROWS || bytes + sz > BATCH_BYTES)) {
                        if ((rv = send_batch(cli, m, rep, rows, idx, n, dry_run, cases_file)) != 0)
                                break;
                        n = 0;
                        bytes = 0;
                }
                if (row) {
                        rows[n] = row;
                        idx[n++] = i;
                        bytes += sz;
                }
                if (n == 0 && pool.n > 4096)
                        pool_fini(&pool);
        }
        pool_fini(&pool);
        return rv;
}

// Validates m (and, for a real run, writes it). Returns 0 or an exit code.
static int import_file(struct cli *cli, struct mapped *m, const struct import_opts *o,
                       const struct history_index *hi, const struct mapped *cases_file)
{
        struct report rep;
        size_t rows = m->csv.nrecords - 1;
        int rv;

        memset(&rep, 0, sizeof(rep));
        rep.kind = m->kind;
        rep.path = m->path;
        rep.bad = calloc(m->csv.nrecords + 1, 1);
        if (rep.bad == NULL)
                return EXIT_FAILURE_;
        printf("%s: %zu rows (%s-separated)\n", m->path, rows,
               m->csv.delimiter == ';'    ? "semicolon"
               : m->csv.delimiter == '\t' ? "tab"
                                          : "comma");
        local_checks(m, &rep);
        if ((m->sorted_ext = calloc(m->csv.nrecords + 1, sizeof(char *))) == NULL) {
                rv = EXIT_FAILURE_;
                goto out;
        }
        for (size_t i = 1; i < m->csv.nrecords; i++)
                m->sorted_ext[i - 1] = m->ext[i] ? m->ext[i] : (char *)"";
        qsort(m->sorted_ext, m->csv.nrecords - 1, sizeof(char *), by_string);
        rv = run_pass(cli, m, &rep, 1, hi, cases_file);
        print_problems(&rep);
        if (rv != 0)
                goto out;
        if (o->dry_run || (rep.invalid_lines && !o->skip_invalid)) {
                printf("%s: %d to create, %d already imported, %d invalid (dry run: nothing "
                       "written)\n",
                       m->path, rep.would_create, rep.existing, rep.invalid_lines);
                if (rep.invalid_lines && !o->dry_run)
                        fprintf(stderr, "reinstate: nothing imported: fix the lines above, or "
                                        "leave them out with --skip-invalid\n");
                rv = rep.invalid_lines ? EXIT_INVALID : 0;
                goto out;
        }
        rep.existing = 0;
        rep.would_create = 0;
        rv = run_pass(cli, m, &rep, 0, hi, cases_file);
        print_problems(&rep);
        if (rv != 0)
                goto out;
        printf("%s: %d created, %d already imported, %d invalid skipped\n", m->path, rep.created,
               rep.existing, rep.invalid_lines);
out:
        print_problems(&rep);
        free(rep.bad);
        return rv;
}

static int is_dir(const char *path)
{
        struct stat st;

        return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int import_run(struct cli *cli, struct args *a)
{
        struct import_opts o;
        struct mapped cases = {0}, attempts = {0}, history = {0};
        struct history_index hi = {0};
        const char *history_path = args_str(a, "history"), *src = args_str(a, "FILE");
        const char *delim = args_str(a, "delimiter"), *maps = args_str(a, "map");
        char path[4096];
        int attempts_only = args_has(a, "attempts"), rv = 0, have_cases = 0, have_attempts = 0,
            have_history = 0;

        memset(&o, 0, sizeof(o));
        o.dry_run = args_has(a, "dry-run");
        o.skip_invalid = args_has(a, "skip-invalid");
        if (delim) {
                if (strcmp(delim, "\\t") == 0 || strcmp(delim, "tab") == 0)
                        o.delimiter = '\t';
                else if (strlen(delim) == 1)
                        o.delimiter = delim[0];
                else
                        return args_error(a, "--delimiter: '%s' is not one character (or tab)",
                                          delim);
        }
        // --map values, one a line (OPT_MULTI), each COLUMN=FIELD.
        for (char *m = maps ? opt_arena_strdup(&a->arena, maps) : NULL; m && *m;) {
                size_t n = strcspn(m, "\n");
                const char *eq = memchr(m, '=', n);
                int last = m[n] == '\0';
                m[n] = '\0';
                if (eq == NULL || eq == m || o.n_maps == CLI_COUNT(o.maps))
                        return args_error(a, "--map: '%s' is not COLUMN=FIELD", m);
                o.maps[o.n_maps++] = m;
                m += n + !last;
        }
        // A batch is hundreds of rows: give each call a minute at least.
        if (cli->timeout_ms < 60000)
                cli->timeout_ms = 60000;
        if (is_dir(src)) {
                // An export: cases (with their history), then attempts.
                snprintf(path, sizeof(path), "%s/cases.csv", src);
                if ((rv = map_file(&cases, path, KIND_CASES, &o)) != 0)
                        goto out;
                have_cases = 1;
                snprintf(path, sizeof(path), "%s/stage_history.csv", src);
                if (access(path, R_OK) == 0) {
                        if ((rv = map_file(&history, path, KIND_HISTORY, &o)) != 0)
                                goto out;
                        have_history = 1;
                }
                snprintf(path, sizeof(path), "%s/attempts.csv", src);
                if (access(path, R_OK) == 0) {
                        if ((rv = map_file(&attempts, path, KIND_ATTEMPTS, &o)) != 0)
                                goto out;
                        have_attempts = 1;
                }
        } else if (attempts_only) {
                if ((rv = map_file(&attempts, src, KIND_ATTEMPTS, &o)) != 0)
                        goto out;
                have_attempts = 1;
        } else {
                if ((rv = map_file(&cases, src, KIND_CASES, &o)) != 0)
                        goto out;
                have_cases = 1;
                if (history_path) {
                        if ((rv = map_file(&history, history_path, KIND_HISTORY, &o)) != 0)
                                goto out;
                        have_history = 1;
                }
        }
        history_index_build(&hi, have_history ? &history : NULL);
        if (have_cases && (rv = import_file(cli, &cases, &o, &hi, NULL)) != 0)
                goto out;
        if (have_attempts)
                rv = import_file(cli, &attempts, &o, NULL, have_cases ? &cases : NULL);
out:
        free(hi.order);
        mapped_fini(&cases);
        mapped_fini(&attempts);
        mapped_fini(&history);
        return rv;
}

static const struct opt import_opts[] = {
    {.name = "FILE",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .complete = COMP_FILE,
     .help = "a CSV file of clients and cases (or of attempts with --attempts), or a directory "
             "written by 'reinstate export'"},
    {.name = "attempts", .type = OPT_FLAG, .help = "FILE holds attempts, not clients and cases"},
    {.name = "history",
     .type = OPT_STRING,
     .meta = "FILE.csv",
     .complete = COMP_FILE,
     .help = "the cases' stage history (stage_history.csv of an export)"},
    {.name = "dry-run",
     .type = OPT_FLAG,
     .help = "check every line and say what would be created; write nothing"},
    {.name = "skip-invalid",
     .type = OPT_FLAG,
     .help = "import the valid lines and leave out the invalid ones (default: none when any is "
             "invalid)"},
    {.name = "delimiter",
     .type = OPT_STRING,
     .meta = "C",
     .help = "the field separator: one character, or tab (default: guessed from the header)"},
    {.name = "map",
     .type = OPT_STRING,
     .flags = OPT_MULTI,
     .meta = "COLUMN=FIELD",
     .help = "read the header COLUMN as FIELD (repeatable)"},
    OPT_END,
};

static const struct cli_verb import_verbs[] = {
    {"", import_run, "import clients and cases, or attempts, from CSV (--dry-run first)",
     import_opts, NULL, NULL,
     "Imports clients and cases (or, with --attempts, attempts) from CSV, or a directory written "
     "by 'reinstate export' (cases with their stage history, then attempts). Every line is "
     "checked first; nothing is written while any line is invalid unless --skip-invalid. Lines "
     "already imported (by their external id) are skipped, so an import can be run again. See "
     "docs/cli.md for the columns."},
};

CLI_NOUN(noun_import, "import", "import clients and cases, or attempts, from CSV (--dry-run first)",
         import_verbs);
