// The web door's share of reminders: a coach's calendar feed
// (GET /calendar/TOKEN.ics, text/calendar, for calendar applications) and
// the unsubscribe link of a job seeker's update (GET /unsubscribe?t=TOKEN
// shows a button; POST, from that button or a mail client's one-click
// unsubscribe (RFC 8058), stops the mail). Both go through the dispatcher
// like every call: Calendar/GetFeed and Outbox/Unsubscribe.
#ifndef RS_REMINDER_PAGES_H
#define RS_REMINDER_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "http_answer.h"

#define CALENDAR_PREFIX  "/calendar/"
#define UNSUBSCRIBE_PATH "/unsubscribe"

// Longest token either link carries, with its NUL.
#define REMINDER_TOKEN_MAX 80

// The token of a calendar feed's path ("/calendar/TOKEN.ics"), into out.
// Returns 0, or -1 when url is not such a path.
int calendar_token(const char *url, char *out, size_t len);

// The Request envelope of Calendar/GetFeed for token, into env. Returns 0.
int calendar_envelope(const char *token, struct buf *env);

// The feed from GetFeed's packed Response envelope; a plain 404 for a
// feed that does not exist (or was revoked).
void calendar_result(struct http_answer *ans, const uint8_t *resp, size_t len);

// The page behind an update's unsubscribe link: one button that POSTs.
void unsubscribe_page(struct http_answer *ans, const char *agency, const char *token);

// The token of a POST to /unsubscribe: the form's field t, else the
// query's t (one-click unsubscribe). Returns 0, or -1 with the page and a
// message in ans.
int unsubscribe_token(const uint8_t *body, size_t len, const char *query_t, const char *agency,
                      char *out, size_t outlen, struct http_answer *ans);

// The Request envelope of Outbox/Unsubscribe for token, into env. Returns 0.
int unsubscribe_envelope(const char *token, struct buf *env);

// The page after the POST: done, or the link is not known.
void unsubscribe_result(struct http_answer *ans, const char *agency, const uint8_t *resp,
                        size_t len);

#endif
