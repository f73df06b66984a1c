// The generic command-line parser: applies a verb's table of rows (opts.h)
// to argv, checks every value by its type with one wording, and fills the
// verb's request message through the protobuf-c descriptors, so no verb
// keeps an option loop of its own.
#include "opts.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "playbook.h"
#include "when.h"
#include "banned.h"

void *opt_arena_alloc(struct opt_arena *a, size_t size)
{
        void *p = calloc(1, size ? size : 1);

        if (p == NULL)
                abort();
        if (a->n == a->cap) {
                a->cap = a->cap ? a->cap * 2 : 16;
                a->blocks = realloc(a->blocks, a->cap * sizeof(*a->blocks));
                if (a->blocks == NULL)
                        abort();
        }
        a->blocks[a->n++] = p;
        return p;
}

char *opt_arena_strdup(struct opt_arena *a, const char *s)
{
        size_t n = strlen(s);
        char *p = opt_arena_alloc(a, n + 1);

        memcpy(p, s, n);
        return p;
}

void opt_arena_fini(struct opt_arena *a)
{
        for (size_t i = 0; i < a->n; i++)
                free(a->blocks[i]);
        free(a->blocks);
        memset(a, 0, sizeof(*a));
}

// ---- Vocabularies: the playbook engine owns the names. ----

#define VOCAB_MAX 16
static const char *vocab_tab[CLI_VOCAB_COUNT][VOCAB_MAX + 1];

static const char *vocab_name(enum cli_vocab v, int i)
{
        switch (v) {
        case CLI_VOCAB_STAGE:
                return playbook_stage_name((enum playbook_stage)i);
        case CLI_VOCAB_OUTCOME:
                return playbook_outcome_name((enum playbook_outcome)i);
        case CLI_VOCAB_LOSS_REASON:
                return playbook_loss_reason_name((enum playbook_loss_reason)i);
        case CLI_VOCAB_OPENING:
                return playbook_opening_name((enum playbook_opening)i);
        case CLI_VOCAB_CHANNEL:
                return playbook_channel_name((enum playbook_channel)i);
        case CLI_VOCAB_CONTACT_ROLE:
                return playbook_contact_role_name((enum playbook_contact_role)i);
        default:
                return NULL;
        }
}

const char *const *cli_vocab_values(enum cli_vocab v)
{
        if (v <= CLI_VOCAB_NONE || v >= CLI_VOCAB_COUNT)
                return NULL;
        if (vocab_tab[v][0] == NULL)
                for (int i = 0; i < VOCAB_MAX; i++)
                        if ((vocab_tab[v][i] = vocab_name(v, i)) == NULL)
                                break;
        return vocab_tab[v];
}

const char *const *opt_enum_values(const struct opt *o)
{
        return o->vocab != CLI_VOCAB_NONE ? cli_vocab_values(o->vocab) : o->values;
}

const char *opt_meta(const struct opt *o)
{
        if (o->meta)
                return o->meta;
        switch (o->type) {
        case OPT_INT:
                return "N";
        case OPT_ID:
                return "ID";
        case OPT_DATE:
                return "DATE";
        case OPT_TIME:
                return "WHEN";
        case OPT_ENUM:
                switch (o->vocab) {
                case CLI_VOCAB_STAGE:
                        return "STAGE";
                case CLI_VOCAB_OUTCOME:
                        return "OUTCOME";
                case CLI_VOCAB_LOSS_REASON:
                        return "REASON";
                case CLI_VOCAB_OPENING:
                        return "STATUS";
                case CLI_VOCAB_CHANNEL:
                        return "CHANNEL";
                case CLI_VOCAB_CONTACT_ROLE:
                        return "ROLE";
                default:
                        return "VALUE";
                }
        case OPT_FLAG:
                return "";
        default:
                return "TEXT";
        }
}

int opt_index(const struct opt *opts, const char *name)
{
        for (int i = 0; opts && opts[i].name; i++)
                if (strcmp(opts[i].name, name) == 0)
                        return i;
        return -1;
}

// ---- Values ----

static int parse_ll(const char *s, long long *out)
{
        char *end;

        errno = 0;
        *out = strtoll(s, &end, 10);
        return s[0] != '\0' && *end == '\0' && errno == 0 ? 0 : -1;
}

