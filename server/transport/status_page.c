// The job seeker's page; see status_page.h.
#include "status_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "envelope.h"
#include "status.h"
#include "reinstate/v1/access.pb-c.h"
#include "banned.h"

// Embedded at build time from server/transport/web/ (cmake/embed_files.cmake).
extern const char web_status_html[];
extern const char web_status_css[];
extern const size_t web_status_css_len;

#define PAGE_MAX (256u * 1024u)

static void esc(struct buf *b, const char *s)
{
        for (; s && *s; s++) {
                switch (*s) {
                case '&':
                        buf_adds(b, "&amp;");
                        break;
                case '<':
                        buf_adds(b, "&lt;");
                        break;
                case '>':
                        buf_adds(b, "&gt;");
                        break;
                case '"':
                        buf_adds(b, "&quot;");
                        break;
                case '\'':
                        buf_adds(b, "&#39;");
                        break;
                default:
                        buf_add(b, s, 1);
                }
        }
}

// Fills the template: @TITLE@, @AGENCY@ (escaped here) and @MAIN@ (HTML).
void status_page_render(struct http_answer *ans, unsigned status, const char *title,
                        const char *agency, const char *main_html)
{
        const char *t = web_status_html, *at;

        buf_fini(&ans->body);
        buf_init(&ans->body, PAGE_MAX);
        while ((at = strchr(t, '@')) != NULL) {
                buf_add(&ans->body, t, (size_t)(at - t));
                if (strncmp(at, "@TITLE@", 7) == 0) {
                        esc(&ans->body, title);
                        esc(&ans->body, " — ");
                        esc(&ans->body, agency);
                        t = at + 7;
                } else if (strncmp(at, "@AGENCY@", 8) == 0) {
                        esc(&ans->body, agency);
                        t = at + 8;
                } else if (strncmp(at, "@MAIN@", 6) == 0) {
                        buf_adds(&ans->body, main_html);
                        t = at + 6;
                } else {
                        buf_add(&ans->body, at, 1);
                        t = at + 1;
                }
        }
        buf_adds(&ans->body, t);
        ans->status = status;
        ans->content_type = "text/html; charset=utf-8";
}

static void form(struct http_answer *ans, unsigned status, const char *agency, const char *message)
{
        struct buf m = BUF_INIT(PAGE_MAX);

        buf_adds(&m, "<h1>Check your case</h1>\n"
                     "<p>Type the access code your coach gave you. Upper or lower case, dashes "
                     "or spaces: it does not matter.</p>\n");
        if (message) {
                buf_adds(&m, "<p class=\"error\" role=\"alert\" id=\"message\">");
                esc(&m, message);
                buf_adds(&m, "</p>\n");
        }
        buf_printf(&m,
                   "<form method=\"post\" action=\"/status\" autocomplete=\"off\">\n"
                   "<label for=\"code\">Access code</label>\n"
                   "<input id=\"code\" name=\"code\" type=\"text\" required maxlength=\"64\" "
                   "autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" "
                   "aria-describedby=\"code-help%s\"%s>\n"
                   "<p class=\"help\" id=\"code-help\">16 letters and digits, like "
                   "ABCD-EFGH-JKMN-PQRS</p>\n"
                   "<button type=\"submit\">Show my case</button>\n"
                   "</form>\n",
                   message ? " message" : "", message ? " aria-invalid=\"true\"" : "");
        status_page_render(ans, status, "Check your case", agency, buf_str(&m));
        buf_fini(&m);
}

void status_page_form(struct http_answer *ans, const char *agency, const char *message)
{
        form(ans, 200, agency, message);
}

void status_page_css(struct http_answer *ans)
{
        buf_fini(&ans->body);
        buf_init(&ans->body, PAGE_MAX);
        buf_add(&ans->body, web_status_css, web_status_css_len);
        ans->status = 200;
        ans->content_type = "text/css; charset=utf-8";
}

