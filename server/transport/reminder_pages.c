// Calendar feeds and unsubscribe links on the web door; see reminder_pages.h.
#include "reminder_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "status.h"
#include "status_page.h"
#include "reinstate/v1/mail.pb-c.h"
#include "banned.h"

// Tokens are base64url (feeds) or "rs1_" + base64url (unsubscribe links).
static int token_ok(const char *s, size_t n)
{
        if (n < 16 || n >= REMINDER_TOKEN_MAX)
                return 0;
        for (size_t i = 0; i < n; i++)
                if (!(s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
                      (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
                        return 0;
        return 1;
}

int calendar_token(const char *url, char *out, size_t len)
{
        size_t pl = strlen(CALENDAR_PREFIX), n;

        if (strncmp(url, CALENDAR_PREFIX, pl) != 0)
                return -1;
        url += pl;
        n = strlen(url);
        if (n < 5 || strcmp(url + n - 4, ".ics") != 0 || !token_ok(url, n - 4) || n - 4 >= len)
                return -1;
        memcpy(out, url, n - 4);
        out[n - 4] = '\0';
        return 0;
}

// Packs in as the payload of a Request for method into env.
static int envelope(const char *method, const ProtobufCMessage *in, struct buf *env)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        uint8_t payload[256], *packed;
        size_t n = protobuf_c_message_get_packed_size(in);
        int rv;

        if (n > sizeof(payload))
                return -1;
        protobuf_c_message_pack(in, payload);
        req.method = (char *)method;
        req.payload.data = payload;
        req.payload.len = n;
        req.protocol_version = RS_PROTOCOL_VERSION;
        n = reinstate__v1__request__get_packed_size(&req);
        if ((packed = malloc(n)) == NULL)
                return -1;
        reinstate__v1__request__pack(&req, packed);
        buf_fini(env);
        buf_init(env, RS_MAX_WIRE_BYTES);
        rv = buf_add(env, packed, n);
        free(packed);
        return rv;
}

int calendar_envelope(const char *token, struct buf *env)
{
        Reinstate__V1__GetFeedRequest in = REINSTATE__V1__GET_FEED_REQUEST__INIT;

        in.token = (char *)token;
        return envelope("reinstate.v1.Calendar/GetFeed", &in.base, env);
}

// Decodes a Response envelope and its payload of type desc. Returns the
// status code (INTERNAL when undecodable); *out is set on OK.
static int decode(const uint8_t *data, size_t len, const ProtobufCMessageDescriptor *desc,
                  ProtobufCMessage **out, uint32_t *retry_after_ms)
{
        Reinstate__V1__Response *resp = NULL;
        char why[256];
        int code;

        *out = NULL;
        if (data == NULL || envelope_decode_response(data, len, &resp, why, sizeof(why)) != RS_OK)
                return RS_INTERNAL;
        code = resp->code;
        *retry_after_ms = resp->retry_after_ms;
        if (code == RS_OK && (*out = protobuf_c_message_unpack(desc, NULL, resp->payload.len,
                                                               resp->payload.data)) == NULL)
                code = RS_INTERNAL;
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return code;
}

void calendar_result(struct http_answer *ans, const uint8_t *data, size_t len)
{
        Reinstate__V1__GetFeedResponse *feed = NULL;
        uint32_t retry = 0;
        int code = decode(data, len, &reinstate__v1__get_feed_response__descriptor,
                          (ProtobufCMessage **)&feed, &retry);

        switch (code) {
        case RS_OK:
                buf_fini(&ans->body);
                buf_init(&ans->body, HTTP_MAX_ANSWER_BYTES);
                if (buf_adds(&ans->body, feed->calendar) != 0) {
                        http_answer_text(ans, 500, "the calendar is too large");
                        break;
                }
                ans->status = 200;
                ans->content_type = "text/calendar; charset=utf-8";
                break;
        case RS_NOT_FOUND:
        case RS_INVALID_ARGUMENT:
                http_answer_text(ans, 404, "no such calendar feed");
                break;
        case RS_RESOURCE_EXHAUSTED:
        case RS_UNAVAILABLE:
        case RS_DEADLINE_EXCEEDED:
                ans->retry_after_ms = retry ? retry : 5000;
                http_answer_text(ans, 503, "busy: try again in a minute");
                break;
        default:
                http_answer_text(ans, 500, "something went wrong");
        }
        if (feed)
                protobuf_c_message_free_unpacked(&feed->base, NULL);
}

static void page(struct http_answer *ans, unsigned status, const char *agency, const char *html)
{
        status_page_render(ans, status, "Updates by e-mail", agency, html);
}

void unsubscribe_page(struct http_answer *ans, const char *agency, const char *token)
{
        struct buf m = BUF_INIT(8192);

        if (token == NULL || !token_ok(token, strlen(token))) {
                page(ans, 404, agency,
                     "<h1>Updates by e-mail</h1>\n<p>This link is not complete. Open the whole "
                     "link from the e-mail, or ask your coach.</p>\n");
                return;
        }
        // token_ok allows only [A-Za-z0-9_-]: safe in an attribute as is.
        buf_printf(&m,
                   "<h1>Updates by e-mail</h1>\n"
                   "<p>Stop the e-mails about your case's progress? You can still check your "
                   "case with your access code.</p>\n"
                   "<form method=\"post\" action=\"" UNSUBSCRIBE_PATH "\">\n"
                   "<input type=\"hidden\" name=\"t\" value=\"%s\">\n"
                   "<button type=\"submit\">Stop the e-mails</button>\n"
                   "</form>\n",
                   token);
        page(ans, 200, agency, buf_str(&m));
        buf_fini(&m);
}

int unsubscribe_token(const uint8_t *body, size_t len, const char *query_t, const char *agency,
                      char *out, size_t outlen, struct http_answer *ans)
{
        // "t=TOKEN" among the form's fields (the token needs no decoding).
        for (size_t i = 0; i < len;) {
                size_t end = i;
                while (end < len && body[end] != '&')
                        end++;
                if (end - i > 2 && body[i] == 't' && body[i + 1] == '=' && end - i - 2 < outlen &&
                    token_ok((const char *)body + i + 2, end - i - 2)) {
                        memcpy(out, body + i + 2, end - i - 2);
                        out[end - i - 2] = '\0';
                        return 0;
                }
                i = end + 1;
        }
        if (query_t && token_ok(query_t, strlen(query_t)) && strlen(query_t) < outlen) {
                memcpy(out, query_t, strlen(query_t) + 1);
                return 0;
        }
        unsubscribe_page(ans, agency, NULL);
        return -1;
}

int unsubscribe_envelope(const char *token, struct buf *env)
{
        Reinstate__V1__UnsubscribeRequest in = REINSTATE__V1__UNSUBSCRIBE_REQUEST__INIT;

        in.token = (char *)token;
        return envelope("reinstate.v1.Outbox/Unsubscribe", &in.base, env);
}

void unsubscribe_result(struct http_answer *ans, const char *agency, const uint8_t *data,
                        size_t len)
{
        Reinstate__V1__UnsubscribeResponse *u = NULL;
        uint32_t retry = 0;
        int code = decode(data, len, &reinstate__v1__unsubscribe_response__descriptor,
                          (ProtobufCMessage **)&u, &retry);

        if (code == RS_OK)
                page(ans, 200, agency,
                     "<h1>Updates by e-mail</h1>\n<p role=\"status\" id=\"message\">Done: no more "
                     "e-mails about your case. Your coach can turn them on again.</p>\n");
        else if (code == RS_NOT_FOUND || code == RS_INVALID_ARGUMENT)
                page(ans, 404, agency,
                     "<h1>Updates by e-mail</h1>\n<p role=\"alert\" id=\"message\">We do not know "
                     "this link. Open the whole link from the e-mail, or ask your coach.</p>\n");
        else {
                ans->retry_after_ms = retry ? retry : 5000;
                page(ans, 503, agency,
                     "<h1>Updates by e-mail</h1>\n<p role=\"alert\" id=\"message\">The service is "
                     "busy. Please try again in a minute.</p>\n");
        }
        if (u)
                protobuf_c_message_free_unpacked(&u->base, NULL);
}
