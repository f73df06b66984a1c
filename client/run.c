// From argv to a verb's run function, and every help text, all driven by
// the command table (commands.c, the cmd_*.c verb tables, opts.h rows):
// find the noun and the verb, parse with the verb's rows and the global
// rows, fill the verb's request, apply the global options, run.
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "banned.h"

// ---- Accessors for run functions ----

static int row(const struct args *a, const char *name, const struct opt_values **vals)
{
        int i = opt_index(a->p.verb.opts, name);

        *vals = &a->p.verb;
        if (i < 0) {
                *vals = &a->p.global;
                i = opt_index(a->p.global.opts, name);
        }
        return i;
}

const char *args_str(const struct args *a, const char *name)
{
        const struct opt_values *vals;
        int i = row(a, name, &vals);

        return i < 0 ? NULL : vals->v[i];
}

int args_has(const struct args *a, const char *name)
{
        return args_str(a, name) != NULL;
}

long long args_num(const struct args *a, const char *name)
{
        const struct opt_values *vals;
        int i = row(a, name, &vals);

        return i < 0 || vals->v[i] == NULL ? 0 : vals->n[i];
}

int args_error(const struct args *a, const char *fmt, ...)
{
        va_list ap;

        fprintf(stderr, "reinstate: %s: ", a->p.who);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        return EXIT_USAGE;
}

// ---- Lookup ----

const struct cli_noun *cli_find_noun(const char *name)
{
        for (size_t i = 0; i < cli_n_nouns; i++)
                if (strcmp(cli_nouns[i]->name, name) == 0)
                        return cli_nouns[i];
        return NULL;
}

const struct cli_verb *cli_find_verb(const struct cli_noun *noun, const char *name)
{
        for (size_t i = 0; i < noun->n_verbs; i++)
                if (strcmp(noun->verbs[i].name, name) == 0)
                        return &noun->verbs[i];
        return NULL;
}

// A noun that is a command by itself (`today`): one verb named "".
static const struct cli_verb *sole_verb(const struct cli_noun *n)
{
        return n->n_verbs == 1 && n->verbs[0].name[0] == '\0' ? &n->verbs[0] : NULL;
}

// ---- Help ----

#define HELP_WIDTH 80
#define HELP_COL   28

// Prints text wrapped at HELP_WIDTH; continuation lines start at indent.
// A newline in text starts a new line.
static void wrap(FILE *f, const char *text, size_t col, size_t indent)
{
        const char *p = text;
        int first = 1;

        while (*p) {
                size_t n;
                if (*p == '\n') {
                        fprintf(f, "\n%*s", (int)indent, "");
                        col = indent;
                        first = 1;
                        p++;
                        continue;
                }
                if (*p == ' ') {
                        p++;
                        continue;
                }
                n = strcspn(p, " \n");
                if (!first && col + 1 + n > HELP_WIDTH) {
                        fprintf(f, "\n%*s", (int)indent, "");
                        col = indent;
                } else if (!first) {
                        fputc(' ', f);
                        col++;
                }
                fwrite(p, 1, n, f);
                col += n;
                p += n;
                first = 0;
        }
}

