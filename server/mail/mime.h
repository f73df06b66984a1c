// Turns a stored outbox message into the bytes a relay receives: RFC 5322
// headers (the subject encoded per RFC 2047 when it is not ASCII), and a
// multipart/alternative body with a text/plain and a text/html part, both
// UTF-8 and quoted-printable, so no line is too long and no 8-bit byte
// depends on the relay's 8BITMIME. The same row always gives the same
// bytes: resends are the same message.
#ifndef RS_MIME_H
#define RS_MIME_H

#include <stddef.h>
#include <stdint.h>

struct mime_message {
        const char *from;             // "reinstate <reminders@agency.example>" or an address
        const char *to;               // one address
        const char *subject;          // UTF-8
        const char *message_id;       // "<outbox-1.abcd@agency.example>"
        int64_t date;                 // Unix seconds for the Date header
        const char *text;             // text/plain body (UTF-8, \n line ends)
        const char *html;             // text/html body; "" for text only
        const char *list_unsubscribe; // URL for List-Unsubscribe, or NULL
};

// Renders m into a malloc'd, NUL-terminated buffer (*len without the NUL).
// Returns NULL on ENOMEM.
char *mime_render(const struct mime_message *m, size_t *len);

#endif
