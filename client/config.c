// The client's config file: key=value lines under the XDG config directory,
// written with mode 0600 because it holds session tokens.
//
// Several servers live in one file as contexts (kubectl's): the lines
// before any section are the context "default" (the file as it always
// was); "[context NAME]" starts another, each with its own server, CA file
// and session token. "current-context=NAME" at the top picks the one used
// when neither --context nor REINSTATE_CONTEXT does.
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>

#include "cli.h"
#include "buf.h"
#include "envelope.h"
#include "banned.h"

#define CONFIG_MAX_CONTEXTS 32

struct context {
        char name[64];
        char server[512];
        char ca_file[1024];
        char token[128];
};

struct config {
        char current[64];   // current-context, "" = default
        char time_zone[64]; // the coach's zone for typed dates (read into TZ)
        struct context ctx[CONFIG_MAX_CONTEXTS];
        size_t n; // ctx[0] is always "default"
};

// The context the running command uses: picked by cli_config_load.
static char active[64] = "default";

void cli_config_path(char *out, size_t len)
{
        const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

        if (xdg && xdg[0] == '/')
                snprintf(out, len, "%s/reinstate/config", xdg);
        else
                snprintf(out, len, "%s/.config/reinstate/config", home ? home : ".");
}

static struct context *find(struct config *c, const char *name)
{
        for (size_t i = 0; i < c->n; i++)
                if (strcmp(c->ctx[i].name, name) == 0)
                        return &c->ctx[i];
        return NULL;
}

static struct context *add(struct config *c, const char *name)
{
        struct context *x = find(c, name);

        size_t len = strlen(name);

        // A name too long to keep whole is no context (its lines are skipped).
        if (x || c->n == CONFIG_MAX_CONTEXTS || len >= sizeof(x->name))
                return x;
        x = &c->ctx[c->n++];
        memset(x, 0, sizeof(*x));
        memcpy(x->name, name, len + 1);
        return x;
}

static void read_config(struct config *c)
{
        char path[1024], line[1400];
        struct context *x;
        FILE *f;

        memset(c, 0, sizeof(*c));
        x = add(c, "default");
        cli_config_path(path, sizeof(path));
        if ((f = fopen(path, "r")) == NULL)
                return;
        while (fgets(line, sizeof(line), f)) {
                char *eq, *val;
                line[strcspn(line, "\r\n")] = '\0';
                if (strncmp(line, "[context ", 9) == 0 && line[strlen(line) - 1] == ']') {
                        line[strlen(line) - 1] = '\0';
                        x = add(c, line + 9);
                        continue;
                }
                if (line[0] == '#' || (eq = strchr(line, '=')) == NULL || x == NULL)
                        continue;
                *eq = '\0';
                val = eq + 1;
                if (strcmp(line, "server") == 0)
                        snprintf(x->server, sizeof(x->server), "%s", val);
                else if (strcmp(line, "token") == 0)
                        snprintf(x->token, sizeof(x->token), "%s", val);
                else if (strcmp(line, "ca_file") == 0)
                        snprintf(x->ca_file, sizeof(x->ca_file), "%s", val);
                else if (strcmp(line, "time_zone") == 0 && x == &c->ctx[0]) {
                        snprintf(c->time_zone, sizeof(c->time_zone), "%s", val);
                        if (val[0] && getenv("TZ") == NULL)
                                setenv("TZ", val, 1); // typed dates and times are read in it
                } else if (strcmp(line, "current-context") == 0 && x == &c->ctx[0])
                        snprintf(c->current, sizeof(c->current), "%s", val);
        }
        fclose(f);
}

static int mkdir_p(char *path)
{
        for (char *p = path + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(path, 0700) != 0 && errno != EEXIST) {
                        *p = '/';
                        return -1;
                }
                *p = '/';
        }
        return 0;
}