static void add(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(char *out, size_t len, const char *fmt, ...)
{
        size_t used = strlen(out);
        va_list ap;

        if (used >= len)
                return;
        va_start(ap, fmt);
        vsnprintf(out + used, len - used, fmt, ap);
        va_end(ap);
}

// One row as usage shows it: "--client ID", "[--closed]", "ID", "[TEXT]".
static void usage_row(char *out, size_t len, const struct opt *o)
{
        int req = (o->flags & OPT_REQUIRED) != 0;

        if (o->flags & OPT_POSITIONAL)
                add(out, len, req ? " %s%s" : " [%s%s]", o->name, o->flags & OPT_REST ? "..." : "");
        else if (o->type == OPT_FLAG)
                add(out, len, req ? " --%s" : " [--%s]", o->name);
        else
                add(out, len, req ? " --%s %s%s" : " [--%s %s]%s", o->name, opt_meta(o),
                    o->flags & OPT_MULTI ? "..." : "");
}

void cli_usage_line(char *out, size_t len, const struct cli_noun *n, const struct cli_verb *v,
                    int all)
{
        int optional = 0;

        out[0] = '\0';
        add(out, len, "reinstate %s%s%s", n->name, v->name[0] ? " " : "", v->name);
        for (const struct opt *o = v->opts; o && o->name; o++) {
                if (o->flags & OPT_HIDDEN)
                        continue;
                if ((o->flags & OPT_POSITIONAL) || (o->flags & OPT_REQUIRED) || all)
                        usage_row(out, len, o);
                else
                        optional = 1;
        }
        if (optional)
                add(out, len, " [options]");
}

// The help line of a row, with what it accepts.
static void row_help(FILE *f, const struct opt *o)
{
        char head[96] = "", text[1024] = "";
        const char *const *vals = o->type == OPT_ENUM ? opt_enum_values(o) : NULL;

        if (o->flags & OPT_POSITIONAL)
                add(head, sizeof(head), "  %s", o->name);
        else if (o->type == OPT_FLAG)
                add(head, sizeof(head), "  %s%c%s--%s", o->short_name ? "-" : "",
                    o->short_name ? o->short_name : ' ', o->short_name ? ", " : "", o->name);
        else
                add(head, sizeof(head), "  %s%c%s--%s %s", o->short_name ? "-" : "",
                    o->short_name ? o->short_name : ' ', o->short_name ? ", " : "", o->name,
                    opt_meta(o));
        // "   --x" when there is no short name: drop the placeholder space.
        if (!(o->flags & OPT_POSITIONAL) && !o->short_name)
                memmove(head + 2, head + 3, strlen(head + 3) + 1);
        add(text, sizeof(text), "%s", o->help ? o->help : "");
        if (o->flags & OPT_REQUIRED && !(o->flags & OPT_POSITIONAL))
                add(text, sizeof(text), " (required)");
        if (o->type == OPT_DATE)
                add(text, sizeof(text), " (YYYY-MM-DD)");
        if (o->type == OPT_INT && o->min < o->max)
                add(text, sizeof(text), " (%lld-%lld)", o->min, o->max);
        for (size_t i = 0; vals && vals[i]; i++)
                add(text, sizeof(text), "%s%s", i ? ", " : "; one of: ", vals[i]);
        fputs(head, f);
        if (strlen(head) + 2 > HELP_COL) {
                fprintf(f, "\n%*s", HELP_COL, "");
        } else {
                fprintf(f, "%*s", (int)(HELP_COL - strlen(head)), "");
        }
        wrap(f, text, HELP_COL, HELP_COL);
        fputc('\n', f);
}

static void global_line(FILE *f)
{
        size_t col;

        fputs("global options:", f);
        col = strlen("global options:");
        for (const struct opt *o = cli_global_opts; o->name; o++) {
                char w[64];
                if (o->flags & OPT_HIDDEN)
                        continue;
                snprintf(w, sizeof(w), " --%s%s%s", o->name, o->type == OPT_FLAG ? "" : " ",
                         o->type == OPT_FLAG ? "" : opt_meta(o));
                if (col + strlen(w) >= HELP_WIDTH) {
                        fputs("\n ", f);
                        col = 1;
                }
                fputs(w, f);
                col += strlen(w);
        }
        fputs("\n(see 'reinstate --help')\n", f);
}

void cli_help_verb(FILE *f, const struct cli_noun *n, const struct cli_verb *v)
{
        char line[2048];
        int args = 0, opts = 0;

        cli_usage_line(line, sizeof(line), n, v, 1);
        if (strlen(line) > 100)
                cli_usage_line(line, sizeof(line), n, v, 0);
        fprintf(f, "usage: %s\n\n", line);
        wrap(f, v->summary, 0, 0);
        fputc('\n', f);
        if (v->help) {
                fputc('\n', f);
                wrap(f, v->help, 0, 0);
                fputc('\n', f);
        }
        for (const struct opt *o = v->opts; o && o->name; o++) {
                if (o->flags & OPT_HIDDEN)
                        continue;
                if (o->flags & OPT_POSITIONAL)
                        args++;
                else
                        opts++;
        }
        if (args) {
                fputs("\narguments:\n", f);
                for (const struct opt *o = v->opts; o->name; o++)
                        if ((o->flags & OPT_POSITIONAL) && !(o->flags & OPT_HIDDEN))
                                row_help(f, o);
        }
        if (opts) {
                fputs("\noptions:\n", f);
                for (const struct opt *o = v->opts; o->name; o++)
                        if (!(o->flags & OPT_POSITIONAL) && !(o->flags & OPT_HIDDEN))
                                row_help(f, o);
        }
        fputc('\n', f);
        global_line(f);
}

void cli_help_noun(FILE *f, const struct cli_noun *n)
{
        const struct cli_verb *sole = sole_verb(n);

        if (sole) {
                cli_help_verb(f, n, sole);
                return;
        }
        fprintf(f, "usage: reinstate %s <verb> [args]\n\n", n->name);
        wrap(f, n->summary, 0, 0);
        fputs("\n\nverbs:\n", f);
        for (size_t i = 0; i < n->n_verbs; i++) {
                const struct cli_verb *v = &n->verbs[i];
                if (v->flags & CLI_HIDDEN)
                        continue;
                fprintf(f, "  %-16s", v->name);
                if (strlen(v->name) > 15)
                        fprintf(f, "\n  %-16s", "");
                wrap(f, v->summary, 18, 18);
                fputc('\n', f);
        }
        fprintf(f, "\nRun 'reinstate %s <verb> --help' for a verb's arguments and options.\n",
                n->name);
}

void cli_help_top(FILE *f)
{
        fputs("usage: reinstate [global options] <command> [<verb>] [args]\n\ncommands:\n", f);
        for (size_t i = 0; i < cli_n_nouns; i++) {
                const struct cli_noun *n = cli_nouns[i];
                if (n->flags & CLI_HIDDEN)
                        continue;
                fprintf(f, "  %-11s", n->name);
                wrap(f, n->summary, 13, 13);
                fputc('\n', f);
        }
        fputs("\nglobal options (anywhere before --):\n", f);
        for (const struct opt *o = cli_global_opts; o->name; o++)
                if (!(o->flags & OPT_HIDDEN))
                        row_help(f, o);
        fputs("\nRun 'reinstate <command> --help' for its verbs, 'reinstate <command> <verb> "
              "--help'\nfor a verb's arguments and options.\n"
              "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid request, 4 not found,\n"
              "5 not logged in or not allowed, 6 conflict, 7 unavailable (try again),\n"
              "8 not implemented by the server.\n",
              f);
}

// ---- Dispatch ----

// The index of the first word at or after from that is not an option (nor a
// global option's value); argc when there is none.
static int first_word(int argc, char **argv, int from)
{
        for (int i = from; i < argc; i++) {
                const char *w = argv[i];
                const struct opt *o;
                if (strcmp(w, "--") == 0)
                        return argc;
                if (w[0] != '-' || w[1] == '\0')
                        return i;
                if (w[1] == '-' && strchr(w, '='))
                        continue;
                for (o = cli_global_opts; o->name; o++)
                        if (w[1] == '-' ? strcmp(w + 2, o->name) == 0
                                        : (o->short_name && w[1] == o->short_name && !w[2]))
                                break;
                if (o->name && o->type != OPT_FLAG)
                        i++;
        }
        return argc;
}

static void take_env(struct cli *cli)
{
        const char *v;

        if ((v = getenv("REINSTATE_SERVER")) && v[0])
                snprintf(cli->server, sizeof(cli->server), "%s", v);
        if ((v = getenv("REINSTATE_TOKEN")) && v[0])
                snprintf(cli->token, sizeof(cli->token), "%s", v);
        if ((v = getenv("REINSTATE_CA_FILE")) && v[0])
                snprintf(cli->ca_file, sizeof(cli->ca_file), "%s", v);
}

// Loads the settings the flags do not give: the config file's context
// (--context, else REINSTATE_CONTEXT, else the file's current one), then
// the environment. Returns 0, or -1 for a context the file does not have.
static int load_settings(struct cli *cli, const char *context)
{
        const char *env = getenv("REINSTATE_CONTEXT");

        if (context == NULL && env && env[0])
                context = env;
        if (cli_config_load(cli, context) != 0)
                return -1;
        take_env(cli);
        return 0;
}

// Applies the global options given to cli.
static void apply_globals(struct cli *cli, const struct args *a)
{
        const char *v;

        if ((v = args_str(a, "server")))
                snprintf(cli->server, sizeof(cli->server), "%s", v);
        if ((v = args_str(a, "ca-file")))
                snprintf(cli->ca_file, sizeof(cli->ca_file), "%s", v);
        if (args_has(a, "timeout"))
                cli->timeout_ms = (uint32_t)args_num(a, "timeout");
        if ((v = args_str(a, "output")))
                for (int i = 0; cli_output_names[i]; i++)
                        if (strcmp(v, cli_output_names[i]) == 0)
                                cli->output = (enum cli_output)i;
        if (args_has(a, "json"))
                cli->output = CLI_OUTPUT_JSON;
        cli->json = cli->output == CLI_OUTPUT_JSON;
}

int cli_text(const struct cli *cli)
{
        return cli->output != CLI_OUTPUT_CSV;
}

// The terminal's width: $COLUMNS, else the terminal's when stdout is one,
// else 0 (no limit).
static int term_width(void)
{
        const char *c = getenv("COLUMNS");
        struct winsize ws;

        if (c && atoi(c) > 0)
                return atoi(c);
        if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
                return ws.ws_col;
        return 0;
}

// Colour only on a terminal, never with NO_COLOR (https://no-color.org),
// --no-color or TERM=dumb, and not in machine formats.
static int use_color(const struct cli *cli, const struct args *a)
{
        const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

        return isatty(STDOUT_FILENO) && !(nc && nc[0]) && !args_has(a, "no-color") &&
               !(term && strcmp(term, "dumb") == 0) &&
               (cli->output == CLI_OUTPUT_TABLE || cli->output == CLI_OUTPUT_WIDE);
}

// A pager between the verb and the terminal (git's pager.c): started for
// verbs with long output when stdout is a terminal.
struct pager {
        FILE *pipe;
        int saved_stdout;
};

static void pager_start(struct pager *pg, const struct args *a)
{
        const char *cmd = getenv("REINSTATE_PAGER");

        pg->pipe = NULL;
        pg->saved_stdout = -1;
        if (!(a->verb->flags & (CLI_LIST | CLI_PAGED)) || !isatty(STDOUT_FILENO) ||
            args_has(a, "no-pager"))
                return;
        if (cmd == NULL)
                cmd = getenv("PAGER");
        if (cmd == NULL)
                cmd = "less -FRX";
        if (cmd[0] == '\0' || strcmp(cmd, "cat") == 0)
                return;
        // less without -F would page even one line: as git, unless LESS says.
        setenv("LESS", "FRX", 0);
        fflush(stdout);
        if ((pg->pipe = popen(cmd, "w")) == NULL)
                return;
        pg->saved_stdout = dup(STDOUT_FILENO);
        dup2(fileno(pg->pipe), STDOUT_FILENO);
        // Quitting the pager early is not an error of the verb.
        signal(SIGPIPE, SIG_IGN);
}

static void pager_finish(struct pager *pg)
{
        if (pg->pipe == NULL)
                return;
        fflush(stdout);
        dup2(pg->saved_stdout, STDOUT_FILENO);
        close(pg->saved_stdout);
        pclose(pg->pipe);
        pg->pipe = NULL;
}

// Parses rest (argv without program, noun and verb words) for verb v of
// noun n (either may be NULL for the program itself) and runs it.
static int run_verb(struct cli *cli, const struct cli_noun *n, const struct cli_verb *v, int argc,
                    char **argv)
{
        struct pager pg = {NULL, -1};
        struct args a;
        char who[128];
        int rv;

        memset(&a, 0, sizeof(a));
        a.noun = n;
        a.verb = v;
        snprintf(who, sizeof(who), "%s%s%s", n ? n->name : "", v && v->name[0] ? " " : "",
                 v ? v->name : "");
        a.p.who = who;
        a.p.verb.opts = v ? v->opts : NULL;
        a.p.global.opts = cli_global_opts;
        if (v && (v->flags & CLI_RAW)) {
                load_settings(cli, NULL);
                a.p.rest_argc = argc;
                a.p.rest_argv = argv;
                rv = v->run(cli, &a);
                goto out;
        }
        // Typed dates and times are read in the config file's zone (it sets
        // TZ), so the file is read before the words; --context is applied
        // after them, below.
        (void)load_settings(cli, NULL);
        if ((rv = opt_parse_argv(&a.p, &a.arena, argc, argv)) != 0)
                goto out;
        if (a.p.help || args_has(&a, "version")) {
                if (args_has(&a, "version") && !a.p.help)
                        printf("reinstate %s\n", REINSTATE_VERSION);
                else if (v)
                        cli_help_verb(stdout, n, v);
                else if (n)
                        cli_help_noun(stdout, n);
                else
                        cli_help_top(stdout);
                rv = 0;
                goto out;
        }
        if (v == NULL) {
                if (n)
                        cli_help_noun(stderr, n);
                else
                        cli_help_top(stderr);
                rv = EXIT_USAGE;
                goto out;
        }
        if (load_settings(cli, args_str(&a, "context")) != 0) {
                rv = args_error(&a, "no context '%s' (see 'reinstate config get-contexts')",
                                args_str(&a, "context") ? args_str(&a, "context")
                                                        : getenv("REINSTATE_CONTEXT"));
                goto out;
        }
        apply_globals(cli, &a);
        if (cli->output == CLI_OUTPUT_CSV && !(v->flags & CLI_LIST)) {
                rv = args_error(&a, "-o csv is for lists; this prints one record (use -o json)");
                goto out;
        }
        table_configure(cli->output, use_color(cli, &a), term_width());
        if (v->input) {
                a.req = opt_arena_alloc(&a.arena, v->input->sizeof_message);
                protobuf_c_message_init(v->input, a.req);
                if (opt_fill(&a.p.verb, a.req, v->mask, &a.arena) != 0) {
                        fprintf(stderr, "reinstate: %s: the command table does not match %s\n", who,
                                v->input->name);
                        rv = EXIT_FAILURE_;
                        goto out;
                }
        }
        cli->args = &a;
        pager_start(&pg, &a);
        rv = v->run(cli, &a);
        pager_finish(&pg);
        cli->args = NULL;
out:
        opt_arena_fini(&a.arena);
        return rv;
}

int cli_main(struct cli *cli, int argc, char **argv);

// `reinstate help [noun [verb]]`.
static int help_word(struct cli *cli, int argc, char **argv, int from)
{
        int i = first_word(argc, argv, from);
        const struct cli_noun *n;
        const struct cli_verb *v;

        if (i >= argc) {
                cli_help_top(stdout);
                return 0;
        }
        if ((n = cli_find_noun(argv[i])) == NULL) {
                fprintf(stderr, "reinstate: help: unknown command '%s'\n", argv[i]);
                return EXIT_USAGE;
        }
        if (sole_verb(n) && (sole_verb(n)->flags & CLI_RAW)) {
                // It prints its own help.
                char *words[] = {argv[0], (char *)n->name, (char *)"--help", NULL};
                return cli_main(cli, 3, words);
        }
        i = first_word(argc, argv, i + 1);
        if (i >= argc || sole_verb(n)) {
                cli_help_noun(stdout, n);
                return 0;
        }
        if ((v = cli_find_verb(n, argv[i])) == NULL) {
                fprintf(stderr, "reinstate: help: unknown verb '%s %s'\n", n->name, argv[i]);
                return EXIT_USAGE;
        }
        cli_help_verb(stdout, n, v);
        return 0;
}

int cli_main(struct cli *cli, int argc, char **argv)
{
        const struct cli_noun *n = NULL;
        const struct cli_verb *v = NULL;
        int ni, vi = -1, rv;
        char **rest;
        int nrest = 0;

        ni = first_word(argc, argv, 1);
        if (ni < argc && strcmp(argv[ni], "help") == 0)
                return help_word(cli, argc, argv, ni + 1);
        if (ni < argc) {
                if ((n = cli_find_noun(argv[ni])) == NULL) {
                        fprintf(stderr,
                                "reinstate: unknown command '%s' (see 'reinstate --help')\n",
                                argv[ni]);
                        return EXIT_USAGE;
                }
                if ((v = sole_verb(n)) == NULL) {
                        vi = first_word(argc, argv, ni + 1);
                        if (vi < argc && (v = cli_find_verb(n, argv[vi])) == NULL) {
                                fprintf(stderr,
                                        "reinstate: unknown verb '%s %s' (see 'reinstate %s "
                                        "--help')\n",
                                        n->name, argv[vi], n->name);
                                return EXIT_USAGE;
                        }
                }
        }
        rest = calloc((size_t)argc + 1, sizeof(*rest));
        if (rest == NULL)
                return EXIT_FAILURE_;
        for (int i = 1; i < argc; i++)
                if (i != ni && i != vi)
                        rest[nrest++] = argv[i];
        rv = run_verb(cli, n, v, nrest, rest);
        free(rest);
        return rv;
}