// The zone dates are read in: TZ, else the system's.
static const char *zone(void)
{
        return getenv("TZ");
}

// Whether s has the shape YYYY-MM-DD (a date typed as the server takes it).
static int iso_shaped(const char *s)
{
        return strlen(s) == 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-';
}

// Whether s is an RFC 3339 time with a real date:
// YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM).
static int is_rfc3339(const char *s)
{
        static const char shape[] = "dddd-dd-ddTdd:dd:dd";
        char day[11];
        pb_day d;
        size_t i;

        for (i = 0; shape[i]; i++)
                if (shape[i] == 'd' ? !isdigit((unsigned char)s[i])
                                    : s[i] != shape[i] && !(i == 10 && s[i] == 't'))
                        return 0;
        memcpy(day, s, 10);
        day[10] = '\0';
        if (!playbook_date_parse(day, &d))
                return 0;
        if (s[i] == '.')
                for (i++; isdigit((unsigned char)s[i]); i++)
                        ;
        if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0')
                return 1;
        return (s[i] == '+' || s[i] == '-') && isdigit((unsigned char)s[i + 1]) &&
               isdigit((unsigned char)s[i + 2]) && s[i + 3] == ':' &&
               isdigit((unsigned char)s[i + 4]) && isdigit((unsigned char)s[i + 5]) &&
               s[i + 6] == '\0';
}

// Whether s is YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (no
// offset, a real date): a moment the server reads in the coach's time zone.
static int coach_local(const char *s)
{
        static const char shape[] = "dddd-dd-ddTdd:dd:dd";
        size_t n = strlen(s);
        char day[11];
        pb_day d;

        if (n != 10 && n != 16 && n != 19)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (shape[i] == 'd'   ? !isdigit((unsigned char)s[i])
                    : shape[i] == 'T' ? (s[i] != 'T' && s[i] != ' ')
                                      : s[i] != shape[i])
                        return 0;
        memcpy(day, s, 10);
        day[10] = '\0';
        return playbook_date_parse(day, &d);
}

// Says on stderr what a typed date became, when it was not typed as that
// date: "reinstate: --due tomorrow: 2026-11-30 (Monday)".
static void say_date(const struct opt *o, const char *typed, const struct when *w)
{
        static const char *const days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                           "Thursday", "Friday", "Saturday"};
        pb_day d;

        if (strcmp(typed, w->date) == 0 || !playbook_date_parse(w->date, &d))
                return;
        fprintf(stderr, "reinstate: %s%s %s: %s (%s)\n", o->flags & OPT_POSITIONAL ? "" : "--",
                o->name, typed, w->date, days[playbook_weekday(d) % 7]);
}

int opt_check_value(const struct opt *o, const char *s, struct opt_arena *a, const char **out,
                    long long *num, char *err, size_t errlen)
{
        *out = s;
        *num = 0;
        switch (o->type) {
        case OPT_STRING:
        case OPT_FLAG:
                return 0;
        case OPT_INT:
                if (parse_ll(s, num) != 0) {
                        snprintf(err, errlen, "%s is not a whole number", s);
                        return -1;
                }
                if (o->min < o->max && (*num < o->min || *num > o->max)) {
                        snprintf(err, errlen, "%s is out of range (%lld-%lld)", s, o->min, o->max);
                        return -1;
                }
                return 0;
        case OPT_ID:
                if (parse_ll(s, num) != 0 || *num <= 0) {
                        snprintf(err, errlen, "%s is not an id (a positive whole number)", s);
                        return -1;
                }
                return 0;
        case OPT_DATE: {
                struct when w;
                char why[256];
                if (when_parse(s, (int64_t)time(NULL), zone(), &w, why, sizeof(why)) != 0 ||
                    w.has_time) {
                        if (iso_shaped(s))
                                snprintf(err, errlen, "%s is not a date (YYYY-MM-DD)", s);
                        else if (w.has_time)
                                snprintf(err, errlen, "%s is a time of day; a date is wanted", s);
                        else
                                snprintf(err, errlen, "%s", why);
                        return -1;
                }
                *out = opt_arena_strdup(a, w.date);
                say_date(o, s, &w);
                return 0;
        }
        case OPT_TIME: {
                struct when w;
                char why[256], noon[64];
                if (is_rfc3339(s) || coach_local(s))
                        return 0; // sent as typed; the server reads it in the coach's zone
                if (iso_shaped(s) && !playbook_date_parse(s, &(pb_day){0})) {
                        snprintf(err, errlen, "%s is not a date (YYYY-MM-DD)", s);
                        return -1;
                }
                if (when_parse(s, (int64_t)time(NULL), zone(), &w, why, sizeof(why)) != 0) {
                        snprintf(err, errlen, "%s", why);
                        return -1;
                }
                if (!w.has_time) { // a date alone: noon that day
                        snprintf(noon, sizeof(noon), "%s 12:00", w.date);
                        if (when_parse(noon, (int64_t)time(NULL), zone(), &w, why, sizeof(why)) !=
                            0) {
                                snprintf(err, errlen, "%s", why);
                                return -1;
                        }
                }
                *out = opt_arena_strdup(a, w.rfc3339);
                if (strcmp(s, w.date) != 0)
                        fprintf(stderr, "reinstate: --%s %s: %s\n", o->name, s, w.rfc3339);
                return 0;
        }
        case OPT_ENUM: {
                const char *const *v = opt_enum_values(o);
                size_t len = 0;
                for (size_t i = 0; v && v[i]; i++)
                        if (strcmp(v[i], s) == 0)
                                return 0;
                len = (size_t)snprintf(err, errlen, "%s is not one of: ", s);
                for (size_t i = 0; v && v[i] && len < errlen; i++)
                        len +=
                            (size_t)snprintf(err + len, errlen - len, "%s%s", i ? ", " : "", v[i]);
                return -1;
        }
        }
        return 0;
}

