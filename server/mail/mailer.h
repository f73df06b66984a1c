// The reminders' background work, one thread per server: it queues each
// coach's daily digest at their local time (and admins' weekly overview),
// queues job seekers' updates when their case changes stage, and delivers
// the outbox to the agency's SMTP relay with retries and backoff. Between
// passes it also runs the janitor (server/ops/janitor.h), which deletes
// rows past their retention.
//
// It composes reminders through the server's own RPCs (Playbook/Today,
// Cases/GetCase, ...) over an in-process nng listener, as the coach, under
// a session of a few minutes opened for that purpose: a digest holds exactly
// what `reinstate today` shows, under the same row-level security, and the
// mailer needs no second copy of any query.
#ifndef RS_MAILER_H
#define RS_MAILER_H

#include <stdint.h>

struct mailer_opts {
        const char *conninfo;      // the server's own connection (the owner's)
        const char *rpc_url;       // this server's in-process listener
        const char *smtp_url;      // NULL or "": queue only, nothing is sent
        const char *smtp_password; // NULL: none (or the URL's own)
        const char *smtp_ca_file;  // NULL: the system's bundle
        const char *mail_from;     // envelope and From address
        const char *public_url;    // base of links: "https://status.agency.example"
        const char *agency_name;   // "Demo Agency"
        uint32_t tick_ms;          // pause between passes (default 15000)
        uint32_t retry_base_ms;    // first retry delay; doubles (default 60000)
        int max_attempts;          // delivery attempts before "failed" (default 8)
        uint32_t janitor_ms;       // pause between janitor passes (default hourly; janitor.h)
};

struct mailer;

// Starts the thread. Returns 0, or -1 after logging.
int mailer_start(struct mailer **out, const struct mailer_opts *opts);

// Stops the thread (finishing the message being sent) and frees it. NULL is safe.
void mailer_stop(struct mailer *m);

// Wakes the thread for a pass now (after a digest request, say).
void mailer_wake(struct mailer *m);

// Wakes the running mailer, if any (a digest was requested).
void mailer_wake_all(void);

// The mailer's counts for /metrics: messages queued in the outbox (as of
// the last pass), and messages this process sent or saw fail (attempts).
void mailer_counts(long long *queued, unsigned long long *sent, unsigned long long *failed);

// How mail leaves this server, for the outbox listing: the relay's URL
// without secrets, or why nothing is sent. Safe from any thread.
void mailer_relay_text(char *out, size_t len);

// The public base URL of links in mail and feeds ("" when none is known).
void mailer_public_url(char *out, size_t len);

#endif
