// The Connect protocol's unary mapping (connectrpc.com/docs/protocol) onto
// the dispatcher's envelopes: POST /reinstate.v1.Service/Method with a JSON
// (application/json) or binary (application/proto) message becomes a
// Request envelope; the Response envelope becomes the message or a Connect
// error ({"code":"not_found","message":...}) with the HTTP status Connect
// gives that code. Headers: Authorization: Bearer TOKEN (the session),
// Idempotency-Key (the request_id), Connect-Timeout-Ms (the deadline).
// Pure framing: nothing here runs a call, so both doors share one path.
#ifndef RS_CONNECT_H
#define RS_CONNECT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "http_answer.h"

// Where the web door mounts Connect: every path under it is a method name.
#define CONNECT_PREFIX "/reinstate.v1."

// The HTTP parts of one Connect request (header values may be NULL).
struct connect_request {
        const char *path;             // "/reinstate.v1.Cases/GetCase"
        const char *content_type;     // Content-Type
        const char *content_encoding; // Content-Encoding
        const char *authorization;    // Authorization
        const char *idempotency_key;  // Idempotency-Key
        const char *timeout_ms;       // Connect-Timeout-Ms
        const uint8_t *body;
        size_t len;
        int too_large; // the body went past RS_MAX_REQUEST_BYTES
};

// Builds the packed Request envelope into env (capped like the nng wire).
// Returns 0, sets *json (1 for application/json, 0 for application/proto);
// or -1 with the error answer already in ans.
int connect_to_envelope(const struct connect_request *r, struct buf *env, int *json,
                        struct http_answer *ans);

// Turns the dispatcher's packed Response envelope for method (the full
// name) into the answer: the output message as JSON or proto, or the error.
// resp NULL (the server ran out of memory) answers internal.
void connect_from_envelope(const char *method, int json, const uint8_t *resp, size_t len,
                           struct http_answer *ans);

// Writes a Connect error answer: the status Connect maps code to, a JSON
// body with the code's name and message.
void connect_error(struct http_answer *ans, int code, const char *message);

// The HTTP status Connect specifies for a status code (404 for NOT_FOUND).
unsigned connect_http_status(int code);

// The Connect name of a status code ("not_found", "canceled"); never NULL.
const char *connect_code_name(int code);

#endif
