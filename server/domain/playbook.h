// The playbook engine: what a coach should do next on a case. A pure module —
// no I/O, no database, no heap — so the rules can be read in one table and
// tested with tables of cases. It also gives the vocabulary (common/vocab.def)
// its typed enums and owns the stage transition graph; the day arithmetic the
// rules are written in is day.h. docs/playbook.md lists every rule and warning.
#ifndef RS_PLAYBOOK_H
#define RS_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "day.h"

// ---- Vocabulary ----
// The enums are generated from common/vocab.def (one row per word; the row
// comments there say what each vocabulary means). Each runs 0.._COUNT-1
// without gaps, in the order of the rows. Each has a *_name function
// returning the exact snake_case string stored in the database and shown to
// users (static storage; NULL for values outside the enum), and a *_parse
// function taking that exact string (case-sensitive) and returning false,
// with *out untouched, for anything else, including NULL.

// Where a case is in the playbook. The closed ones (reinstated, lost) last.
enum playbook_stage {
#define STAGE(id, word, closed, seeker) PLAYBOOK_STAGE_##id,
#include "vocab.def"
        PLAYBOOK_STAGE_COUNT,
};

// Whether the job that was declined is still open, as last verified.
enum playbook_opening {
#define OPENING(id, word) PLAYBOOK_OPENING_##id,
#include "vocab.def"
        PLAYBOOK_OPENING_COUNT,
};

// How an attempt reached its contact.
enum playbook_channel {
#define CHANNEL(id, word, phrase) PLAYBOOK_CHANNEL_##id,
#include "vocab.def"
        PLAYBOOK_CHANNEL_COUNT,
};

// Who an attempt reached at the company.
enum playbook_contact_role {
#define ROLE(id, word) PLAYBOOK_ROLE_##id,
#include "vocab.def"
        PLAYBOOK_ROLE_COUNT,
};

// What an attempt achieved.
enum playbook_outcome {
#define OUTCOME(id, word, to, loss, from, awaits) PLAYBOOK_OUTCOME_##id,
#include "vocab.def"
        PLAYBOOK_OUTCOME_COUNT,
};

// Why a case was lost; meaningful only with PLAYBOOK_STAGE_LOST.
enum playbook_loss_reason {
#define LOSS(id, word) PLAYBOOK_LOSS_##id,
#include "vocab.def"
        PLAYBOOK_LOSS_COUNT,
};

// The kind of next step the engine recommends.
enum playbook_action {
#define ACTION(id, word) PLAYBOOK_ACTION_##id,
#include "vocab.def"
        PLAYBOOK_ACTION_COUNT,
};

// Name and parse functions; contracts in the comment above the enums.
const char *playbook_stage_name(enum playbook_stage v);
bool playbook_stage_parse(const char *s, enum playbook_stage *out);
const char *playbook_opening_name(enum playbook_opening v);
bool playbook_opening_parse(const char *s, enum playbook_opening *out);
const char *playbook_channel_name(enum playbook_channel v);
bool playbook_channel_parse(const char *s, enum playbook_channel *out);
const char *playbook_contact_role_name(enum playbook_contact_role v);
bool playbook_contact_role_parse(const char *s, enum playbook_contact_role *out);
const char *playbook_outcome_name(enum playbook_outcome v);
bool playbook_outcome_parse(const char *s, enum playbook_outcome *out);
const char *playbook_loss_reason_name(enum playbook_loss_reason v);
bool playbook_loss_reason_parse(const char *s, enum playbook_loss_reason *out);
const char *playbook_action_name(enum playbook_action v);
bool playbook_action_parse(const char *s, enum playbook_action *out);

// ---- Stage transitions ----

// Whether a stage is open (work goes on): every stage but reinstated and
// lost. False for values outside the enum.
bool playbook_stage_is_open(enum playbook_stage s);

// Whether a case may move from one stage to another. Open stages move forward
// only: verify_opening → contact_manager (the opening is confirmed first);
// any later open stage → any stage after it, reinstated included (one call
// can cover several steps). Any open stage → lost. Reinstated and lost only
// reopen, to verify_opening or contact_manager. from == to is not a move.
bool playbook_stage_can_move(enum playbook_stage from, enum playbook_stage to);

// What an attempt outcome means for the stage of its case.
enum playbook_move {
        PLAYBOOK_MOVE_NONE,    // the outcome implies no change from this stage
        PLAYBOOK_MOVE_OK,      // it implies *target and the move is valid
        PLAYBOOK_MOVE_REFUSED, // it implies *target but the move is not valid
};

// The stage an outcome points to, with the loss reason when it is lost.
struct playbook_stage_target {
        enum playbook_stage stage;        // the stage implied
        enum playbook_loss_reason reason; // set when stage is lost; else ignore
};

// Maps an attempt outcome logged on a case at `current` to the stage it
// implies (position_filled → lost/position_filled, rejected →
// lost/manager_declined, reinterview_offered → reinterview, offer_reinstated
// → reinstated, in_discussion → in_discussion; no_answer, left_message and
// callback_requested → awaiting_response from contact_manager only;
// still_open → contact_manager from verify_opening only). An open stage the
// case has already reached or passed implies nothing. Fills *target (when
// not NULL) with the implied stage, or with `current` for MOVE_NONE. Values
// outside their enums imply nothing.
enum playbook_move playbook_outcome_stage(enum playbook_outcome o, enum playbook_stage current,
                                          struct playbook_stage_target *target);

// ---- Engine input ----

// The largest duration a setting can hold (about 270 years).
#define PLAYBOOK_SETTING_MAX 100000

