// The job seeker's page: a form for the access code (GET /), and the case's
// status (POST /status), rendered on the server from GetStatus's answer.
// No script at all, so the Content-Security-Policy needs no exception; the
// code travels only in a POST body. The answer shows what `reinstate status
// --code` shows and nothing else: GetStatusResponse carries no notes,
// summaries or salary to begin with.
#ifndef RS_STATUS_PAGE_H
#define RS_STATUS_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "http_answer.h"

// The method the page calls, through the same dispatcher as every door.
#define STATUS_PAGE_METHOD "reinstate.v1.Access/GetStatus"

// The form, with message (plain text, escaped here) above it when not NULL.
void status_page_form(struct http_answer *ans, const char *agency, const char *message);

// A page in the site's frame: title (escaped), the agency, and main_html
// (trusted HTML) as the page's main content.
void status_page_render(struct http_answer *ans, unsigned status, const char *title,
                        const char *agency, const char *main_html);

// The stylesheet.
void status_page_css(struct http_answer *ans);

// Builds the GetStatus Request envelope from the form body
// (application/x-www-form-urlencoded, field "code"). Returns 0, or -1 with
// the form and a message already in ans (no code typed).
int status_page_envelope(const uint8_t *body, size_t len, const char *agency, struct buf *env,
                         struct http_answer *ans);

// Renders GetStatus's packed Response envelope: the case, or the form with
// the one friendly message every unknown, expired or revoked code gets, or
// "too many tries, wait N minutes".
void status_page_result(struct http_answer *ans, const char *agency, const uint8_t *resp,
                        size_t len);

#endif
