// The facts the playbook's rules look at, gathered in one pass over a case
// and its attempts (playbook_facts.c), and the small helpers the rules and
// warnings are written in. Internal to the engine: only playbook.c and the
// files it is split into include it. Pure: no I/O, no heap.
#ifndef RS_PLAYBOOK_FACTS_H
#define RS_PLAYBOOK_FACTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "playbook.h"
#include "text.h"
#include "vocab.h"

// ---- Text ----

// A formatted day that lives until the end of the full expression using it.
struct day_text {
        char s[PLAYBOOK_DATE_SIZE];
};

static inline struct day_text ds(pb_day d)
{
        struct day_text t;
        if (!playbook_date_format(d, t.s, sizeof t.s))
                snprintf(t.s, sizeof t.s, "unknown");
        return t;
}

// "s" unless n is 1, for "1 day" and "2 days".
static inline const char *plural(int64_t n)
{
        return n == 1 ? "" : "s";
}

// A vocabulary name for text; "?" stands in for a value outside its enum.
static inline const char *nz(const char *name)
{
        return name ? name : "?";
}

static inline const char *or_default(const char *s, const char *fallback)
{
        return s && s[0] ? s : fallback;
}

// How to name a channel in advice: "by phone", "by email"... (vocab.def).
static inline const char *channel_phrase(enum playbook_channel ch)
{
        const char *p = vocab_channel_phrase((int)ch);
        return p ? p : "through the same channel as last time";
}

// ---- Facts ----

// What the rules look at, gathered in one pass.
struct facts {
        const struct playbook_case *c;
        pb_day today;
        struct playbook_settings s;         // clamped
        char invalid[PLAYBOOK_REASON_SIZE]; // non-empty: the input cannot be used
        const char *client;                 // names with neutral fallbacks
        const char *manager;
        const char *company;
        char job[256];     // "the Data Analyst role at Acme"
        char job_cap[256]; // the same at the start of a sentence
        size_t n_attempts;
        const struct playbook_attempt *latest;       // latest attempt of all
        const struct playbook_attempt *mgr_latest;   // latest to the hiring manager
        const struct playbook_attempt *mgr_previous; // the one before it
        const struct playbook_attempt *filled;       // latest position_filled, not superseded
        const struct playbook_attempt *reinterview;  // latest reinterview_offered
        const struct playbook_attempt *talked;       // latest manager callback or discussion
        const struct playbook_attempt *gone;         // latest route contact_gone, if current
        int unanswered;                           // unanswered route attempts since the last answer
        pb_day first_unanswered;                  // the first of them
        int same_channel;                         // of those, on the latest one's channel
        const struct playbook_attempt *last_talk; // latest route conversation
        const struct playbook_attempt *written;   // latest written contact to that person after it
        const struct playbook_attempt *recap;     // last_talk, while its written recap is owed
        pb_day recap_due;                         // the recap's due day: next business day
        bool route_switched;                      // the route in is not the hiring manager
        bool route_reached;                       // some attempt reached the route's own contact
        bool responsibility;                      // accepted in some attempt
        bool commitment;                          // conveyed in some attempt
        bool offered_reinterview;                 // offered in some attempt
        pb_day last_activity;                     // latest dated event on the case
        int pending;                              // PENDING_* below
        pb_day pending_due;                       // when the pending follow-up is due
};

// What the case is waiting for, if anything.
enum {
        PENDING_NONE,
        PENDING_CONTACT,   // a reply from the hiring manager
        PENDING_INTERVIEW, // a decision after the re-interview
};

static inline bool is_later_or_same(const struct playbook_attempt *x,
                                    const struct playbook_attempt *y)
{
        if (x->on != y->on)
                return x->on > y->on;
        return x->seq >= y->seq;
}

static inline bool day_ok(pb_day d)
{
        return d == PLAYBOOK_NO_DATE || (d >= PLAYBOOK_DAY_MIN && d <= PLAYBOOK_DAY_MAX);
}

static inline int64_t age(pb_day since, pb_day today)
{
        return (int64_t)today - since;
}

static inline bool stage_is(const struct facts *f, enum playbook_stage s)
{
        return f->c->stage == s;
}

// Before any conversation: verify_opening, contact_manager, awaiting_response.
static inline bool early_stage(const struct facts *f)
{
        return f->c->stage <= PLAYBOOK_STAGE_AWAITING_RESPONSE;
}

// Getting to and holding the conversation: early stages and in_discussion.
static inline bool working_stage(const struct facts *f)
{
        return f->c->stage <= PLAYBOOK_STAGE_IN_DISCUSSION;
}

// Whether the case is on the re-interview track: in the stage, or offered one
// while still working towards it.
static inline bool reinterview_track(const struct facts *f)
{
        return stage_is(f, PLAYBOOK_STAGE_REINTERVIEW) || (working_stage(f) && f->reinterview);
}

static inline bool interview_held(const struct facts *f)
{
        return f->c->interview_on != PLAYBOOK_NO_DATE && f->c->interview_on < f->today;
}

// Who an attempt reached, as advice names them: the manager on the manager
// route, else the attempt's contact.
static inline const char *who_of(const struct facts *f, const struct playbook_attempt *a)
{
        return f->route_switched ? or_default(a->contact_name, f->manager) : f->manager;
}

static inline bool no_reply(enum playbook_outcome o)
{
        return o == PLAYBOOK_OUTCOME_NO_ANSWER || o == PLAYBOOK_OUTCOME_LEFT_MESSAGE;
}

static inline bool conversation(enum playbook_outcome o)
{
        return o == PLAYBOOK_OUTCOME_CALLBACK_REQUESTED || o == PLAYBOOK_OUTCOME_IN_DISCUSSION ||
               o == PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED || o == PLAYBOOK_OUTCOME_OFFER_REINSTATED;
}

static inline bool written(enum playbook_channel ch)
{
        return ch == PLAYBOOK_CHANNEL_EMAIL || ch == PLAYBOOK_CHANNEL_LETTER ||
               ch == PLAYBOOK_CHANNEL_LINKEDIN;
}

// The day of the next contact with the manager: the pending follow-up when it
// is still ahead, else today.
static inline pb_day next_contact_day(const struct facts *f)
{
        if (f->pending != PENDING_NONE && f->pending_due > f->today)
                return f->pending_due;
        return f->today;
}

// Fills *f from the case, its attempts (any order), today and the settings
// (NULL = defaults; clamped as playbook.h says). When the input cannot be
// used, f->invalid says why and the other facts are not gathered. The case
// and attempts are borrowed: f points into them.
void facts_gather(struct facts *f, const struct playbook_case *c, const struct playbook_attempt *a,
                  size_t n, pb_day today, const struct playbook_settings *s);

// d plus n (>= 0) business days: Mon-Fri days that are not the agency's
// holidays (f->s.holidays). PLAYBOOK_NO_DATE stays so.
pb_day facts_add_bdays(const struct facts *f, pb_day d, int32_t n);

// Business days in (a, b] that are not holidays; a <= b.
int32_t facts_bdays_between(const struct facts *f, pb_day a, pb_day b);

#endif