// Durations the rules use, one field per numeric row of
// server/domain/settings.def (its defaults and bounds). Negative values count as 0, values above
// PLAYBOOK_SETTING_MAX as PLAYBOOK_SETTING_MAX.
struct playbook_settings {
        int32_t reverify_after_days;  // days an "open" check stays good (default 7)
        int32_t follow_up_after_days; // business days of silence before a follow-up (3)
        int32_t late_decline_days;    // days from decline to case above which odds drop (30)
        int32_t stale_after_days;     // days without any activity before a warning (14)
        int32_t manager_attempts_max; // unanswered attempts on the route before closing out (3)
        int32_t cadence_days;         // days those attempts are spread over (14)
        int32_t channel_switch_after; // unanswered attempts on one channel before switching (2)
        const pb_day *holidays;       // days that are not business days, ascending; borrowed
        size_t n_holidays;            // entries in holidays (0: none)
        int32_t access_code_ttl_days; // not read by the rules: a job seeker's code lifetime (30)
        int32_t throttle_keep_days;   // not read by the rules: the janitor's (1)
        int32_t replay_keep_days;     // not read by the rules: the janitor's (7)
};

// The defaults of server/domain/settings.def (7, 3, 30, 14, 3, 14 and 2;
// no holidays).
struct playbook_settings playbook_settings_default(void);

// A case as the engine sees it. Strings are borrowed from the caller for the
// duration of the call; NULL or "" gets a neutral wording ("the hiring
// manager"). Dates not known are PLAYBOOK_NO_DATE.
struct playbook_case {
        const char *client_name;               // the job seeker
        const char *company;                   // the company that made the offer
        const char *role_title;                // the job that was offered
        const char *manager_name;              // hiring manager from the interview
        const char *hr_name;                   // HR contact at the company
        enum playbook_stage stage;             // current stage
        enum playbook_loss_reason loss_reason; // why it was lost; read only when stage is lost
        enum playbook_opening opening;         // opening status, as last verified
        pb_day opening_verified_on;            // day the opening status was last checked
        pb_day declined_on;                    // day the client turned the offer down
        pb_day opened_on;                      // day the case was created
        pb_day stage_changed_on;               // day the case entered its current stage
        pb_day interview_on;                   // re-interview day, when one is booked
        pb_day start_on;                       // agreed start day, when reinstated
        pb_day offered_on;                     // day of the original offer
        const char *decline_reason;            // why the client declined (coach's words)
        const char *better_offer;              // the offer the client waited for
        const char *route;                     // manager | skip_level | referral | hr_last_resort
        const char *route_contact;             // the route's contact, when not the manager
        pb_day motivation_confirmed_on;        // day the client confirmed wanting this job
};

// One reinstatement attempt. Attempts may be passed in any order.
struct playbook_attempt {
        pb_day on;                     // day of the attempt (required)
        int64_t seq;                   // orders same-day attempts: higher is later (e.g. row id)
        enum playbook_channel channel; // how the contact was reached
        enum playbook_contact_role contact_role; // who was reached
        const char *contact_name;                // their name; NULL or "" when not recorded
        bool accepted_responsibility;            // the client owned the decline
        bool conveyed_commitment;                // the client said they will stay
        bool offered_reinterview;                // the client offered to interview again
        enum playbook_outcome outcome;           // what came of it
        pb_day follow_up_on;                     // planned follow-up day, or PLAYBOOK_NO_DATE
};

// ---- Engine output ----

#define PLAYBOOK_MAX_WARNINGS 8
#define PLAYBOOK_TITLE_SIZE   128
#define PLAYBOOK_DETAIL_SIZE  3072
#define PLAYBOOK_REASON_SIZE  320
#define PLAYBOOK_WORDING_SIZE 512
#define PLAYBOOK_WARNING_SIZE 320

// A caution shown beside the step; several can apply at once.
struct playbook_warning {
        const char *id;                   // stable id, e.g. "PW-01-contact-not-manager"; static
        char text[PLAYBOOK_WARNING_SIZE]; // what is wrong, with the facts
};

// The next step. All text is NUL-terminated, truncated to fit (never in the
// middle of a UTF-8 sequence). Titles, reasons and warnings are lowercase
// messages; detail and client wording are prose.
struct playbook_step {
        enum playbook_action action;       // what kind of step; see playbook_action_name
        const char *rule_id;               // stable id of the rule that fired; static
        char title[PLAYBOOK_TITLE_SIZE];   // one line for lists
        char detail[PLAYBOOK_DETAIL_SIZE]; // how to do it, scripts with names filled in
        pb_day due_on;                     // when it is due; PLAYBOOK_NO_DATE only for bad input
        char reason[PLAYBOOK_REASON_SIZE]; // why the rule fired, with the facts
        size_t n_warnings;                 // entries used in warnings[]
        struct playbook_warning warnings[PLAYBOOK_MAX_WARNINGS]; // in table order
        char client_wording[PLAYBOOK_WORDING_SIZE]; // for the job seeker: no notes, pay or attempts
};

// Computes the next step for a case from its attempts (any order; n_attempts
// of them, attempts may be NULL when 0) as of `today`, with settings s (NULL
// = defaults). Always fills *out: bad input (NULL case, enum values outside
// their range, an attempt without a day, no today, a date outside years
// 1..9999) yields the PB-00-invalid-case step. Does nothing when out is NULL.
void playbook_next_step(const struct playbook_case *c, const struct playbook_attempt *attempts,
                        size_t n_attempts, pb_day today, const struct playbook_settings *s,
                        struct playbook_step *out);

// The stable ids of the engine's rules (in the order they are tried) and
// then of its warnings: the i-th, or NULL past the end. Static. Lets tests
// and docs be checked against the engine's own tables.
const char *playbook_rule_id(size_t i);

#endif
