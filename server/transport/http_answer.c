// HTTP answers; see http_answer.h.
#include "http_answer.h"

#include <string.h>

#include "banned.h"

void http_answer_init(struct http_answer *a)
{
        memset(a, 0, sizeof(*a));
        a->status = 500;
        a->content_type = "text/plain; charset=utf-8";
        buf_init(&a->body, HTTP_MAX_ANSWER_BYTES);
}

void http_answer_fini(struct http_answer *a)
{
        buf_fini(&a->body);
}

void http_answer_text(struct http_answer *a, unsigned status, const char *text)
{
        buf_fini(&a->body);
        buf_init(&a->body, HTTP_MAX_ANSWER_BYTES);
        buf_adds(&a->body, text);
        buf_adds(&a->body, "\n");
        a->status = status;
        a->content_type = "text/plain; charset=utf-8";
}
