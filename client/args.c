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
#include "banned.h"

// At most this many pages are followed (500 rows each).
#define LIST_MAX_PAGES 200

int args_id(const char *what, const char *s, int64_t *out)
{
        char *end;
        long long v;

        errno = 0;
        v = s ? strtoll(s, &end, 10) : 0;
        if (s == NULL || s[0] == '\0' || *end != '\0' || errno != 0 || v <= 0)
                return cli_usage_error("%s id must be a positive number (got '%s')", what,
                                       s ? s : "");
        *out = v;
        return 0;
}

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

int args_when(const char *s, char *out, size_t len)
{
        time_t now = time(NULL);
        struct tm tm;

        if (s == NULL || s[0] == '\0') {
                localtime_r(&now, &tm);
                rfc3339_local(&tm, out, len);
                return 0;
        }
        if (strlen(s) == 10) {
                memset(&tm, 0, sizeof(tm));
                if (sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
                        return cli_usage_error("--at must be YYYY-MM-DD or an RFC 3339 time");
                tm.tm_year -= 1900;
                tm.tm_mon -= 1;
                tm.tm_hour = 12;
                tm.tm_isdst = -1;
                if (mktime(&tm) == (time_t)-1)
                        return cli_usage_error("--at must be YYYY-MM-DD or an RFC 3339 time");
                rfc3339_local(&tm, out, len);
                return 0;
        }
        snprintf(out, len, "%s", s); // the server checks it
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
        int single = o->page_size > 0 || (o->page_token && o->page_token[0]);
        char *token = NULL;
        size_t total = 0;
        int rv = 0;

        memset(res, 0, sizeof(*res));
        if (!fsize || !ftoken || !fitems || !fnext)
                return EXIT_FAILURE_;
        *(int32_t *)((char *)req + fsize->offset) =
            o->page_size > 0 ? o->page_size : RS_MAX_PAGE_SIZE;
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
                res->pages[res->n_pages++] = page;
                total += *(size_t *)((char *)page + fitems->quantifier_offset);
                next = *(char **)((char *)page + fnext->offset);
                if (single || next == NULL || next[0] == '\0' || res->n_pages == LIST_MAX_PAGES)
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

void args_more(const ProtobufCMessage *resp, const char *again)
{
        const ProtobufCFieldDescriptor *f = field(resp->descriptor, "next_page_token");
        const char *next = f ? *(char *const *)((const char *)resp + f->offset) : NULL;

        if (next && next[0])
                fprintf(stderr, "more: %s --page-token %s\n", again, next);
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

int args_page_option(int opt, const char *arg, struct list_opts *o)
{
        if (opt == ARGS_O_PAGE_TOKEN) {
                o->page_token = arg;
                return 1;
        }
        if (opt != ARGS_O_PAGE_SIZE)
                return 0;
        o->page_size = atoi(arg);
        if (o->page_size <= 0) {
                cli_usage_error("--page-size must be a positive number");
                return -1;
        }
        return 1;
}
