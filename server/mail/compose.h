// The words of reminders: the coach's digest (the same content as
// `reinstate today`: each step, its reason and its case, most urgent first)
// and the job seeker's update (the stage in plain words and what happens
// next, nothing else), as a subject, a plain-text body and a simple HTML
// body. Pure: no I/O, so tests can read every word.
#ifndef RS_COMPOSE_H
#define RS_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct digest_item {
        const char *kind; // "next_step" | "follow_up" | "task" | "stale"
        int64_t case_id;
        const char *client; // the job seeker's name
        const char *company;
        const char *title;  // the step
        const char *reason; // why ("" when the agenda gives none)
        const char *due_on; // YYYY-MM-DD
        int overdue_days;   // > 0 overdue
};

struct digest {
        const char *agency; // shown in the subject and footer
        const char *coach_name;
        const char *day;                 // the coach's local date, YYYY-MM-DD
        const struct digest_item *items; // most urgent first
        size_t n_items;
        size_t n_more; // further items not listed (the digest is capped)
        int weekly;    // the admin's weekly overview (items per coach)
};

// A mail: subject, text and HTML bodies.
struct mail_parts {
        struct buf subject, text, html;
};

void mail_parts_init(struct mail_parts *m);
void mail_parts_fini(struct mail_parts *m);

// Writes the digest into m. Returns 0, or -1 when a buffer cap was hit.
int compose_digest(const struct digest *d, struct mail_parts *m);

struct seeker_update {
        const char *agency;
        const char *company;
        const char *role_title;
        const char *stage_words; // the stage in plain words
        const char *next_step;   // the engine's client wording
        const char *coach_name;
        const char *status_url; // the status page (no code in it)
        const char *unsubscribe_url;
};

// Writes the job seeker's update into m. Returns 0, or -1 as above.
int compose_seeker_update(const struct seeker_update *u, struct mail_parts *m);

// Appends s to b with HTML's five special characters escaped.
int html_escape(struct buf *b, const char *s);

#endif