// ---- Parsing ----

static int fail(const struct opt_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(const struct opt_parse *p, const char *fmt, ...)
{
        va_list ap;

        fputs("reinstate: ", stderr);
        if (p->who && p->who[0])
                fprintf(stderr, "%s: ", p->who);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        return 2;
}

// The label of a row in messages: "--declined-on" or "ID".
static void label(const struct opt *o, char *out, size_t len)
{
        if (o->flags & OPT_POSITIONAL)
                snprintf(out, len, "%s", o->name);
        else
                snprintf(out, len, "--%s", o->name);
}

static int take(const struct opt_parse *p, struct opt_values *vals, int i, const char *s,
                struct opt_arena *a)
{
        const struct opt *o = &vals->opts[i];
        const char *prev = (o->flags & OPT_MULTI) ? vals->v[i] : NULL;
        char err[512], lab[64];

        if (opt_check_value(o, s, a, &vals->v[i], &vals->n[i], err, sizeof(err)) != 0) {
                label(o, lab, sizeof(lab));
                return fail(p, "%s: %s", lab, err);
        }
        if (prev) {
                size_t n = strlen(prev) + strlen(vals->v[i]) + 2;
                char *j = opt_arena_alloc(a, n);
                snprintf(j, n, "%s\n%s", prev, vals->v[i]);
                vals->v[i] = j;
        }
        return 0;
}

// Finds an option row by long name (len bytes of name) or short letter.
static int find_opt(struct opt_values *vals, const char *name, size_t len, char letter)
{
        for (int i = 0; vals->opts && vals->opts[i].name; i++) {
                const struct opt *o = &vals->opts[i];
                if (o->flags & OPT_POSITIONAL)
                        continue;
                if (letter ? o->short_name == letter
                           : strlen(o->name) == len && strncmp(o->name, name, len) == 0)
                        return i;
        }
        return -1;
}

int opt_parse_argv(struct opt_parse *p, struct opt_arena *a, int argc, char **argv)
{
        int npos = 0, only_args = 0;

        for (int k = 0; k < argc; k++) {
                const char *w = argv[k];
                if (only_args || w[0] != '-' || w[1] == '\0') {
                        // A positional argument: the next positional row.
                        int seen = 0, i;
                        for (i = 0; p->verb.opts && p->verb.opts[i].name; i++) {
                                if (!(p->verb.opts[i].flags & OPT_POSITIONAL))
                                        continue;
                                if (seen++ == npos)
                                        break;
                        }
                        if (p->verb.opts == NULL || p->verb.opts[i].name == NULL)
                                return fail(p, "unexpected argument '%s'", w);
                        if (p->verb.opts[i].flags & OPT_REST) {
                                // Stays the next positional row: later words join it.
                                if (p->verb.v[i]) {
                                        size_t n = strlen(p->verb.v[i]) + strlen(w) + 2;
                                        char *j = opt_arena_alloc(a, n);
                                        snprintf(j, n, "%s %s", p->verb.v[i], w);
                                        w = j;
                                }
                        } else {
                                npos++;
                        }
                        if (take(p, &p->verb, i, w, a) != 0)
                                return 2;
                        continue;
                }
                if (strcmp(w, "--") == 0) {
                        only_args = 1;
                        continue;
                }
                if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0) {
                        p->help = 1;
                        return 0;
                }
                {
                        const char *name = w[1] == '-' ? w + 2 : w + 1;
                        const char *eq = w[1] == '-' ? strchr(name, '=') : NULL;
                        size_t len = eq ? (size_t)(eq - name) : strlen(name);
                        char letter = w[1] == '-' ? 0 : w[1];
                        struct opt_values *vals = &p->verb;
                        const struct opt *o;
                        const char *val = NULL;
                        int i;

                        if (letter && w[2] != '\0')
                                return fail(p, "unknown option '%s'", w);
                        if ((i = find_opt(vals, name, len, letter)) < 0) {
                                vals = &p->global;
                                i = find_opt(vals, name, len, letter);
                        }
                        if (i < 0)
                                return fail(p, "unknown option '%.*s'%s", (int)(len + (name - w)),
                                            w, "");
                        o = &vals->opts[i];
                        if (o->type == OPT_FLAG) {
                                if (eq)
                                        return fail(p, "--%s takes no value", o->name);
                                vals->v[i] = o->set ? o->set : "1";
                                vals->n[i] = 1;
                                continue;
                        }
                        if (eq)
                                val = eq + 1;
                        else if (k + 1 < argc)
                                val = argv[++k];
                        else
                                return fail(p, "%s%s needs a value (%s)", letter ? "-" : "--",
                                            letter ? (char[]){letter, 0} : o->name, opt_meta(o));
                        if (take(p, vals, i, val, a) != 0)
                                return 2;
                }
        }
        for (int i = 0; p->verb.opts && p->verb.opts[i].name; i++) {
                const struct opt *o = &p->verb.opts[i];
                if ((o->flags & OPT_REQUIRED) && p->verb.v[i] == NULL) {
                        if (o->flags & OPT_POSITIONAL)
                                return fail(p, "%s is required", o->name);
                        return fail(p, "--%s %s is required", o->name, opt_meta(o));
                }
        }
        return 0;
}