static int hexval(int c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

// The value of field name in a urlencoded body, decoded into out.
// Returns 0, or -1 when absent or longer than out.
static int form_field(const uint8_t *body, size_t len, const char *name, char *out, size_t outlen)
{
        size_t nl = strlen(name), i = 0;

        while (i < len) {
                size_t end = i, o = 0;
                while (end < len && body[end] != '&')
                        end++;
                if (end - i > nl && memcmp(body + i, name, nl) == 0 && body[i + nl] == '=') {
                        for (size_t k = i + nl + 1; k < end; k++) {
                                int c = body[k];
                                if (c == '+') {
                                        c = ' ';
                                } else if (c == '%' && k + 2 < end && hexval(body[k + 1]) >= 0 &&
                                           hexval(body[k + 2]) >= 0) {
                                        c = hexval(body[k + 1]) * 16 + hexval(body[k + 2]);
                                        k += 2;
                                }
                                if (o + 1 >= outlen)
                                        return -1;
                                out[o++] = (char)c;
                        }
                        out[o] = '\0';
                        return 0;
                }
                i = end + 1;
        }
        return -1;
}

int status_page_envelope(const uint8_t *body, size_t len, const char *agency, struct buf *env,
                         struct http_answer *ans)
{
        Reinstate__V1__GetStatusRequest in = REINSTATE__V1__GET_STATUS_REQUEST__INIT;
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        char code[128];
        uint8_t payload[256], *packed = NULL;
        size_t n;
        int rv = -1;

        if (form_field(body, len, "code", code, sizeof(code)) != 0 ||
            code[strspn(code, " \t-")] == '\0') {
                form(ans, 400, agency,
                     "Please type your access code: 16 letters and digits, like "
                     "ABCD-EFGH-JKMN-PQRS.");
                goto out;
        }
        in.code = code;
        n = reinstate__v1__get_status_request__get_packed_size(&in);
        if (n > sizeof(payload)) {
                form(ans, 400, agency, "That is not an access code.");
                goto out;
        }
        reinstate__v1__get_status_request__pack(&in, payload);
        req.method = (char *)STATUS_PAGE_METHOD;
        req.payload.data = payload;
        req.payload.len = n;
        req.protocol_version = RS_PROTOCOL_VERSION;
        n = reinstate__v1__request__get_packed_size(&req);
        if ((packed = malloc(n)) == NULL) {
                form(ans, 503, agency, "The service is busy. Please try again in a minute.");
                goto out;
        }
        reinstate__v1__request__pack(&req, packed);
        buf_fini(env);
        buf_init(env, RS_MAX_WIRE_BYTES);
        rv = buf_add(env, packed, n);
out:
        sodium_memzero(code, sizeof(code));
        sodium_memzero(payload, sizeof(payload));
        if (packed) {
                sodium_memzero(packed, n);
                free(packed);
        }
        return rv;
}

static void row(struct buf *m, const char *label, const char *value, const char *cls)
{
        buf_printf(m, "<dt>%s</dt><dd>", label);
        if (cls)
                buf_printf(m, "<span class=\"%s\" id=\"%s\">", cls, cls);
        esc(m, value && value[0] ? value : "—");
        if (cls)
                buf_adds(m, "</span>");
        buf_adds(m, "</dd>\n");
}

void status_page_result(struct http_answer *ans, const char *agency, const uint8_t *data,
                        size_t len)
{
        Reinstate__V1__Response *resp = NULL;
        Reinstate__V1__GetStatusResponse *st = NULL;
        struct buf m = BUF_INIT(PAGE_MAX);
        char why[256];

        if (data == NULL || envelope_decode_response(data, len, &resp, why, sizeof(why)) != RS_OK) {
                form(ans, 500, agency, "Something went wrong on our side. Please try again.");
                goto out;
        }
        switch (resp->code) {
        case RS_OK:
                break;
        case RS_NOT_FOUND:
        case RS_INVALID_ARGUMENT:
                // One message for every code that does not open a case.
                form(ans, 404, agency,
                     "We could not find a case for that code. Check it and try again: it may be "
                     "mistyped, expired or no longer shared. Your coach can give you a new one.");
                goto out;
        case RS_RESOURCE_EXHAUSTED: {
                unsigned mins = (resp->retry_after_ms + 59999u) / 60000u;
                char msg[160];
                if (mins < 1)
                        mins = 1;
                snprintf(msg, sizeof(msg), "Too many tries. Please wait %u minute%s and try again.",
                         mins, mins == 1 ? "" : "s");
                ans->retry_after_ms = resp->retry_after_ms;
                form(ans, 429, agency, msg);
                goto out;
        }
        case RS_UNAVAILABLE:
        case RS_DEADLINE_EXCEEDED:
                ans->retry_after_ms = resp->retry_after_ms ? resp->retry_after_ms : 5000;
                form(ans, 503, agency, "The service is busy. Please try again in a minute.");
                goto out;
        default:
                form(ans, 500, agency, "Something went wrong on our side. Please try again.");
                goto out;
        }
        st =
            reinstate__v1__get_status_response__unpack(NULL, resp->payload.len, resp->payload.data);
        if (st == NULL) {
                form(ans, 500, agency, "Something went wrong on our side. Please try again.");
                goto out;
        }
        buf_adds(&m, "<h1>Your case</h1>\n<dl class=\"case\">\n");
        row(&m, "Company", st->company, NULL);
        row(&m, "Role", st->role_title, NULL);
        row(&m, "Where it stands", st->stage_words, "stage");
        row(&m, "What happens next", st->next_step, NULL);
        row(&m, "Last activity", st->last_activity_on, NULL);
        buf_adds(&m, "<dt>Your coach</dt><dd>");
        esc(&m, st->coach_name);
        if (st->coach_email && st->coach_email[0]) {
                buf_adds(&m, " — <a href=\"mailto:");
                esc(&m, st->coach_email);
                buf_adds(&m, "\">");
                esc(&m, st->coach_email);
                buf_adds(&m, "</a>");
        }
        buf_adds(&m, "</dd>\n</dl>\n");
        if (st->code_expires_at && st->code_expires_at[0]) {
                char day[11];
                snprintf(day, sizeof(day), "%s", st->code_expires_at);
                buf_adds(&m, "<p>Your code works until ");
                esc(&m, day);
                buf_adds(&m, ".</p>\n");
        }
        buf_adds(&m, "<p><a href=\"/\">Check another code</a></p>\n");
        status_page_render(ans, 200, "Your case", agency, buf_str(&m));
out:
        buf_fini(&m);
        if (st)
                reinstate__v1__get_status_response__free_unpacked(st, NULL);
        if (resp)
                reinstate__v1__response__free_unpacked(resp, NULL);
}