static int put_context(struct buf *b, const struct context *x)
{
        return (x->server[0] && buf_printf(b, "server=%s\n", x->server) != 0) ||
                       (x->token[0] && buf_printf(b, "token=%s\n", x->token) != 0) ||
                       (x->ca_file[0] && buf_printf(b, "ca_file=%s\n", x->ca_file) != 0)
                   ? -1
                   : 0;
}

// Writes c atomically (a temporary file renamed over the old one), 0600.
static int write_config(const struct config *c)
{
        char path[1024], tmp[1100];
        struct buf b = BUF_INIT(256 * 1024);
        int fd = -1, rv = -1;
        FILE *f;

        cli_config_path(path, sizeof(path));
        if (mkdir_p(path) != 0)
                return -1;
        if (buf_adds(&b, "# reinstate client settings; holds your session tokens\n") != 0 ||
            (c->current[0] && strcmp(c->current, "default") != 0 &&
             buf_printf(&b, "current-context=%s\n", c->current) != 0) ||
            (c->time_zone[0] && buf_printf(&b, "time_zone=%s\n", c->time_zone) != 0) ||
            put_context(&b, &c->ctx[0]) != 0)
                goto out;
        for (size_t i = 1; i < c->n; i++)
                if (buf_printf(&b, "\n[context %s]\n", c->ctx[i].name) != 0 ||
                    put_context(&b, &c->ctx[i]) != 0)
                        goto out;
        snprintf(tmp, sizeof(tmp), "%s.tmp", path);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || fchmod(fd, 0600) != 0)
                goto out;
        f = fdopen(fd, "w");
        if (f == NULL)
                goto out;
        fd = -1;
        if (fwrite(b.ptr, 1, b.len, f) != b.len) {
                fclose(f);
                goto out;
        }
        if (fclose(f) != 0 || rename(tmp, path) != 0)
                goto out;
        rv = 0;
out:
        if (fd >= 0)
                close(fd);
        buf_fini(&b);
        return rv;
}

int cli_config_load(struct cli *cli, const char *context)
{
        struct config c;
        struct context *x;

        read_config(&c);
        if (context == NULL || context[0] == '\0')
                context = c.current[0] ? c.current : "default";
        if ((x = find(&c, context)) == NULL)
                return -1;
        snprintf(active, sizeof(active), "%s", x->name);
        if (x->server[0])
                snprintf(cli->server, sizeof(cli->server), "%s", x->server);
        snprintf(cli->token, sizeof(cli->token), "%s", x->token);
        snprintf(cli->ca_file, sizeof(cli->ca_file), "%s", x->ca_file);
        return 0;
}

const char *cli_config_context(void)
{
        return active;
}

int cli_config_save(const char *server, const char *token, const char *ca_file)
{
        struct config c;
        struct context *x;

        read_config(&c);
        if ((x = add(&c, active)) == NULL)
                return -1;
        snprintf(x->server, sizeof(x->server), "%s", server ? server : "");
        snprintf(x->token, sizeof(x->token), "%s", token ? token : "");
        snprintf(x->ca_file, sizeof(x->ca_file), "%s", ca_file ? ca_file : "");
        return write_config(&c);
}

// ---- reinstate config ----

static int valid_name(const char *s)
{
        if (s[0] == '\0' || strlen(s) > 63)
                return 0;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
                        return 0;
        return 1;
}

static int add_context(struct cli *cli, struct args *a)
{
        const char *name = args_str(a, "NAME");
        struct config c;
        struct context *x;

        if (!valid_name(name))
                return args_error(a, "NAME: '%s' is not a context name (letters, digits, - _ .)",
                                  name);
        read_config(&c);
        if ((x = find(&c, name)) == NULL && (x = add(&c, name)) == NULL)
                return args_error(a, "at most %d contexts", CONFIG_MAX_CONTEXTS);
        snprintf(x->server, sizeof(x->server), "%s", args_str(a, "server"));
        if (args_has(a, "ca-file"))
                snprintf(x->ca_file, sizeof(x->ca_file), "%s", args_str(a, "ca-file"));
        if (write_config(&c) != 0) {
                fprintf(stderr, "reinstate: cannot write the config file\n");
                return EXIT_FAILURE_;
        }
        if (cli_text(cli))
                printf("context %s: %s%s\n", name, x->server,
                       x->token[0] ? " (session kept)" : "; log in with: reinstate login");
        return 0;
}