// ---- Filling the request ----

// Resolves a dotted path to the message holding the last field and its
// descriptor; allocates sub-messages on the way when msg is not NULL.
static const ProtobufCFieldDescriptor *resolve(const ProtobufCMessageDescriptor *desc,
                                               const char *path, ProtobufCMessage **msg,
                                               struct opt_arena *a)
{
        char part[64];
        const char *dot;

        while ((dot = strchr(path, '.')) != NULL) {
                const ProtobufCFieldDescriptor *f;
                size_t n = (size_t)(dot - path);
                if (n >= sizeof(part))
                        return NULL;
                memcpy(part, path, n);
                part[n] = '\0';
                f = protobuf_c_message_descriptor_get_field_by_name(desc, part);
                if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE ||
                    f->label == PROTOBUF_C_LABEL_REPEATED)
                        return NULL;
                desc = f->descriptor;
                if (msg) {
                        ProtobufCMessage **sub = (ProtobufCMessage **)((char *)*msg + f->offset);
                        if (*sub == NULL) {
                                *sub = opt_arena_alloc(a, desc->sizeof_message);
                                protobuf_c_message_init(desc, *sub);
                        }
                        *msg = *sub;
                }
                path = dot + 1;
        }
        return protobuf_c_message_descriptor_get_field_by_name(desc, path);
}

// Whether a row of this type can fill a field of that type.
static int compatible(const struct opt *o, const ProtobufCFieldDescriptor *f)
{
        if (f->label == PROTOBUF_C_LABEL_REPEATED)
                return 0;
        switch (f->type) {
        case PROTOBUF_C_TYPE_STRING:
                return o->type != OPT_INT && o->type != OPT_ID &&
                       (o->type != OPT_FLAG || o->set != NULL);
        case PROTOBUF_C_TYPE_BOOL:
                return o->type == OPT_FLAG && (o->set == NULL || strcmp(o->set, "false") == 0);
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_SINT32:
        case PROTOBUF_C_TYPE_SFIXED32:
        case PROTOBUF_C_TYPE_UINT32:
        case PROTOBUF_C_TYPE_FIXED32:
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
                return o->type == OPT_INT || o->type == OPT_ID;
        default:
                return 0;
        }
}

