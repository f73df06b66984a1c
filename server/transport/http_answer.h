// What the web door sends back for one HTTP request: a status, a body and
// the few headers that depend on the answer. The door adds the security
// headers every answer carries (http_door.c).
#ifndef RS_HTTP_ANSWER_H
#define RS_HTTP_ANSWER_H

#include <stdint.h>

#include "buf.h"

// Largest answer body the door builds (a Connect response or a page).
#define HTTP_MAX_ANSWER_BYTES (32u * 1024u * 1024u)

struct http_answer {
        unsigned status;          // HTTP status (200, 404...)
        const char *content_type; // static string
        struct buf body;          // owned; buf_fini'd by the door
        uint32_t retry_after_ms;  // > 0: a Retry-After header (rounded up to s)
        const char *allow;        // an Allow header (405), or NULL
        const char *accept_post;  // an Accept-Post header (415), or NULL
};

// Empties a for reuse: status 500, no body, no extra headers.
void http_answer_init(struct http_answer *a);

// Releases the body.
void http_answer_fini(struct http_answer *a);

// Sets a plain-text answer (lowercase message, a newline added).
void http_answer_text(struct http_answer *a, unsigned status, const char *text);

#endif
