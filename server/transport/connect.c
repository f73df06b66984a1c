// Connect unary framing; see connect.h.
#include "connect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include <sodium.h>

#include "envelope.h"
#include "pbjson.h"
#include "rpc.h"
#include "status.h"
#include "banned.h"

// Connect's names and HTTP statuses, by google.rpc.Code number.
static const struct {
        const char *name;
        unsigned http;
} connect_codes[RS_STATUS_MAX + 1] = {
    [RS_OK] = {"ok", 200},
    [RS_CANCELLED] = {"canceled", 499},
    [RS_UNKNOWN] = {"unknown", 500},
    [RS_INVALID_ARGUMENT] = {"invalid_argument", 400},
    [RS_DEADLINE_EXCEEDED] = {"deadline_exceeded", 504},
    [RS_NOT_FOUND] = {"not_found", 404},
    [RS_ALREADY_EXISTS] = {"already_exists", 409},
    [RS_PERMISSION_DENIED] = {"permission_denied", 403},
    [RS_RESOURCE_EXHAUSTED] = {"resource_exhausted", 429},
    [RS_FAILED_PRECONDITION] = {"failed_precondition", 400},
    [RS_ABORTED] = {"aborted", 409},
    [RS_OUT_OF_RANGE] = {"out_of_range", 400},
    [RS_UNIMPLEMENTED] = {"unimplemented", 501},
    [RS_INTERNAL] = {"internal", 500},
    [RS_UNAVAILABLE] = {"unavailable", 503},
    [RS_DATA_LOSS] = {"data_loss", 500},
    [RS_UNAUTHENTICATED] = {"unauthenticated", 401},
};

const char *connect_code_name(int code)
{
        return code >= 0 && code <= RS_STATUS_MAX ? connect_codes[code].name : "unknown";
}

unsigned connect_http_status(int code)
{
        return code >= 0 && code <= RS_STATUS_MAX ? connect_codes[code].http : 500;
}