static int use_context(struct cli *cli, struct args *a)
{
        const char *name = args_str(a, "NAME");
        struct config c;

        read_config(&c);
        if (find(&c, name) == NULL)
                return args_error(a, "no context '%s' (see 'reinstate config get-contexts')", name);
        snprintf(c.current, sizeof(c.current), "%s", name);
        if (write_config(&c) != 0) {
                fprintf(stderr, "reinstate: cannot write the config file\n");
                return EXIT_FAILURE_;
        }
        printf("using context %s\n", name);
        return 0;
}

static int delete_context(struct cli *cli, struct args *a)
{
        const char *name = args_str(a, "NAME");
        struct config c;
        struct context *x;

        read_config(&c);
        if ((x = find(&c, name)) == NULL)
                return args_error(a, "no context '%s'", name);
        if (x == &c.ctx[0])
                return args_error(a, "the default context cannot be deleted");
        memmove(x, x + 1, (size_t)(&c.ctx[c.n] - (x + 1)) * sizeof(*x));
        c.n--;
        if (strcmp(c.current, name) == 0)
                c.current[0] = '\0';
        if (write_config(&c) != 0) {
                fprintf(stderr, "reinstate: cannot write the config file\n");
                return EXIT_FAILURE_;
        }
        printf("context %s deleted (its session was not ended on the server)\n", name);
        return 0;
}

static int get_contexts(struct cli *cli, struct args *a)
{
        const char *current;
        struct config c;
        struct table *t;

        read_config(&c);
        current = c.current[0] ? c.current : "default";
        if (cli->json) {
                // The same facts as JSON: never the tokens.
                json_t *j = json_object(), *list = json_array();
                for (size_t i = 0; i < c.n; i++) {
                        json_t *x = json_object();
                        json_object_set_new(x, "name", json_string(c.ctx[i].name));
                        json_object_set_new(x, "server", json_string(c.ctx[i].server));
                        json_object_set_new(x, "ca_file", json_string(c.ctx[i].ca_file));
                        json_object_set_new(x, "logged_in", json_boolean(c.ctx[i].token[0]));
                        json_array_append_new(list, x);
                }
                json_object_set_new(j, "current_context", json_string(current));
                json_object_set_new(j, "contexts", list);
                json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                fputs("\n", stdout);
                json_decref(j);
                return 0;
        }
        t = table_new(5, "CURRENT", "NAME", "SERVER", "SESSION", "CA FILE");
        for (size_t i = 0; i < c.n; i++) {
                const struct context *x = &c.ctx[i];
                table_row(t, strcmp(x->name, current) == 0 ? "*" : "", x->name,
                          x->server[0] ? x->server : RS_DEFAULT_URL " (default)",
                          x->token[0] ? "logged in" : "-", x->ca_file);
        }
        table_print(t, stdout);
        return 0;
}

void cli_config_contexts(const char *prefix)
{
        struct config c;

        read_config(&c);
        for (size_t i = 0; i < c.n; i++)
                if (strncmp(c.ctx[i].name, prefix, strlen(prefix)) == 0)
                        printf("%s\t%s\n", c.ctx[i].name,
                               c.ctx[i].server[0] ? c.ctx[i].server : RS_DEFAULT_URL);
}

// ---- reinstate config set/get/unset/view: the client's own settings ----

