// The request/response envelope: size limits, decoding with validation, and
// encoding. Shared by server, client, tests and benchmarks so both ends
// enforce the same limits.
#ifndef RS_ENVELOPE_H
#define RS_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "reinstate/v1/envelope.pb-c.h"

// Transport cap on the server: a larger message makes nng drop the pipe
// before any decoding. It is the request cap plus room for nng's header, so
// a connection holding a frame unfinished holds at most this much (nng
// allocates the length a frame announces when its header arrives). The
// client refuses to send a larger request (RESOURCE_EXHAUSTED).
#define RS_MAX_WIRE_BYTES (RS_MAX_REQUEST_BYTES + 1024u)
// Largest request envelope the server decodes; between this and the wire cap
// the server answers RESOURCE_EXHAUSTED.
#define RS_MAX_REQUEST_BYTES (256u * 1024u)
// Largest response the client accepts.
#define RS_MAX_RESPONSE_BYTES (16u * 1024u * 1024u)
#define RS_MAX_METHOD_LEN     128
#define RS_MAX_REQUEST_ID_LEN 64
#define RS_MAX_TOKEN_LEN      128
// Deadlines: 0 in a request means RS_DEFAULT_TIMEOUT_MS; larger values are
// clamped to RS_MAX_TIMEOUT_MS.
#define RS_DEFAULT_TIMEOUT_MS 10000
#define RS_MAX_TIMEOUT_MS     300000u

// The address reinstated listens on and the CLI calls when none is given.
#define RS_DEFAULT_URL "tcp://127.0.0.1:7700"

// Most rows one page of a list call returns (a larger page_size is refused
// or clamped); the CLI asks for full pages.
#define RS_MAX_PAGE_SIZE 500

// A number macro's value as a string literal ("500"), for SQL and help text
// that quote one of the numbers above.
#define RS_STR_(x)          #x
#define RS_STR(x)           RS_STR_(x)
#define RS_PROTOCOL_VERSION 1u

// Decodes and validates a request envelope. On success returns RS_OK and sets
// *out (free with reinstate__v1__request__free_unpacked). Otherwise returns
// RESOURCE_EXHAUSTED (too large), INVALID_ARGUMENT (undecodable or a bad
// field) or FAILED_PRECONDITION (protocol version) with a reason in why.
int envelope_decode_request(const void *data, size_t len, Reinstate__V1__Request **out, char *why,
                            size_t whylen);

// Decodes a response envelope (client side, capped at RS_MAX_RESPONSE_BYTES).
// As envelope_decode_request.
int envelope_decode_response(const void *data, size_t len, Reinstate__V1__Response **out, char *why,
                             size_t whylen);

// Whether a request id is acceptable: 1..RS_MAX_REQUEST_ID_LEN characters of
// [A-Za-z0-9._:-]. An empty id is valid only where no idempotency is asked.
int envelope_request_id_valid(const char *id);

// Fills buf (at least 33 bytes) with a fresh random request id (32 hex digits).
void envelope_new_request_id(char *buf, size_t len);

#endif