// The error body, with field violations as a google.rpc.BadRequest detail
// (binary in "value", readable in "debug") when there are any.
static void error_body(struct http_answer *ans, int code, const char *message,
                       const Reinstate__V1__Response *resp)
{
        json_t *o = json_object(), *details = NULL;
        char *text;

        json_object_set_new(o, "code", json_string(connect_code_name(code)));
        json_object_set_new(o, "message", json_string(message ? message : ""));
        if (resp && resp->n_field_violations > 0) {
                json_t *d = json_object(), *dbg = json_array();
                struct buf bin = BUF_INIT(64 * 1024);
                char *b64;
                size_t n;

                for (size_t i = 0; i < resp->n_field_violations; i++) {
                        const Reinstate__V1__FieldViolation *fv = resp->field_violations[i];
                        size_t fl = strlen(fv->field), dl = strlen(fv->description);
                        uint8_t hdr[4];
                        json_t *v = json_object();

                        json_object_set_new(v, "field", json_string(fv->field));
                        json_object_set_new(v, "description", json_string(fv->description));
                        json_array_append_new(dbg, v);
                        // BadRequest.field_violations (1) { field (1), description (2) };
                        // both strings are under 128 bytes, so every length is one byte.
                        if (fl > 127 || dl > 127 || fl + dl + 4 > 127)
                                continue;
                        hdr[0] = 0x0a;
                        hdr[1] = (uint8_t)(fl + dl + 4);
                        buf_add(&bin, hdr, 2);
                        hdr[0] = 0x0a;
                        hdr[1] = (uint8_t)fl;
                        buf_add(&bin, hdr, 2);
                        buf_add(&bin, fv->field, fl);
                        hdr[0] = 0x12;
                        hdr[1] = (uint8_t)dl;
                        buf_add(&bin, hdr, 2);
                        buf_add(&bin, fv->description, dl);
                }
                n = sodium_base64_ENCODED_LEN(bin.len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
                b64 = malloc(n);
                if (b64) {
                        sodium_bin2base64(b64, n, (const unsigned char *)buf_str(&bin), bin.len,
                                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
                        json_object_set_new(d, "type", json_string("google.rpc.BadRequest"));
                        json_object_set_new(d, "value", json_string(b64));
                        json_object_set_new(d, "debug", json_pack("{s:o}", "fieldViolations", dbg));
                        dbg = NULL;
                        details = json_array();
                        json_array_append_new(details, d);
                        d = NULL;
                        free(b64);
                }
                json_decref(d);
                json_decref(dbg);
                buf_fini(&bin);
        }
        if (details)
                json_object_set_new(o, "details", details);
        text = json_dumps(o, JSON_COMPACT);
        buf_fini(&ans->body);
        buf_init(&ans->body, HTTP_MAX_ANSWER_BYTES);
        if (text)
                buf_adds(&ans->body, text);
        free(text);
        json_decref(o);
        ans->status = connect_http_status(code);
        ans->content_type = "application/json";
}

void connect_error(struct http_answer *ans, int code, const char *message)
{
        error_body(ans, code, message, NULL);
}

// "application/json", "application/json; charset=utf-8" → 1; proto → 0;
// else -1.
static int media_type(const char *ct)
{
        size_t n;

        if (ct == NULL)
                return -1;
        n = strcspn(ct, "; \t");
        if (n == 16 && strncasecmp(ct, "application/json", n) == 0) {
                const char *cs = strcasestr(ct + n, "charset=");
                if (cs && strncasecmp(cs + 8, "utf-8", 5) != 0 &&
                    strncasecmp(cs + 8, "\"utf-8\"", 7) != 0)
                        return -1;
                return 1;
        }
        if (n == 17 && strncasecmp(ct, "application/proto", n) == 0)
                return 0;
        return -1;
}

int connect_to_envelope(const struct connect_request *r, struct buf *env, int *json,
                        struct http_answer *ans)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        const ProtobufCMethodDescriptor *md = NULL;
        const struct rpc_service *svc = NULL;
        const struct rpc_method *m;
        struct buf payload = BUF_INIT(RS_MAX_REQUEST_BYTES);
        char method[RS_MAX_METHOD_LEN + 1], token[RS_MAX_TOKEN_LEN + 1] = "", why[400];
        uint32_t timeout = 0;
        json_t *doc = NULL;
        int rv = -1;
        size_t n;

        *json = 1;
        if ((*json = media_type(r->content_type)) < 0) {
                *json = 1;
                http_answer_text(ans, 415,
                                 "content type must be application/json or application/proto");
                ans->accept_post = "application/json, application/proto";
                goto out;
        }
        if (r->content_encoding && r->content_encoding[0] &&
            strcasecmp(r->content_encoding, "identity") != 0) {
                connect_error(ans, RS_UNIMPLEMENTED,
                              "content encoding is not supported: send the body uncompressed");
                goto out;
        }
        if (r->too_large) {
                snprintf(why, sizeof(why), "request is larger than %u bytes",
                         (unsigned)RS_MAX_REQUEST_BYTES);
                connect_error(ans, RS_RESOURCE_EXHAUSTED, why);
                goto out;
        }
        // The method is the path without its leading slash.
        n = strlen(r->path);
        if (n < 2 || n - 1 > RS_MAX_METHOD_LEN) {
                connect_error(ans, RS_UNIMPLEMENTED, "no such method");
                goto out;
        }
        snprintf(method, sizeof(method), "%s", r->path + 1);
        if (r->authorization && r->authorization[0]) {
                const char *a = r->authorization;
                if (strncasecmp(a, "Bearer ", 7) != 0 || strlen(a + 7) > RS_MAX_TOKEN_LEN) {
                        connect_error(ans, RS_UNAUTHENTICATED,
                                      "authorization must be 'Bearer <session token>'");
                        goto out;
                }
                snprintf(token, sizeof(token), "%s", a + 7);
        }
        if (r->timeout_ms && r->timeout_ms[0]) {
                char *end = NULL;
                unsigned long long t;
                // Connect: at most 10 digits.
                if (strlen(r->timeout_ms) > 10 || r->timeout_ms[0] < '0' ||
                    r->timeout_ms[0] > '9' || (t = strtoull(r->timeout_ms, &end, 10), *end)) {
                        connect_error(ans, RS_INVALID_ARGUMENT,
                                      "connect-timeout-ms must be a number of milliseconds");
                        goto out;
                }
                // 0 would mean "the default" in the envelope: the closest
                // to an already-expired deadline is 1 ms.
                timeout = t == 0 ? 1 : t > RS_MAX_TIMEOUT_MS ? RS_MAX_TIMEOUT_MS : (uint32_t)t;
        }
        m = rpc_find_method(method, &md, &svc);
        if (m && (m->flags & RPC_MUTATES) &&
            (r->idempotency_key == NULL || r->idempotency_key[0] == '\0')) {
                connect_error(ans, RS_INVALID_ARGUMENT,
                              "idempotency-key: required on calls that change data (a fresh "
                              "random value per logical call, reused on retries)");
                goto out;
        }
        if (r->idempotency_key && !envelope_request_id_valid(r->idempotency_key)) {
                connect_error(ans, RS_INVALID_ARGUMENT,
                              "idempotency-key: 1-64 characters of A-Z a-z 0-9 . _ : -");
                goto out;
        }
        if (m == NULL) {
                // Unknown methods still go through the dispatcher, which
                // answers UNIMPLEMENTED exactly as on nng.
                req.payload.data = (uint8_t *)r->body;
                req.payload.len = r->len;
        } else if (*json) {
                json_error_t jerr;
                char field[160], bad[160];

                doc = r->len ? json_loadb((const char *)r->body, r->len,
                                          JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr)
                             : json_object();
                if (doc == NULL) {
                        snprintf(why, sizeof(why), "request body is not valid JSON: %s", jerr.text);
                        connect_error(ans, RS_INVALID_ARGUMENT, why);
                        goto out;
                }
                if (pbjson_to_wire(md->input, doc, &payload, field, sizeof(field), bad,
                                   sizeof(bad)) != 0) {
                        if (field[0])
                                snprintf(why, sizeof(why), "%s: %s", field, bad);
                        else
                                snprintf(why, sizeof(why), "%s", bad);
                        connect_error(ans,
                                      strstr(bad, "too large") ? RS_RESOURCE_EXHAUSTED
                                                               : RS_INVALID_ARGUMENT,
                                      why);
                        goto out;
                }
                req.payload.data = (uint8_t *)payload.ptr;
                req.payload.len = payload.len;
        } else {
                req.payload.data = (uint8_t *)r->body;
                req.payload.len = r->len;
        }
        req.method = method;
        req.auth_token = token;
        req.timeout_ms = timeout;
        req.request_id = (char *)(r->idempotency_key ? r->idempotency_key : "");
        req.protocol_version = RS_PROTOCOL_VERSION;
        n = reinstate__v1__request__get_packed_size(&req);
        if (n > RS_MAX_WIRE_BYTES) {
                connect_error(ans, RS_RESOURCE_EXHAUSTED, "request is too large");
                goto out;
        }
        buf_fini(env);
        buf_init(env, RS_MAX_WIRE_BYTES);
        {
                uint8_t *tmp = malloc(n ? n : 1);
                if (tmp == NULL) {
                        connect_error(ans, RS_RESOURCE_EXHAUSTED, "out of memory");
                        goto out;
                }
                reinstate__v1__request__pack(&req, tmp);
                rv = buf_add(env, tmp, n);
                free(tmp);
                if (rv != 0) {
                        connect_error(ans, RS_RESOURCE_EXHAUSTED, "out of memory");
                        goto out;
                }
        }
        rv = 0;
out:
        json_decref(doc);
        sodium_memzero(token, sizeof(token));
        buf_fini(&payload);
        return rv;
}

void connect_from_envelope(const char *method, int json, const uint8_t *data, size_t len,
                           struct http_answer *ans)
{
        Reinstate__V1__Response *resp = NULL;
        const ProtobufCMethodDescriptor *md = NULL;
        const struct rpc_service *svc = NULL;
        ProtobufCMessage *out = NULL;
        char why[256];

        if (data == NULL) {
                connect_error(ans, RS_INTERNAL, "the server could not build the answer");
                return;
        }
        if (envelope_decode_response(data, len, &resp, why, sizeof(why)) != RS_OK) {
                connect_error(ans, RS_INTERNAL, why);
                return;
        }
        if (resp->retry_after_ms)
                ans->retry_after_ms = resp->retry_after_ms;
        if (resp->code != RS_OK) {
                error_body(ans, resp->code, resp->message, resp);
                goto out;
        }
        buf_fini(&ans->body);
        buf_init(&ans->body, HTTP_MAX_ANSWER_BYTES);
        ans->status = 200;
        if (!json) {
                ans->content_type = "application/proto";
                if (buf_add(&ans->body, resp->payload.data, resp->payload.len) != 0)
                        connect_error(ans, RS_RESOURCE_EXHAUSTED, "answer is too large");
                goto out;
        }
        ans->content_type = "application/json";
        if (rpc_find_method(method, &md, &svc) == NULL ||
            (out = protobuf_c_message_unpack(md->output, NULL, resp->payload.len,
                                             resp->payload.data)) == NULL) {
                connect_error(ans, RS_INTERNAL, "the answer could not be decoded");
                goto out;
        }
        {
                json_t *j = pbjson_from_message(out);
                char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
                if (text == NULL || buf_adds(&ans->body, text) != 0)
                        connect_error(ans, RS_RESOURCE_EXHAUSTED, "answer is too large");
                free(text);
                json_decref(j);
        }
out:
        if (out)
                protobuf_c_message_free_unpacked(out, NULL);
        reinstate__v1__response__free_unpacked(resp, NULL);
}