// Whether zone names a zone of the system's tz database: a relative path
// without "..", naming a TZif file under $TZDIR (default
// /usr/share/zoneinfo). "UTC" always does.
static int tz_known(const char *zone, char *why, size_t len)
{
        const char *dir = getenv("TZDIR");
        char path[1200], magic[4];
        FILE *f;
        int ok;

        if (strcmp(zone, "UTC") == 0)
                return 1;
        if (zone[0] == '\0' || zone[0] == '/' || strstr(zone, "..") || strlen(zone) > 63 ||
            strpbrk(zone, " \t\n\r=")) {
                snprintf(why, len, "'%s' is not a time zone name (like Europe/Paris)", zone);
                return 0;
        }
        snprintf(path, sizeof(path), "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", zone);
        f = fopen(path, "rb");
        ok = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
        if (f)
                fclose(f);
        if (!ok)
                snprintf(why, len,
                         "'%s' is not in the system's time zone database (like Europe/Paris, "
                         "America/Los_Angeles, UTC)",
                         zone);
        return ok;
}

// The settings `config set` knows: name as typed, its slot, its check.
static const struct setting {
        const char *name; // as typed
        const char *key;  // in the file and in JSON
        size_t offset;    // in struct config, a char array of size len
        size_t len;
        int (*check)(const char *value, char *why, size_t len);
} settings[] = {
    {"time-zone", "time_zone", offsetof(struct config, time_zone),
     sizeof(((struct config *)0)->time_zone), tz_known},
};

static const char *const setting_names[] = {"time-zone", NULL};

static const struct setting *find_setting(const char *name)
{
        for (size_t i = 0; i < CLI_COUNT(settings); i++)
                if (strcmp(settings[i].name, name) == 0)
                        return &settings[i];
        return NULL;
}

static int config_set(struct cli *cli, struct args *a)
{
        const struct setting *s = find_setting(args_str(a, "KEY"));
        const char *value = args_str(a, "VALUE");
        char why[256];
        struct config c;

        if (!s->check(value, why, sizeof(why)))
                return args_error(a, "VALUE: %s", why);
        read_config(&c);
        snprintf((char *)&c + s->offset, s->len, "%s", value);
        if (write_config(&c) != 0) {
                fprintf(stderr, "reinstate: cannot write the config file\n");
                return EXIT_FAILURE_;
        }
        if (cli_text(cli))
                printf("%s = %s\n", s->name, value);
        return 0;
}

static int config_unset(struct cli *cli, struct args *a)
{
        const struct setting *s = find_setting(args_str(a, "KEY"));
        struct config c;

        read_config(&c);
        ((char *)&c + s->offset)[0] = '\0';
        if (write_config(&c) != 0) {
                fprintf(stderr, "reinstate: cannot write the config file\n");
                return EXIT_FAILURE_;
        }
        if (cli_text(cli))
                printf("%s unset\n", s->name);
        return 0;
}

static int config_get(struct cli *cli, struct args *a)
{
        const struct setting *s = find_setting(args_str(a, "KEY"));
        struct config c;
        const char *v;

        read_config(&c);
        v = (const char *)&c + s->offset;
        if (cli->json) {
                json_t *j = json_object();
                json_object_set_new(j, s->key, json_string(v));
                json_dumpf(j, stdout, JSON_INDENT(2));
                fputs("\n", stdout);
                json_decref(j);
        } else if (v[0]) {
                printf("%s\n", v);
        }
        return v[0] || cli->json ? 0 : EXIT_NOT_FOUND;
}

