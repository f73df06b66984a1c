// Command-line helpers for the case-management nouns. List paging is
// descriptor-driven: every List request has page_size/page_token, every
// response one repeated message field and next_page_token.
#include "args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envelope.h"
#include "when.h"
#include "banned.h"

// At most this many pages are followed (500 rows each).
#define LIST_MAX_PAGES 200

void args_today(char out[11])
{
        time_t now = time(NULL);
        struct tm tm;

        localtime_r(&now, &tm);
        strftime(out, 11, "%Y-%m-%d", &tm);
}

static void rfc3339_local(struct tm *tm, char *out, size_t len)
{
        char base[32], zone[8];

        strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", tm);
        strftime(zone, sizeof(zone), "%z", tm); // +0100
        if (strlen(zone) == 5)
                snprintf(out, len, "%s%.3s:%.2s", base, zone, zone + 3);
        else
                snprintf(out, len, "%sZ", base);
}

// Whether s is already what the server takes: a full RFC 3339 timestamp.
static int is_rfc3339(const char *s)
{
        return strlen(s) >= 20 && s[4] == '-' && s[10] == 'T' && s[13] == ':' &&
               (strchr(s + 19, 'Z') || strchr(s + 19, '+') || strchr(s + 19, '-'));
}

// The time zone dates are read in: TZ, else the system's.
static const char *cli_zone(void)
{
        return getenv("TZ");
}

int args_when(const char *s, char *out, size_t len)
{
        time_t now = time(NULL);
        struct when w;
        char err[256];
        struct tm tm;

        if (s == NULL || s[0] == '\0') {
                localtime_r(&now, &tm);
                rfc3339_local(&tm, out, len);
                return 0;
        }
        if (is_rfc3339(s)) {
                snprintf(out, len, "%s", s); // the server checks it
                return 0;
        }
        if (when_parse(s, (int64_t)now, cli_zone(), &w, err, sizeof(err)) != 0)
                return cli_usage_error("--at: %s", err);
        if (!w.has_time) {
                // A date alone: noon that day.
                struct when noon;
                char t[64];
                snprintf(t, sizeof(t), "%s 12:00", w.date);
                if (when_parse(t, (int64_t)now, cli_zone(), &noon, err, sizeof(err)) != 0)
                        return cli_usage_error("--at: %s", err);
                w = noon;
        }
        snprintf(out, len, "%s", w.rfc3339);
        if (strcmp(s, w.date) != 0)
                fprintf(stderr, "reinstate: --at %s: %s\n", s, w.rfc3339);
        return 0;
}

int args_date(const char *flag, const char *s, char *out, size_t len)
{
        struct when w;
        char err[256];

        if (s == NULL || s[0] == '\0') {
                snprintf(out, len, "%s", s ? s : "");
                return 0;
        }
        if (when_parse(s, (int64_t)time(NULL), cli_zone(), &w, err, sizeof(err)) != 0)
                return cli_usage_error("%s: %s", flag, err);
        if (w.has_time)
                return cli_usage_error("%s takes a date, not a time of day ('%s')", flag, s);
        snprintf(out, len, "%s", w.date);
        // Shown back when it was not typed as the date itself.
        if (strcmp(s, w.date) != 0) {
                static const char *const days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};
                struct tm tm = {0};
                tm.tm_year = w.year - 1900;
                tm.tm_mon = w.month - 1;
                tm.tm_mday = w.day;
                tm.tm_hour = 12;
                tm.tm_isdst = -1;
                mktime(&tm);
                fprintf(stderr, "reinstate: %s %s: %s (%s)\n", flag, s, w.date,
                        days[tm.tm_wday % 7]);
        }
        return 0;
}

static const ProtobufCFieldDescriptor *field(const ProtobufCMessageDescriptor *d, const char *n)
{
        return protobuf_c_message_descriptor_get_field_by_name(d, n);
}

// The one repeated message field of a List response.
static const ProtobufCFieldDescriptor *items_field(const ProtobufCMessageDescriptor *d)
{
        for (unsigned i = 0; i < d->n_fields; i++)
                if (d->fields[i].label == PROTOBUF_C_LABEL_REPEATED &&
                    d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE)
                        return &d->fields[i];
        return NULL;
}

int args_list(struct cli *cli, const char *method, ProtobufCMessage *req,
              const ProtobufCMessageDescriptor *out_desc, const struct list_opts *o,
              struct list_result *res)
{
        const ProtobufCFieldDescriptor *fsize = field(req->descriptor, "page_size");
        const ProtobufCFieldDescriptor *ftoken = field(req->descriptor, "page_token");
        const ProtobufCFieldDescriptor *fitems = items_field(out_desc);
        const ProtobufCFieldDescriptor *fnext = field(out_desc, "next_page_token");
        int single = !o->all_pages &&
                     (o->one_page || o->page_size > 0 || (o->page_token && o->page_token[0]));
        size_t cap = LIST_MAX_PAGES;
        char *token = NULL;
        size_t total = 0;
        int rv = 0;

