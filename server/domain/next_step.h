// The bridge between the pure playbook engine and the database: loads cases
// and their attempts (two queries for any number of cases), runs
// playbook_next_step for each, and turns a step into its wire message.
#ifndef RS_NEXT_STEP_H
#define RS_NEXT_STEP_H

#include <stddef.h>
#include <stdint.h>

#include "playbook.h"
#include "rpc.h"
#include "reinstate/v1/playbook.pb-c.h"

// The engine's answer with its texts in call memory: what a list, an
// agenda or the wire needs of a playbook_step, without its ~6.7 KB of
// fixed buffers (a row per open case: megabytes to clear and fault in).
struct next_step_text {
        enum playbook_action action;
        const char *rule_id; // static
        const char *title, *detail, *reason, *client_wording;
        pb_day due_on;
        size_t n_warnings;
        const struct next_step_warning {
                const char *id;   // static
                const char *text; // call memory
        } * warnings;             // n_warnings of them
};

// One case's computed step with the fields lists show beside it.
struct next_step_row {
        int64_t case_id;
        int64_t coach_id;
        const char *client_name;    // call memory
        const char *company;        // call memory
        const char *stage;          // static (playbook names)
        pb_day last_activity;       // latest attempt, stage change or opening check
        pb_day follow_up_on;        // follow-up planned on the latest attempt, if any
        const char *follow_up_with; // that attempt's contact (call memory)
        struct next_step_text step; // the engine's answer
        pb_day agenda_on;           // next_step_agenda: first day it may be on an agenda
};

// Today as a day number in a coach's time zone (rs_zone: the coach's, else
// the agency's, else UTC): coach_id, or 0 for the caller (for the job
// seeker's status check, the shared case's coach). Returns a status.
int next_step_today(struct rpc_call *c, int64_t coach_id, pb_day *out);

// Parses an optional "YYYY-MM-DD" as_of field: "" gives the caller's today.
// Returns RS_OK or INVALID_ARGUMENT with a violation on field.
int next_step_as_of(struct rpc_call *c, const char *field, const char *s, pb_day *out);

// Computes the next step of each case in ids (n of them) as visible to the
// caller (their own cases; every case for an admin), in the order given.
// Cases that are not visible are left out: *found is how many rows were
// filled. rows must hold n entries. Returns a status.
int next_step_compute(struct rpc_call *c, const int64_t *ids, size_t n, pb_day today,
                      const struct playbook_settings *s, struct next_step_row *rows, size_t *found);

// As next_step_compute for the cases whose ids the query sql returns (its
// first column, in order); *rows is allocated in call memory, *found set.
// For lists of steps: each step has its title, action, rule and due day;
// its detail, reason, client wording and warnings are left empty.
int next_step_compute_query(struct rpc_call *c, const char *sql, int nparams,
                            const char *const *params, pb_day today,
                            const struct playbook_settings *s, struct next_step_row **rows,
                            size_t *found);

// As next_step_compute for the one case shared with the transaction's job
// seeker (rs_access_open set the shared-case context; there is no coach):
// the statements are scoped to that case instead of a coach. *found is 0
// when case_id is not the shared case.
int next_step_compute_shared(struct rpc_call *c, int64_t case_id, pb_day today,
                             const struct playbook_settings *s, struct next_step_row *row,
                             size_t *found);

// The open cases of coach that may be on the agenda of day today with
// horizon days ahead, with their steps computed as next_step_compute does
// (*rows in call memory, *found of them, by case id), and *open (unless
// NULL) the number of the coach's open cases the caller can see. From the
// real today on, the cases come from an index range of case_agenda (schema/080_agenda.sql): a
// case is computed only if an item of it can be due by today + horizon, and
// the first day it can be is stored again for the cases computed. For a day
// in the past every open case is computed. Steps are brief, as with
// next_step_compute_query. Returns a status.
int next_step_agenda(struct rpc_call *c, int64_t coach, pb_day today, int horizon,
                     const struct playbook_settings *s, struct next_step_row **rows, size_t *found,
                     size_t *open);

// The wire message for a step (call memory).
Reinstate__V1__NextStep *next_step_message(struct rpc_call *c, const struct next_step_text *st,
                                           pb_day today);

#endif
