// The command table and its parser (client/opts.c, client/run.c): every
// row of every verb fills a field its request has; command lines parse into
// the values and request fields they should, or fail with the one wording;
// every verb's --help shows every row.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "reinstate/v1/attempts.pb-c.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/playbook.pb-c.h"

// Runs f with stderr captured into out.
static void capture_stderr(char *out, size_t len, void (*f)(void *), void *arg)
{
        FILE *tmp = tmpfile();
        int saved = dup(2);
        size_t n;

        fflush(stderr);
        dup2(fileno(tmp), 2);
        f(arg);
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        rewind(tmp);
        n = fread(out, 1, len - 1, tmp);
        out[n] = '\0';
        fclose(tmp);
}

struct parse_run {
        const char *noun, *verb;
        const char *argv[16];
        struct args a;
        int rv;
};

static void do_parse(void *arg)
{
        struct parse_run *r = arg;
        const struct cli_noun *n = cli_find_noun(r->noun);
        const struct cli_verb *v = n ? cli_find_verb(n, r->verb) : NULL;
        int argc = 0;

        memset(&r->a, 0, sizeof(r->a));
        r->rv = -1;
        if (v == NULL)
                return;
        while (r->argv[argc])
                argc++;
        r->a.noun = n;
        r->a.verb = v;
        r->a.p.who = "t";
        r->a.p.verb.opts = v->opts;
        r->a.p.global.opts = cli_global_opts;
        r->rv = opt_parse_argv(&r->a.p, &r->a.arena, argc, (char **)r->argv);
        if (r->rv == 0 && v->input) {
                r->a.req = opt_arena_alloc(&r->a.arena, v->input->sizeof_message);
                protobuf_c_message_init(v->input, r->a.req);
                if (opt_fill(&r->a.p.verb, r->a.req, v->mask, &r->a.arena) != 0)
                        r->rv = -2;
        }
}

// One command line: what it must give (rv 0 with a value to check) or the
// error it must print.
struct parse_case {
        const char *noun, *verb;
        const char *argv[16];
        int rv;            // 0 or 2
        const char *err;   // expected stderr (exactly), for rv 2
        const char *row;   // a row whose value is checked
        const char *value; // its value as it will be sent
};