static int config_view(struct cli *cli, struct args *a)
{
        struct config c;
        json_t *j, *list;
        const char *current;

        read_config(&c);
        current = c.current[0] ? c.current : "default";
        if (!cli->json) {
                printf("config file: ");
                {
                        char path[1024];
                        cli_config_path(path, sizeof(path));
                        printf("%s\n", path);
                }
                for (size_t i = 0; i < CLI_COUNT(settings); i++) {
                        const char *v = (const char *)&c + settings[i].offset;
                        printf("%s: %s\n", settings[i].name, v[0] ? v : "(not set)");
                }
                printf("current context: %s\n", current);
                for (size_t i = 0; i < c.n; i++)
                        printf("context %s: %s, %s%s%s\n", c.ctx[i].name,
                               c.ctx[i].server[0] ? c.ctx[i].server : RS_DEFAULT_URL " (default)",
                               c.ctx[i].token[0] ? "logged in" : "not logged in",
                               c.ctx[i].ca_file[0] ? ", CA file " : "", c.ctx[i].ca_file);
                return 0;
        }
        // The same facts as JSON: never the tokens.
        j = json_object();
        list = json_array();
        for (size_t i = 0; i < CLI_COUNT(settings); i++)
                json_object_set_new(j, settings[i].key,
                                    json_string((const char *)&c + settings[i].offset));
        json_object_set_new(j, "current_context", json_string(current));
        for (size_t i = 0; i < c.n; i++) {
                json_t *x = json_object();
                json_object_set_new(x, "name", json_string(c.ctx[i].name));
                json_object_set_new(x, "server", json_string(c.ctx[i].server));
                json_object_set_new(x, "ca_file", json_string(c.ctx[i].ca_file));
                json_object_set_new(x, "logged_in", json_boolean(c.ctx[i].token[0]));
                json_array_append_new(list, x);
        }
        json_object_set_new(j, "contexts", list);
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputs("\n", stdout);
        json_decref(j);
        return 0;
}

static const struct opt set_opts[] = {
    {.name = "KEY",
     .type = OPT_ENUM,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .values = setting_names,
     .help = "the setting: time-zone (the zone typed dates and times are read in)"},
    {.name = "VALUE",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .help = "its value: for time-zone an IANA name of the system's tz database (Europe/Paris)"},
    OPT_END,
};

static const struct opt key_opts[] = {
    {.name = "KEY",
     .type = OPT_ENUM,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .values = setting_names,
     .help = "the setting: time-zone"},
    OPT_END,
};

static const struct opt add_opts[] = {
    {.name = "NAME",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .help = "a name for the server: staging, agency-b..."},
    {.name = "server",
     .type = OPT_STRING,
     .flags = OPT_REQUIRED | OPT_LOCAL,
     .meta = "URL",
     .help = "the server: tcp://host:port or tls+tcp://host:port"},
    {.name = "ca-file",
     .type = OPT_STRING,
     .flags = OPT_LOCAL,
     .meta = "FILE",
     .complete = COMP_FILE,
     .help = "PEM CA bundle to verify a tls+tcp:// server"},
    OPT_END,
};

static const struct opt name_opts[] = {
    {.name = "NAME",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .help = "the context",
     .complete = COMP_CONTEXT},
    OPT_END,
};

static const struct cli_verb config_verbs[] = {
    {"add-context", add_context, "add a server (or change one's address), with its own session",
     add_opts, NULL, NULL,
     "Then 'reinstate --context NAME login' starts a session there. A context keeps its "
     "session token when its address changes."},
    {"use-context", use_context, "make a context the one commands use", name_opts},
    {"get-contexts", get_contexts, "list the contexts: server, whether logged in, the current",
     NULL, NULL, NULL, NULL, CLI_LIST},
    {"delete-context", delete_context, "forget a context and its session token", name_opts},
    {"set", config_set, "set a client setting: time-zone ZONE", set_opts, NULL, NULL,
     "Sets one of the client's own settings in the config file. time-zone is the zone dates "
     "and times typed as words (--due friday, --at \"yesterday 15:30\") are read in unless TZ "
     "is set; it must name a zone of the system's tz database. (The zone the server counts "
     "your days in is 'reinstate coach edit ID --time-zone ZONE'.)"},
    {"get", config_get, "print a client setting (exit 4 when not set)", key_opts},
    {"unset", config_unset, "remove a client setting (back to the default)", key_opts},
    {"view", config_view, "show the config file: settings and contexts (never tokens)"},
};

CLI_NOUN(noun_config, "config", "the client's settings (time zone) and servers (contexts)",
         config_verbs);
