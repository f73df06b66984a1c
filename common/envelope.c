// Envelope decoding with limits checked before protobuf-c sees the bytes:
// protobuf-c's unpack is not hardened against huge inputs, so the size cap
// comes first, then field-level checks that every handler can rely on.
#include "envelope.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "status.h"
#include "wirecheck.h"
#include "banned.h"

int envelope_request_id_valid(const char *id)
{
        size_t n = strlen(id);

        if (n == 0 || n > RS_MAX_REQUEST_ID_LEN)
                return 0;
        for (size_t i = 0; i < n; i++) {
                char ch = id[i];
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == ':' || ch == '-'))
                        return 0;
        }
        return 1;
}

void envelope_new_request_id(char *buf, size_t len)
{
        unsigned char raw[16];

        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(buf, len, raw, len >= 33 ? sizeof(raw) : (len - 1) / 2);
}

int envelope_decode_request(const void *data, size_t len, Reinstate__V1__Request **out, char *why,
                            size_t whylen)
{
        Reinstate__V1__Request *req;

        *out = NULL;
        if (len > RS_MAX_REQUEST_BYTES) {
                snprintf(why, whylen, "request of %zu bytes exceeds the limit of %u bytes", len,
                         RS_MAX_REQUEST_BYTES);
                return RS_RESOURCE_EXHAUSTED;
        }
        {
                char field[160], bad[64];
                if (wirecheck_strings(&reinstate__v1__request__descriptor, data, len, field,
                                      sizeof(field), bad, sizeof(bad)) != 0) {
                        snprintf(why, whylen, "request envelope field %s %s", field, bad);
                        return RS_INVALID_ARGUMENT;
                }
        }
        req = reinstate__v1__request__unpack(NULL, len, data);
        if (req == NULL) {
                snprintf(why, whylen, "request envelope is not a valid protobuf message");
                return RS_INVALID_ARGUMENT;
        }
        if (req->protocol_version != RS_PROTOCOL_VERSION) {
                snprintf(why, whylen, "protocol version %u is not supported (server speaks %u)",
                         req->protocol_version, RS_PROTOCOL_VERSION);
                reinstate__v1__request__free_unpacked(req, NULL);
                return RS_FAILED_PRECONDITION;
        }
        if (req->method[0] == '\0' || strlen(req->method) > RS_MAX_METHOD_LEN) {
                snprintf(why, whylen, "method name is empty or longer than %d characters",
                         RS_MAX_METHOD_LEN);
                reinstate__v1__request__free_unpacked(req, NULL);
                return RS_INVALID_ARGUMENT;
        }
        if (req->request_id[0] != '\0' && !envelope_request_id_valid(req->request_id)) {
                snprintf(why, whylen,
                         "request_id must be 1-%d characters of letters, digits and . _ : -",
                         RS_MAX_REQUEST_ID_LEN);
                reinstate__v1__request__free_unpacked(req, NULL);
                return RS_INVALID_ARGUMENT;
        }
        if (strlen(req->auth_token) > RS_MAX_TOKEN_LEN) {
                snprintf(why, whylen, "auth token is too long");
                reinstate__v1__request__free_unpacked(req, NULL);
                return RS_INVALID_ARGUMENT;
        }
        *out = req;
        return RS_OK;
}

int envelope_decode_response(const void *data, size_t len, Reinstate__V1__Response **out, char *why,
                             size_t whylen)
{
        Reinstate__V1__Response *resp;

        *out = NULL;
        if (len > RS_MAX_RESPONSE_BYTES) {
                snprintf(why, whylen, "response of %zu bytes exceeds the limit", len);
                return RS_RESOURCE_EXHAUSTED;
        }
        resp = reinstate__v1__response__unpack(NULL, len, data);
        if (resp == NULL) {
                snprintf(why, whylen, "response envelope is not a valid protobuf message");
                return RS_INTERNAL;
        }
        if (resp->code < 0 || resp->code > RS_STATUS_MAX) {
                snprintf(why, whylen, "response carries unknown status code %d", resp->code);
                reinstate__v1__response__free_unpacked(resp, NULL);
                return RS_INTERNAL;
        }
        *out = resp;
        return RS_OK;
}