static const struct parse_case parse_cases[] = {
    {"case",
     "open",
     {"--declined-on", "2026-02-30", NULL},
     2,
     "reinstate: t: --declined-on: 2026-02-30 is not a date (YYYY-MM-DD)\n"},
    {"case",
     "open",
     {"--client", "7", "--company", "A", "--role", "R", NULL},
     2,
     "reinstate: t: --manager NAME is required\n"},
    {"case",
     "open",
     {"--client", "7", "--company=Acme", "--role", "R", "--manager", "M", "--declined-on",
      "2025-03-01", NULL},
     0,
     NULL,
     "declined-on",
     "2025-03-01"},
    {"case",
     "open",
     {"--client", "x", NULL},
     2,
     "reinstate: t: --client: x is not an id (a positive whole number)\n"},
    {"case",
     "open",
     {"--client", "-3", NULL},
     2,
     "reinstate: t: --client: -3 is not an id (a positive whole number)\n"},
    {"case", "open", {"--client", NULL}, 2, "reinstate: t: --client needs a value (ID)\n"},
    {"case",
     "open",
     {"--salary", "12k", NULL},
     2,
     "reinstate: t: --salary: 12k is not a whole number\n"},
    {"case", "show", {NULL}, 2, "reinstate: t: ID is required\n"},
    {"case", "show", {"4", "5", NULL}, 2, "reinstate: t: unexpected argument '5'\n"},
    {"case", "show", {"4", "--nope", NULL}, 2, "reinstate: t: unknown option '--nope'\n"},
    {"case", "show", {"4", "--nope=1", NULL}, 2, "reinstate: t: unknown option '--nope'\n"},
    {"case",
     "show",
     {"--", "-4", NULL},
     2,
     "reinstate: t: ID: -4 is not an id (a positive whole number)\n"},
    {"case", "show", {"42", NULL}, 0, NULL, "ID", "42"},
    {"case",
     "move",
     {"4", "nowhere", NULL},
     2,
     "reinstate: t: STAGE: nowhere is not one of: verify_opening, contact_manager, "
     "awaiting_response, in_discussion, reinterview, negotiating, reinstated, lost\n"},
    {"case", "move", {"4", "reinterview", "--why", "--json", NULL}, 0, NULL, "why", "--json"},
    {"case", "list", {"--closed", NULL}, 0, NULL, "closed", "closed"},
    {"case", "list", {"--closed=yes", NULL}, 2, "reinstate: t: --closed takes no value\n"},
    {"case",
     "list",
     {"--page-size", "0", NULL},
     2,
     "reinstate: t: --page-size: 0 is out of range (1-2147483647)\n"},
    {"case",
     "reopen",
     {"4", "--stage", "lost", NULL},
     2,
     "reinstate: t: --stage: lost is not one of: verify_opening, contact_manager\n"},
    {"case", "close", {"4", "--lost", "other", NULL}, 0, NULL, "lost", "other"},
    {"attempt",
     "log",
     {"4", "--channel", "pigeon", "--contact-role", "hr", "--contact", "H", "--outcome",
      "no_answer", NULL},
     2,
     "reinstate: t: --channel: pigeon is not one of: phone, email, video, in_person, letter, "
     "linkedin, other\n"},
    {"attempt",
     "log",
     {"4", "--at", "yesterday-ish", NULL},
     2,
     "reinstate: t: --at: unknown date 'yesterday-ish' (try today, tomorrow, yesterday, +3d, "
     "-2w, friday, next mon, 2026-12-01, 15:30)\n"},
    {"task",
     "add",
     {"4", "x", "--due", "2025-02-29", NULL},
     2,
     "reinstate: t: --due: 2025-02-29 is not a date (YYYY-MM-DD)\n"},
    {"task", "add", {"4", "x", "--due", "2025-03-01", NULL}, 0, NULL, "due", "2025-03-01"},
    {"attempt",
     "log",
     {"4", "--at", "2025-03-10T10:00:00Z", "--channel", "phone", "--contact-role", "hr",
      "--contact", "H", "--outcome", "no_answer", NULL},
     0,
     NULL,
     "at",
     "2025-03-10T10:00:00Z"},
    {"attempt",
     "log",
     {"4", "--at", "2025-02-29T10:00:00Z", "--channel", "phone", "--contact-role", "hr",
      "--contact", "H", "--outcome", "no_answer", NULL},
     2,
     NULL},
    {"settings", "set", {"stale_after_days", "ten", NULL}, 0, NULL, "VALUE", "ten"},
    {"task", "add", {"4", "x", NULL}, 2, "reinstate: t: --due DATE is required\n"},
    // Global options are taken anywhere; their values are checked the same way.
    {"case",
     "show",
     {"4", "--timeout", "0", NULL},
     2,
     "reinstate: t: --timeout: 0 is out of range (1-300000)\n"},
    {"case", "show", {"--server", "tcp://h:1", "4", NULL}, 0, NULL, "server", "tcp://h:1"},
    {"case", "show", {"4", "--json", NULL}, 0, NULL, "json", "1"},
};

static void test_parse_cases(void)
{
        for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
                const struct parse_case *c = &parse_cases[i];
                struct parse_run r;
                char err[1024];

                memset(&r, 0, sizeof(r));
                r.noun = c->noun;
                r.verb = c->verb;
                memcpy(r.argv, c->argv, sizeof(r.argv));
                capture_stderr(err, sizeof(err), do_parse, &r);
                CHECK(r.rv == c->rv, "case %zu (%s %s): rv %d, want %d; stderr: %s", i, c->noun,
                      c->verb, r.rv, c->rv, err);
                if (c->err)
                        CHECK(strcmp(err, c->err) == 0, "case %zu: stderr '%s', want '%s'", i, err,
                              c->err);
                if (c->rv == 2)
                        CHECK(strncmp(err, "reinstate: t: ", 14) == 0 &&
                                  strchr(err, '\n') == err + strlen(err) - 1,
                              "case %zu: one line prefixed by the verb: '%s'", i, err);
                if (c->row) {
                        const char *v = args_str(&r.a, c->row);
                        CHECK(v && strcmp(v, c->value) == 0, "case %zu: %s = '%s', want '%s'", i,
                              c->row, v ? v : "(null)", c->value);
                }
                opt_arena_fini(&r.a.arena);
        }
}