static void set_field(const ProtobufCFieldDescriptor *f, ProtobufCMessage *m, const char *v,
                      long long n)
{
        void *p = (char *)m + f->offset;

        switch (f->type) {
        case PROTOBUF_C_TYPE_STRING:
                *(const char **)p = v;
                break;
        case PROTOBUF_C_TYPE_BOOL:
                *(protobuf_c_boolean *)p = strcmp(v, "false") != 0;
                break;
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_SINT32:
        case PROTOBUF_C_TYPE_SFIXED32:
                *(int32_t *)p = (int32_t)n;
                break;
        case PROTOBUF_C_TYPE_UINT32:
        case PROTOBUF_C_TYPE_FIXED32:
                *(uint32_t *)p = (uint32_t)n;
                break;
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
                *(uint64_t *)p = (uint64_t)n;
                break;
        default:
                *(int64_t *)p = (int64_t)n;
                break;
        }
}

int opt_fill(const struct opt_values *vals, ProtobufCMessage *req, const char *mask_field,
             struct opt_arena *a)
{
        const ProtobufCFieldDescriptor *mf = NULL;
        char **mask = NULL;
        size_t nmask = 0;

        if (mask_field) {
                mf = protobuf_c_message_descriptor_get_field_by_name(req->descriptor, mask_field);
                if (mf == NULL || mf->type != PROTOBUF_C_TYPE_STRING ||
                    mf->label != PROTOBUF_C_LABEL_REPEATED)
                        return -1;
                mask = opt_arena_alloc(a, OPTS_MAX * sizeof(*mask));
        }
        for (int i = 0; vals->opts && vals->opts[i].name; i++) {
                const struct opt *o = &vals->opts[i];
                const ProtobufCFieldDescriptor *f;
                ProtobufCMessage *m = req;
                const char *leaf;

                if (o->field == NULL || vals->v[i] == NULL)
                        continue;
                if ((f = resolve(req->descriptor, o->field, &m, a)) == NULL || !compatible(o, f))
                        return -1;
                set_field(f, m, vals->v[i], vals->n[i]);
                if (mask && (o->flags & OPT_MASK)) {
                        leaf = strrchr(o->field, '.');
                        const char *name = leaf ? leaf + 1 : o->field;
                        int dup = 0;
                        for (size_t k = 0; k < nmask; k++)
                                dup |= strcmp(mask[k], name) == 0;
                        if (!dup)
                                mask[nmask++] = (char *)name;
                }
        }
        if (mf) {
                *(size_t *)((char *)req + mf->quantifier_offset) = nmask;
                *(char ***)((char *)req + mf->offset) = mask;
        }
        return 0;
}

const char *opt_table_check(const struct opt *opts, const ProtobufCMessageDescriptor *desc)
{
        static char why[256];

        for (int i = 0; opts && opts[i].name; i++) {
                const struct opt *o = &opts[i];
                const ProtobufCFieldDescriptor *f;
                if (i >= OPTS_MAX) {
                        snprintf(why, sizeof(why), "more than %d rows", OPTS_MAX);
                        return why;
                }
                if (o->type == OPT_ENUM && opt_enum_values(o) == NULL) {
                        snprintf(why, sizeof(why), "%s: an enum without values", o->name);
                        return why;
                }
                if (opt_index(opts, o->name) != i) {
                        snprintf(why, sizeof(why), "%s: declared twice", o->name);
                        return why;
                }
                if (o->field == NULL)
                        continue;
                if (desc == NULL) {
                        snprintf(why, sizeof(why), "%s: fills %s but the verb has no request",
                                 o->name, o->field);
                        return why;
                }
                f = resolve(desc, o->field, NULL, NULL);
                if (f == NULL || !compatible(o, f)) {
                        snprintf(why, sizeof(why), "%s: %s is not a field of %s it can fill",
                                 o->name, o->field, desc->name);
                        return why;
                }
        }
        return NULL;
}