        memset(res, 0, sizeof(*res));
        if (!fsize || !ftoken || !fitems || !fnext)
                return EXIT_FAILURE_;
        *(int32_t *)((char *)req + fsize->offset) = o->page_size > 0 ? o->page_size
                                                    : o->one_page && !o->all_pages
                                                        ? 0
                                                        : RS_MAX_PAGE_SIZE;
        *(const char **)((char *)req + ftoken->offset) = o->page_token ? o->page_token : "";
        res->pages = calloc(LIST_MAX_PAGES, sizeof(*res->pages));
        if (res->pages == NULL)
                return EXIT_FAILURE_;
        for (;;) {
                ProtobufCMessage *page = NULL;
                const char *next;

                rv = cli_call(cli, method, req, out_desc, &page);
                if (rv != 0)
                        goto out;
                if (res->n_pages == cap) {
                        // --all-pages of small pages: as many as there are.
                        ProtobufCMessage **more = realloc(res->pages, 2 * cap * sizeof(*more));
                        if (more == NULL) {
                                protobuf_c_message_free_unpacked(page, NULL);
                                rv = EXIT_FAILURE_;
                                goto out;
                        }
                        res->pages = more;
                        cap *= 2;
                }
                res->pages[res->n_pages++] = page;
                total += *(size_t *)((char *)page + fitems->quantifier_offset);
                next = *(char **)((char *)page + fnext->offset);
                if (single || next == NULL || next[0] == '\0' ||
                    (!o->all_pages && res->n_pages == LIST_MAX_PAGES))
                        break;
                free(token);
                token = strdup(next);
                if (token == NULL) {
                        rv = EXIT_FAILURE_;
                        goto out;
                }
                *(const char **)((char *)req + ftoken->offset) = token;
        }
        res->msg = calloc(1, out_desc->sizeof_message);
        res->items = calloc(total + 1, sizeof(void *));
        if (res->msg == NULL || res->items == NULL) {
                rv = EXIT_FAILURE_;
                goto out;
        }
        out_desc->message_init(res->msg);
        total = 0;
        for (size_t i = 0; i < res->n_pages; i++) {
                char *pg = (char *)res->pages[i];
                size_t n = *(size_t *)(pg + fitems->quantifier_offset);
                void **arr = *(void ***)(pg + fitems->offset);
                if (n > 0)
                        memcpy((void **)res->items + total, arr, n * sizeof(void *));
                total += n;
        }
        *(size_t *)((char *)res->msg + fitems->quantifier_offset) = total;
        *(void **)((char *)res->msg + fitems->offset) = res->items;
        *(char **)((char *)res->msg + fnext->offset) =
            *(char **)((char *)res->pages[res->n_pages - 1] + fnext->offset);
out:
        *(const char **)((char *)req + ftoken->offset) = "";
        free(token);
        if (rv != 0)
                list_result_fini(res);
        return rv;
}

void list_result_fini(struct list_result *res)
{
        for (size_t i = 0; i < res->n_pages; i++)
                protobuf_c_message_free_unpacked(res->pages[i], NULL);
        free(res->pages);
        free(res->items);
        free(res->msg); // shallow: its contents belong to the pages
        memset(res, 0, sizeof(*res));
}

// The command line as typed, for the "more:" hint (argv before the global
// options were taken out of it).
static const char *typed[256];
static int n_typed;

void args_save_command(int argc, char **argv)
{
        n_typed = 0;
        for (int i = 0; i < argc && n_typed < (int)(sizeof(typed) / sizeof(typed[0])); i++)
                typed[n_typed++] = argv[i];
}

// Prints s as one shell word: as is when it is plain, else single-quoted.
static void put_word(FILE *f, const char *s)
{
        if (s[0] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789_./:=@%+,-") == strlen(s)) {
                fputs(s, f);
                return;
        }
        fputc('\'', f);
        for (; *s; s++) {
                if (*s == '\'')
                        fputs("'\\''", f);
                else
                        fputc(*s, f);
        }
        fputc('\'', f);
}

void args_more(const ProtobufCMessage *resp)
{
        const ProtobufCFieldDescriptor *f = field(resp->descriptor, "next_page_token");
        const char *next = f ? *(char *const *)((const char *)resp + f->offset) : NULL;

        if (next == NULL || next[0] == '\0')
                return;
        // The same command with the same filters, on the next page: the
        // token belongs to that query and the server refuses it elsewhere.
        // The old token is left out; the new one goes before any "--".
        fputs("more: reinstate", stderr);
        for (int i = 1, options = 1; i <= n_typed; i++) {
                if (options && (i == n_typed || strcmp(typed[i], "--") == 0)) {
                        fprintf(stderr, " --page-token %s", next);
                        options = 0;
                }
                if (i == n_typed)
                        break;
                if (options && strcmp(typed[i], "--page-token") == 0) {
                        i++;
                        continue;
                }
                if (options && strncmp(typed[i], "--page-token=", 13) == 0)
                        continue;
                fputc(' ', stderr);
                put_word(stderr, typed[i]);
        }
        fputc('\n', stderr);
}

const char *args_short_time(const char *ts, char out[17])
{
        if (ts == NULL || strlen(ts) < 16) {
                snprintf(out, 17, "%s", ts ? ts : "");
                return out;
        }
        snprintf(out, 17, "%.10s %.5s", ts, ts + 11);
        return out;
}

struct list_opts args_page(const struct args *a)
{
        struct list_opts o = {(int32_t)args_num(a, "page-size"), args_str(a, "page-token"),
                              args_has(a, "all-pages")};

        return o;
}

struct list_opts args_limit_page(const struct args *a)
{
        struct list_opts o = {(int32_t)args_num(a, "limit"), args_str(a, "page-token"),
                              args_has(a, "all-pages"), 1};

        return o;
}