// The rows fill the request: ids as numbers, dates normalised, sub-messages
// allocated, flags as booleans, the update mask from the details given.
static void test_fill(void)
{
        struct parse_run r = {"case",
                              "edit",
                              {"9", "--company", "Acme", "--declined-on", "2025-03-01", "--salary",
                               "90000", "--etag", "e1", NULL}};
        Reinstate__V1__UpdateCaseRequest *u;
        char err[512];

        capture_stderr(err, sizeof(err), do_parse, &r);
        CHECK(r.rv == 0, "edit parses: %s", err);
        u = (void *)r.a.req;
        CHECK(u && u->case_ && u->case_->id == 9, "case.id filled");
        CHECK(u && u->case_ && strcmp(u->case_->company, "Acme") == 0, "case.company filled");
        CHECK(u && u->case_ && u->case_->salary == 90000, "case.salary filled");
        CHECK(u && u->case_ && strcmp(u->case_->etag, "e1") == 0, "case.etag filled");
        CHECK(u && u->n_update_mask == 3, "mask of 3 fields, got %zu", u ? u->n_update_mask : 0);
        CHECK(u && u->n_update_mask == 3 && strcmp(u->update_mask[0], "company") == 0 &&
                  strcmp(u->update_mask[1], "salary") == 0 &&
                  strcmp(u->update_mask[2], "declined_on") == 0,
              "mask names the proto fields in table order");
        opt_arena_fini(&r.a.arena);

        struct parse_run l = {"attempt",
                              "log",
                              {"5", "--channel", "phone", "--contact-role", "hiring_manager",
                               "--contact", "Dana", "--outcome", "no_answer",
                               "--conveyed-commitment", NULL}};
        Reinstate__V1__LogAttemptRequest *la;
        capture_stderr(err, sizeof(err), do_parse, &l);
        CHECK(l.rv == 0, "log parses: %s", err);
        la = (void *)l.a.req;
        CHECK(la && la->attempt && la->attempt->case_id == 5 && la->attempt->conveyed_commitment &&
                  !la->attempt->accepted_responsibility &&
                  strcmp(la->attempt->contact_name, "Dana") == 0,
              "attempt filled");
        opt_arena_fini(&l.a.arena);

        struct parse_run t = {"today", "", {"--days", "3", NULL}};
        Reinstate__V1__TodayRequest *tr;
        capture_stderr(err, sizeof(err), do_parse, &t);
        tr = (void *)t.a.req;
        CHECK(t.rv == 0 && tr && tr->horizon_days == 3, "today --days fills horizon_days");
        opt_arena_fini(&t.a.arena);
}

// Every verb of every noun: its rows fill fields its request has, names are
// unique, and its --help shows every visible row with its placeholder.
static void test_table(void)
{
        size_t verbs = 0;

        CHECK(opt_table_check(cli_global_opts, NULL) == NULL, "global rows");
        for (size_t i = 0; i < cli_n_nouns; i++) {
                const struct cli_noun *n = cli_nouns[i];
                CHECK(cli_find_noun(n->name) == n, "noun %s listed once", n->name);
                for (size_t k = 0; k < n->n_verbs; k++) {
                        const struct cli_verb *v = &n->verbs[k];
                        const char *why = opt_table_check(v->opts, v->input);
                        char *help = NULL;
                        size_t len = 0;
                        FILE *f = open_memstream(&help, &len);

                        verbs++;
                        CHECK(why == NULL, "%s %s: %s", n->name, v->name, why ? why : "");
                        CHECK(cli_find_verb(n, v->name) == v, "%s %s listed once", n->name,
                              v->name);
                        CHECK(v->summary && v->summary[0], "%s %s has a summary", n->name, v->name);
                        for (const struct opt *o = v->opts; o && o->name; o++) {
                                CHECK(opt_index(cli_global_opts, o->name) < 0 ||
                                          (o->flags & OPT_LOCAL),
                                      "%s %s: --%s shadows a global option", n->name, v->name,
                                      o->name);
                                CHECK(o->help && o->help[0], "%s %s: %s has a help line", n->name,
                                      v->name, o->name);
                        }
                        cli_help_verb(f, n, v);
                        fclose(f);
                        CHECK(strstr(help, "usage: reinstate ") == help, "%s %s: usage first",
                              n->name, v->name);
                        for (const struct opt *o = v->opts; o && o->name; o++) {
                                char want[96];
                                if (o->flags & OPT_HIDDEN)
                                        continue;
                                if (o->flags & OPT_POSITIONAL)
                                        snprintf(want, sizeof(want), "\n  %s", o->name);
                                else if (o->type == OPT_FLAG)
                                        snprintf(want, sizeof(want), "--%s", o->name);
                                else
                                        snprintf(want, sizeof(want), "--%s %s", o->name,
                                                 opt_meta(o));
                                const char *at = strstr(help, want);
                                while (at && at[strlen(want)] != ' ' && at[strlen(want)] != '\n')
                                        at = strstr(at + 1, want);
                                CHECK(at != NULL, "%s %s --help lacks '%s'", n->name, v->name,
                                      want);
                                CHECK(strstr(help, o->help) != NULL || strlen(o->help) > 40,
                                      "%s %s --help lacks the help of %s", n->name, v->name,
                                      o->name);
                        }
                        free(help);
                }
        }
        CHECK(verbs >= 40, "every verb walked (%zu)", verbs);
}

int main(void)
{
        test_parse_cases();
        test_fill();
        test_table();
        return check_done("test_cli_args");
}
