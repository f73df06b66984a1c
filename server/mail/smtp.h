// Delivery to the agency's SMTP relay through libcurl: smtp:// (STARTTLS
// whenever the relay offers it), smtps:// (TLS from the first byte), user
// and password, timeouts. One call delivers one message to one recipient.
#ifndef RS_SMTP_H
#define RS_SMTP_H

#include <stddef.h>

struct smtp_relay {
        const char *url;      // "smtp://[user@]host:port" or "smtps://..."
        const char *password; // NULL: no authentication unless the URL has one
        const char *ca_file;  // PEM bundle to verify the relay; NULL: system's
        long timeout_s;       // the whole exchange (default 30)
};

// Initialises libcurl once per process (before threads start).
void smtp_global_init(void);

// Sends msg (a complete RFC 5322 message, CRLF line ends) from `from` to
// `to`. Returns 0 on success; otherwise -1 with the relay's or the
// transport's reason in err (one line), and *permanent set when retrying
// cannot help (a 5xx answer to the recipient or the data).
int smtp_send(const struct smtp_relay *relay, const char *from, const char *to, const char *msg,
              size_t len, char *err, size_t errlen, int *permanent);

// Writes the relay's URL without any password into out, for logs and the
// outbox listing.
void smtp_describe(const struct smtp_relay *relay, char *out, size_t len);

#endif
