// Call-scoped helpers for handlers, and method lookup through the generated
// service descriptors (no hand-kept list of method names).
#include "rpc.h"

#include <stdarg.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "banned.h"

struct chunk {
        struct chunk *next;
        max_align_t data[];
};

uint64_t rpc_remaining_ms(const struct rpc_call *c)
{
        uint64_t now = clock_ms();

        return c->deadline_ms > now ? c->deadline_ms - now : 0;
}

// Copies text into the call's message. Text that does not fit is cut after
// the last whole word (or list item) that does, and marked with "...", so a
// reader never sees half a word and always sees that something is missing.
static void set_message(struct rpc_call *c, const char *text)
{
        static const char more[] = " ...";
        size_t n = strlen(text), cap = sizeof(c->message) - 1;

        if (n <= cap) {
                memcpy(c->message, text, n + 1);
                return;
        }
        n = cap - (sizeof(more) - 1);
        while (n > 0 && text[n] != ' ')
                n--;
        while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == ','))
                n--;
        memcpy(c->message, text, n);
        memcpy(c->message + n, more, sizeof(more));
}

int rpc_fail(struct rpc_call *c, int code, const char *fmt, ...)
{
        char text[2048];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(text, sizeof(text), fmt, ap);
        va_end(ap);
        set_message(c, text);
        return code;
}

int rpc_violation(struct rpc_call *c, const char *field, const char *fmt, ...)
{
        const size_t max = sizeof(c->violations) / sizeof(c->violations[0]);
        va_list ap, ap2;
        char *desc;
        int n;

        va_start(ap, fmt);
        va_copy(ap2, ap);
        n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        desc = rpc_alloc(c, (size_t)(n > 0 ? n : 0) + 1);
        vsnprintf(desc, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
        va_end(ap);
        if (c->message[0] == '\0')
                set_message(c, rpc_printf(c, "%s: %s", field, desc));
        if (c->n_violations < max) {
                c->violations[c->n_violations][0] = rpc_strdup(c, field);
                c->violations[c->n_violations][1] = desc;
                c->n_violations++;
        } else {
                // Never dropped silently: the last entry counts the rest.
                if (c->n_dropped++ == 0)
                        c->last_desc = c->violations[max - 1][1];
                c->violations[max - 1][1] =
                    rpc_printf(c, "%s (and %zu more invalid field%s)", c->last_desc, c->n_dropped,
                               c->n_dropped == 1 ? "" : "s");
        }
        return RS_INVALID_ARGUMENT;
}

void *rpc_alloc(struct rpc_call *c, size_t size)
{
        struct chunk *ch = calloc(1, sizeof(*ch) + size);

        if (ch == NULL) {
                log_error("out of memory allocating %zu bytes", size);
                abort();
        }
        ch->next = c->arena;
        c->arena = ch;
        c->arena_bytes += size;
        return ch->data;
}

void *rpc_mark(const struct rpc_call *c)
{
        return c->arena;
}

void rpc_release(struct rpc_call *c, void *mark)
{
        struct chunk *ch = c->arena, *next;

        for (; ch && ch != mark; ch = next) {
                next = ch->next;
                free(ch);
        }
        c->arena = ch;
}

char *rpc_strndup(struct rpc_call *c, const char *s, size_t n)
{
        char *p = rpc_alloc(c, n + 1);

        memcpy(p, s, n);
        return p;
}

char *rpc_strdup(struct rpc_call *c, const char *s)
{
        return rpc_strndup(c, s ? s : "", s ? strlen(s) : 0);
}

char *rpc_printf(struct rpc_call *c, const char *fmt, ...)
{
        va_list ap, ap2;
        char *p;
        int n;

        va_start(ap, fmt);
        va_copy(ap2, ap);
        n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        p = rpc_alloc(c, (size_t)(n > 0 ? n : 0) + 1);
        vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
        va_end(ap);
        return p;
}

void rpc_audit(struct rpc_call *c, const char *record, const char *fmt, ...)
{
        va_list ap;

        va_list ap2;
        char *p;
        int n;

        snprintf(c->audit_record, sizeof(c->audit_record), "%s", record);
        va_start(ap, fmt);
        va_copy(ap2, ap);
        n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        p = rpc_alloc(c, (size_t)(n > 0 ? n : 0) + 1);
        vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
        va_end(ap);
        c->audit_summary = p;
}

// A call that allocated more than this gives the memory back to the system
// when it ends. Its many small blocks (and the PGresults behind them) are
// freed into the worker thread's malloc arena, where glibc keeps them for
// reuse: eight workers that each once served an agenda or a report would
// otherwise hold their peak for good.
#define TRIM_AFTER_BYTES (1u << 20)

void rpc_call_release(struct rpc_call *c)
{
        struct chunk *ch = c->arena, *next;

        for (; ch; ch = next) {
                next = ch->next;
                free(ch);
        }
        c->arena = NULL;
        if (c->arena_bytes > TRIM_AFTER_BYTES)
                malloc_trim(0);
        c->arena_bytes = 0;
}

const struct rpc_method *rpc_find_method(const char *full, const ProtobufCMethodDescriptor **md,
                                         const struct rpc_service **svc)
{
        const char *slash = strchr(full, '/');
        size_t slen;

        *md = NULL;
        *svc = NULL;
        if (slash == NULL)
                return NULL;
        slen = (size_t)(slash - full);
        for (size_t i = 0; i < rpc_services_count; i++) {
                const struct rpc_service *s = rpc_services[i];
                const ProtobufCMethodDescriptor *m;
                size_t idx;

                if (strlen(s->desc->name) != slen || strncmp(s->desc->name, full, slen) != 0)
                        continue;
                m = protobuf_c_service_descriptor_get_method_by_name(s->desc, slash + 1);
                if (m == NULL)
                        return NULL;
                idx = (size_t)(m - s->desc->methods);
                if (idx >= s->desc->n_methods)
                        return NULL;
                for (size_t k = 0; k < s->n_methods; k++) {
                        if (strcmp(s->methods[k].name, m->name) == 0 && s->methods[k].fn) {
                                *md = m;
                                *svc = s;
                                return &s->methods[k];
                        }
                }
                return NULL;
        }
        return NULL;
}

int rpc_check_registrations(void)
{
        int bad = 0;

        for (size_t i = 0; i < rpc_services_count; i++) {
                const struct rpc_service *s = rpc_services[i];

                for (size_t k = 0; k < s->n_methods; k++) {
                        if (protobuf_c_service_descriptor_get_method_by_name(
                                s->desc, s->methods[k].name) == NULL) {
                                log_error("service %s registers unknown method '%s'", s->desc->name,
                                          s->methods[k].name);
                                bad = 1;
                        }
                }
                for (unsigned m = 0; m < s->desc->n_methods; m++) {
                        int found = 0;
                        for (size_t k = 0; k < s->n_methods; k++)
                                found |= strcmp(s->methods[k].name, s->desc->methods[m].name) == 0;
                        if (!found) {
                                log_error("method %s/%s has no handler", s->desc->name,
                                          s->desc->methods[m].name);
                                bad = 1;
                        }
                }
        }
        return bad ? -1 : 0;
}
