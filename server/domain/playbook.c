// The playbook engine: the next step on a case as a pure function of the case,
// its attempts and today. The facts the rules need (latest attempt, latest
// contact with the hiring manager, whether commitment was conveyed...) are
// gathered once by playbook_facts.c; the scripts the coach rehearses are in
// playbook_script.c. What is left here is the engine itself, to read top to
// bottom: the rules, where the first whose predicate holds fills the step,
// and the warnings, which all stack. Text is written through text.h into the
// step's own arrays.
//
// Limits are exact and documented in docs/playbook.md: calendar-day limits
// (re-verify, late decline, stale) fire when the age is strictly greater than
// the setting; the business-day follow-up is due on the day the wait ends and
// fires from that day on.
#include "playbook.h"

#include <stdio.h>
#include <string.h>

#include "playbook_facts.h"
#include "playbook_script.h"
#include "banned.h"

// Business days given to prepare for a re-interview with no date booked.
#define PREPARE_BUSINESS_DAYS 2
// Calendar days after the start date of the check-ins on a won case.
static const int check_in_days[] = {7, 30, 60, 90};
#define N_CHECK_INS (sizeof check_in_days / sizeof check_in_days[0])

// ---- Rules ----
// Each rule: a predicate over the facts and a fill that writes the step (the
// engine sets rule_id and clears the text before calling it).

struct fill {
        struct text title, detail, reason, wording;
};

static bool when_invalid(const struct facts *f)
{
        return f->invalid[0] != '\0';
}

static void fill_invalid(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_REVIEW_CASE;
        st->due_on = f->today != PLAYBOOK_NO_DATE && day_ok(f->today) ? f->today : PLAYBOOK_NO_DATE;
        text_add(&o->title, "review the case record");
        text_add(&o->detail,
                 "The case cannot be assessed as recorded: %s. Correct the record, then ask for "
                 "the next step again.",
                 f->invalid);
        text_add(&o->reason, "%s", f->invalid);
        text_add(&o->wording, "Your coach is reviewing your case.");
}

static bool when_reinstated(const struct facts *f)
{
        return stage_is(f, PLAYBOOK_STAGE_REINSTATED);
}

static void fill_close_won(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        pb_day start = f->c->start_on;
        st->action = PLAYBOOK_ACTION_CLOSE_WON;
        text_add(&o->title, "close as won and check in after the start");
        text_add(&o->detail,
                 "The offer from %s has been reinstated. Make sure the agreed terms (title, start "
                 "date, pay) are confirmed in writing. ",
                 f->company);
        if (start != PLAYBOOK_NO_DATE) {
                // The next check-in from today on; after the last, the last.
                size_t k = 0;
                while (k + 1 < N_CHECK_INS && start + check_in_days[k] < f->today)
                        k++;
                st->due_on = start + check_in_days[k];
                if (k == 0)
                        text_add(&o->detail, "Check in with %s on %s, a week after the start on %s",
                                 f->client, ds(st->due_on).s, ds(start).s);
                else
                        text_add(&o->detail,
                                 "Check in with %s on %s, %d days after the start on %s", f->client,
                                 ds(st->due_on).s, check_in_days[k], ds(start).s);
                text_add(&o->detail,
                         " (check-ins at 1 week, 30, 60 and 90 days), to see that the start went "
                         "well and that the commitment made to %s is being honoured. ",
                         f->manager);
                text_add(&o->reason, "case is reinstated; start date %s; check-in %zu of %zu",
                         ds(start).s, k + 1, N_CHECK_INS);
                if (k == 0)
                        text_add(&o->wording,
                                 "Good news: %s has reinstated your offer. Your coach will check "
                                 "in with you on %s, a week after you start.",
                                 f->company, ds(st->due_on).s);
                else
                        text_add(&o->wording,
                                 "Congratulations on your return to %s. Your coach will check in "
                                 "with you on %s, %d days after you started.",
                                 f->company, ds(st->due_on).s, check_in_days[k]);
        } else {
                st->due_on = f->today;
                text_add(&o->detail,
                         "The start date is not recorded: confirm it with %s and record it "
                         "(case edit --start-on DATE); the check-ins are due 1 week, 30, 60 and "
                         "90 days after it. ",
                         f->client);
                text_add(&o->reason, "case is reinstated; start date not recorded");
                text_add(&o->wording,
                         "Good news: %s has reinstated your offer. Your coach will check in with "
                         "you a week after you start.",
                         f->company);
        }
        text_add(&o->detail, "Debrief the lesson with the client: think hard before turning "
                             "down an offer.");
}

static bool when_lost(const struct facts *f)
{
        return stage_is(f, PLAYBOOK_STAGE_LOST);
}

static void fill_record_lesson(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        enum playbook_loss_reason why = f->c->loss_reason;
        st->action = PLAYBOOK_ACTION_RECORD_LESSON;
        st->due_on = f->today;
        text_add(&o->title, "record the lesson of the lost case");
        text_add(&o->detail,
                 "The case for %s was closed as lost (%s). Debrief with %s and record the lesson: "
                 "think hard before turning down an offer, because an offer in hand is worth more "
                 "than offers that may never come. ",
                 f->job, nz(playbook_loss_reason_name(why)), f->client);
        switch (why) {
        case PLAYBOOK_LOSS_POSITION_FILLED:
                text_add(&o->detail, "The seat was filled first: the sooner a regretted decline "
                                     "is acted on, the better the odds.");
                break;
        case PLAYBOOK_LOSS_MANAGER_DECLINED:
                text_add(&o->detail,
                         "%s declined to reconsider; part on good terms, since people and openings "
                         "move.",
                         f->manager);
                break;
        case PLAYBOOK_LOSS_CLIENT_WITHDREW:
                text_add(&o->detail, "The client withdrew: note what changed their mind.");
                break;
        case PLAYBOOK_LOSS_NO_RESPONSE:
                text_add(&o->detail, "The manager never answered: note which channels were tried "
                                     "and how often, and make sure the close-out note went out.");
                break;
        default:
                break;
        }
        text_add(&o->reason, "case closed as lost (reason %s)", nz(playbook_loss_reason_name(why)));
        if (f->c->stage_changed_on != PLAYBOOK_NO_DATE)
                text_add(&o->reason, " on %s", ds(f->c->stage_changed_on).s);
        text_add(&o->wording,
                 "This offer could not be won back. Your coach will go over what to take from it "
                 "with you, above all to think hard before turning down an offer.");
}

static bool when_filled(const struct facts *f)
{
        return f->c->opening == PLAYBOOK_OPENING_FILLED || f->filled;
}

static void fill_position_filled(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_CLOSE_LOST;
        st->due_on = f->today;
        text_add(&o->title, "close the case as lost: the position is filled");
        text_add(&o->detail,
                 "%s has been filled. Move the case to lost with reason position_filled. Debrief "
                 "with %s: the lesson is to think hard before turning down an offer, and to weigh "
                 "an offer in hand against offers that may never come. If the contact with %s "
                 "went well, ask to be kept in mind for future openings.",
                 f->job_cap, f->client, f->manager);
        if (f->c->opening == PLAYBOOK_OPENING_FILLED)
                text_add(&o->reason, "opening marked filled (verified %s)",
                         ds(f->c->opening_verified_on).s);
        else
                text_add(&o->reason, "the attempt on %s with %s reported the position filled",
                         ds(f->filled->on).s,
                         or_default(f->filled->contact_name,
                                    nz(playbook_contact_role_name(f->filled->contact_role))));
        text_add(&o->wording,
                 "%s has been filled, so this offer cannot be won back. Your coach will talk with "
                 "you about what to take from it and what comes next.",
                 f->job_cap);
}

static bool when_opening_unknown(const struct facts *f)
{
        return early_stage(f) && f->c->opening == PLAYBOOK_OPENING_UNKNOWN;
}

static void fill_verify_opening(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_VERIFY_OPENING;
        st->due_on = f->today;
        text_add(&o->title, "verify the job is still open before contacting anyone");
        text_add(&o->detail,
                 "Before anyone approaches %s, find out whether %s is still open: check the "
                 "company's careers page and the job boards where it was posted, or ask a contact "
                 "who can find out discreetly. Do not call the hiring manager or HR yet. Record "
                 "the result (open or filled) with today's date.",
                 f->company, f->job);
        text_add(&o->reason, "opening status is unknown");
        text_add(&o->wording, "Your coach is checking whether %s is still open.", f->job);
}

static bool when_verification_old(const struct facts *f)
{
        pb_day v = f->c->opening_verified_on;
        return early_stage(f) && f->c->opening == PLAYBOOK_OPENING_OPEN &&
               (v == PLAYBOOK_NO_DATE || age(v, f->today) > f->s.reverify_after_days);
}

static void fill_reverify_opening(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        pb_day v = f->c->opening_verified_on;
        st->action = PLAYBOOK_ACTION_REVERIFY_OPENING;
        st->due_on = f->today;
        text_add(&o->title, "re-verify the job is still open");
        text_add(&o->detail,
                 "Openings get filled quickly. Before the next contact with %s, confirm that %s is "
                 "still open (careers page, job boards or a discreet contact) and record the "
                 "result with today's date.",
                 f->company, f->job);
        if (v == PLAYBOOK_NO_DATE)
                text_add(&o->reason, "opening marked open but the day it was verified is not "
                                     "recorded");
        else
                text_add(&o->reason, "opening last verified %lld day%s ago on %s (limit %d)",
                         (long long)age(v, f->today), plural(age(v, f->today)), ds(v).s,
                         (int)f->s.reverify_after_days);
        text_add(&o->wording, "Your coach is confirming that %s is still open.", f->job);
}

// A case reopened after the manager said no (its stage changed on or after
// that answer) starts the conversation again: that "no" is not a reply the
// coach waits on, nor one a later rule knows what to do with.
static bool reopened_after_no(const struct facts *f)
{
        return f->mgr_latest && f->mgr_latest->outcome == PLAYBOOK_OUTCOME_REJECTED &&
               f->c->stage_changed_on != PLAYBOOK_NO_DATE &&
               f->c->stage_changed_on >= f->mgr_latest->on;
}

static bool when_manager_not_contacted(const struct facts *f)
{
        return early_stage(f) && f->c->opening == PLAYBOOK_OPENING_OPEN &&
               (!f->mgr_latest || (f->route_switched && !f->route_reached) || reopened_after_no(f));
}

// Before the first contact on the route (the manager call), the client
// confirms they really want the job: the manager must believe they are not
// taking it because it is the only one left.
static bool when_motivation_unconfirmed(const struct facts *f)
{
        return when_manager_not_contacted(f) && !f->route_reached &&
               f->c->motivation_confirmed_on == PLAYBOOK_NO_DATE;
}

static void fill_confirm_motivation(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        const char *who = f->route_switched ? f->c->route_contact : f->manager;
        st->action = PLAYBOOK_ACTION_CONFIRM_MOTIVATION;
        st->due_on = f->today;
        text_add(&o->title, "confirm the client really wants this job before the first call");
        text_add(&o->detail,
                 "Before %s is contacted, confirm that %s really wants this job and that the "
                 "other offer is really gone: the manager has to believe the client is not "
                 "taking the job because it is the only one left and will not leave when "
                 "something better comes along, and reneging twice burns %s for good. Set "
                 "expectations at the same time: winning the offer back is possible but "
                 "difficult, so keep the job search going in parallel. If the client hesitates, "
                 "stop here and close the case (client_withdrew) rather than reach out. Once "
                 "they are sure, record it with case edit --motivation-confirmed; then "
                 "contact %s.",
                 who, f->client, f->company, who);
        text_add(&o->reason,
                 "motivation not confirmed before the first contact with %s: the manager must "
                 "believe the client is \"not taking this job because it's the only one left\"",
                 who);
        text_add(&o->wording,
                 "Before anyone contacts %s, your coach will check with you that you really "
                 "want this job and that the other offer is behind you.",
                 f->company);
}

static void fill_contact_manager(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        const struct playbook_case *c = f->c;
        bool named = c->manager_name && c->manager_name[0];
        const char *who = f->route_switched ? c->route_contact : (named ? c->manager_name : NULL);
        st->action = PLAYBOOK_ACTION_CONTACT_MANAGER;
        st->due_on = f->today;
        if (f->route_switched) {
                text_add(&o->title, "contact %s", script_route_words(c->route));
                text_add(&o->detail, "Have %s contact %s, %s at %s, since %s cannot be reached. ",
                         f->client, who, script_route_words(c->route), f->company, f->manager);
                if (strcmp(c->route, "hr_last_resort") == 0)
                        text_add(&o->detail, "HR is the last resort: use the same script as "
                                             "with the manager. ");
                else
                        text_add(&o->detail,
                                 "Ask for a word with the person who decides about %s, and "
                                 "use the same script. ",
                                 f->job);
        } else {
                text_add(&o->title, "contact the hiring manager directly, not HR");
                if (named)
                        text_add(&o->detail,
                                 "Have %s contact %s, the hiring manager from the interview, "
                                 "directly",
                                 f->client, f->manager);
                else
                        text_add(&o->detail,
                                 "Have %s contact the hiring manager from the interview directly",
                                 f->client);
                if (c->hr_name && c->hr_name[0])
                        text_add(&o->detail, " and not HR (%s)", c->hr_name);
                else
                        text_add(&o->detail, " and not HR");
                text_add(&o->detail,
                         ": HR is less forgiving of a turned-down offer and does not need the "
                         "seat filled the way the manager does. ");
        }
        text_add(&o->detail,
                 "Prefer a phone or video call, or a visit, over email. Set expectations with "
                 "the client first: winning the offer back is possible but difficult, so keep "
                 "the job search going in parallel. Rehearse it with the client. ");
        script_responsibility(f, &o->detail, who);
        text_add(&o->detail, "Then make clear the client is committed and will not leave when "
                             "something better comes along. Log the attempt and its outcome.");
        if (c->stage == PLAYBOOK_STAGE_VERIFY_OPENING)
                text_add(&o->detail, " The opening is confirmed: move the case to "
                                     "contact_manager.");
        text_add(&o->reason, "the opening was verified open on %s and ",
                 ds(c->opening_verified_on).s);
        if (f->route_switched)
                text_add(&o->reason, "the route in is now %s (%s), not reached yet", c->route,
                         c->route_contact);
        else if (f->n_attempts == 1)
                text_add(&o->reason, "the only attempt so far did not reach the hiring manager");
        else if (f->n_attempts > 1)
                text_add(&o->reason, "none of the %zu attempts so far reached the hiring manager",
                         f->n_attempts);
        else
                text_add(&o->reason, "the hiring manager has not been contacted yet");
        if (f->route_switched)
                text_add(&o->wording,
                         "Next, you will contact %s at %s. Your coach will go over what to say "
                         "with you first.",
                         c->route_contact, f->company);
        else if (named)
                text_add(&o->wording,
                         "Next, you will contact %s, the hiring manager at %s, directly. Your "
                         "coach will go over what to say with you first.",
                         f->manager, f->company);
        else
                text_add(&o->wording,
                         "Next, you will contact the hiring manager at %s directly. Your coach "
                         "will go over what to say with you first.",
                         f->company);
}

static bool when_contact_gone(const struct facts *f)
{
        return working_stage(f) && f->gone;
}

static void fill_change_route(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        const struct playbook_attempt *g = f->gone;
        const char *who = or_default(g->contact_name, f->manager);
        st->action = PLAYBOOK_ACTION_CHANGE_ROUTE;
        st->due_on = f->today;
        text_add(&o->title, "the contact is gone: find another route in");
        text_add(&o->detail,
                 "%s has left %s or is away for long (attempt of %s). Find another way to the "
                 "person who decides: a skip-level manager (the manager's own manager), or a "
                 "warm referral (someone at %s who knows the client or the team) who can "
                 "introduce the client. Go to HR only as a last resort, with the same script: "
                 "accept responsibility, convey commitment, offer to interview again. Record "
                 "the route with case edit --route skip_level|referral|hr_last_resort "
                 "--route-contact NAME. If no route is left, close out with a gracious note and "
                 "close the case as lost (no_response).",
                 who, f->company, ds(g->on).s, f->company);
        text_add(&o->reason, "contact gone: %s (contact_gone on %s)", who, ds(g->on).s);
        text_add(&o->wording,
                 "The person your coach planned to reach at %s is not available. Your coach is "
                 "finding another way in.",
                 f->company);
}

static bool when_negotiating(const struct facts *f)
{
        return stage_is(f, PLAYBOOK_STAGE_NEGOTIATING);
}

static void fill_negotiate(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_NEGOTIATE_TERMS;
        st->due_on = f->today;
        text_add(&o->title, "agree the terms and confirm them in writing");
        text_add(&o->detail,
                 "%s is ready to talk terms with %s. Agree them with %s (title, start date, pay "
                 "and anything that changed since the first offer) and get them confirmed in "
                 "writing before the client turns anything else down. Keep the tone grateful: "
                 "the client wants this job and will stay.",
                 f->company, f->client, f->manager);
        text_add(&o->detail,
                 " Expect the terms to have changed: less pay, a probation period or another "
                 "start date. Do not try to renegotiate upward: the client is asking for a "
                 "second chance. Get everything in writing. If the client accepted another "
                 "offer meanwhile, have them decline it professionally first, in writing and "
                 "with thanks.");
        if (!f->commitment)
                text_add(&o->detail, " No contact has conveyed that commitment yet: make it "
                                     "part of this conversation.");
        text_add(&o->reason, "case is negotiating");
        if (f->c->stage_changed_on != PLAYBOOK_NO_DATE)
                text_add(&o->reason, " since %s", ds(f->c->stage_changed_on).s);
        text_add(&o->wording,
                 "%s is discussing the terms of your return. Your coach will help you agree them "
                 "and make sure they are confirmed in writing.",
                 f->company);
}

static bool when_interview_follow_up_due(const struct facts *f)
{
        return f->pending == PENDING_INTERVIEW && f->today >= f->pending_due;
}

static void fill_interview_follow_up(const struct facts *f, struct playbook_step *st,
                                     struct fill *o)
{
        pb_day held = f->c->interview_on;
        st->action = PLAYBOOK_ACTION_FOLLOW_UP;
        st->due_on = f->pending_due;
        text_add(&o->title, "follow up on the re-interview");
        text_add(&o->detail,
                 "The re-interview took place on %s and nothing has been decided yet. Have %s "
                 "send a short thank-you if not done yet, then call %s to ask where things stand, "
                 "restating that the client is committed and will stay.",
                 ds(held).s, f->client, f->manager);
        int32_t n = facts_bdays_between(f, held, f->today);
        text_add(&o->reason, "re-interview on %s, %d business day%s ago (limit %d)", ds(held).s,
                 (int)n, plural(n), (int)f->s.follow_up_after_days);
        text_add(&o->wording,
                 "Your coach will help you follow up with %s about your interview on %s.",
                 f->company, ds(held).s);
}

static bool when_reinterview_ahead(const struct facts *f)
{
        return reinterview_track(f) && !interview_held(f);
}

static void fill_prepare_reinterview(const struct facts *f, struct playbook_step *st,
                                     struct fill *o)
{
        pb_day on = f->c->interview_on;
        text_add(&o->title, "prepare for the re-interview");
        st->action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW;
        if (on != PLAYBOOK_NO_DATE) {
                st->due_on = on - 1;
                text_add(&o->detail, "%s has offered %s another interview, on %s. ", f->company,
                         f->client, ds(on).s);
                text_add(&o->reason, "re-interview booked for %s; preparation due the day before",
                         ds(on).s);
        } else {
                pb_day from = f->today;
                const char *since = "re-interview offered";
                if (f->reinterview) {
                        from = f->reinterview->on;
                } else if (f->c->stage_changed_on != PLAYBOOK_NO_DATE) {
                        from = f->c->stage_changed_on;
                        since = "case moved to reinterview";
                }
                st->due_on = facts_add_bdays(f, from, PREPARE_BUSINESS_DAYS);
                text_add(&o->detail, "%s has offered %s another interview. ", f->company,
                         f->client);
                text_add(&o->reason,
                         "%s on %s with no date booked; preparation due within %d business days",
                         since, ds(from).s, PREPARE_BUSINESS_DAYS);
        }
        text_add(&o->detail,
                 "Book interview coaching: role-play the likely questions, above all why the "
                 "offer was turned down and why the client wants it now (own the mistake, blame "
                 "no one). Have the client write a 30/60/90-day plan for the first three months "
                 "in the job. Prepare the commitment message for %s: the client is taking this "
                 "job by choice, not because it is the only one left, and will not leave when "
                 "something better comes along.",
                 f->manager);
        if (!f->commitment)
                text_add(&o->detail, " No contact has conveyed that commitment yet: make it a "
                                     "point in the interview.");
        if (on != PLAYBOOK_NO_DATE)
                text_add(&o->wording,
                         "%s has offered you another interview, on %s. Your coach will help you "
                         "prepare, including a 30/60/90-day plan.",
                         f->company, ds(on).s);
        else
                text_add(&o->wording,
                         "%s has offered you another interview. Your coach will help you "
                         "prepare, including a 30/60/90-day plan.",
                         f->company);
}

// The stopping rule: manager_attempts_max unanswered attempts on the route,
// or two or more spread over more than cadence_days, and the wait after the
// last is over.
static bool when_close_out(const struct facts *f)
{
        return f->pending == PENDING_CONTACT && f->today >= f->pending_due && f->mgr_latest &&
               no_reply(f->mgr_latest->outcome) &&
               (f->unanswered >= f->s.manager_attempts_max ||
                (f->unanswered >= 2 && age(f->first_unanswered, f->today) > f->s.cadence_days));
}

static void fill_close_out(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        const char *who = or_default(f->mgr_latest->contact_name, f->manager);
        st->action = PLAYBOOK_ACTION_CLOSE_OUT;
        st->due_on = f->pending_due;
        text_add(&o->title, "close out: a gracious note, then close as lost (no_response)");
        text_add(&o->detail,
                 "%d attempt%s to %s since %s went unanswered. Stop here: pushing further burns "
                 "the relationship. Have %s send a short, gracious close-out note: thank %s for "
                 "the opportunity, restate that the decline was their mistake and that they "
                 "would still welcome the role, and leave the door open. Then close the case as "
                 "lost with reason no_response (case close ID --lost no_response).",
                 f->unanswered, plural(f->unanswered), who, ds(f->first_unanswered).s, f->client,
                 who);
        if (f->unanswered >= f->s.manager_attempts_max)
                text_add(&o->reason, "no reply to %d attempts to %s since %s (limit %d)",
                         f->unanswered, who, ds(f->first_unanswered).s,
                         (int)f->s.manager_attempts_max);
        else
                text_add(&o->reason,
                         "no reply to %d attempts to %s over %lld days since %s (limit %d days)",
                         f->unanswered, who, (long long)age(f->first_unanswered, f->today),
                         ds(f->first_unanswered).s, (int)f->s.cadence_days);
        text_add(&o->wording,
                 "%s has not replied to several messages. Your coach will help you send a "
                 "gracious closing message that leaves the door open.",
                 f->company);
}

// After a spoken conversation on the path, a written recap to the same
// person, due the next business day; the stopping rule's close-out note
// takes its place.
static bool when_recap_owed(const struct facts *f)
{
        return f->recap && !when_close_out(f);
}

static void fill_send_recap(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        const struct playbook_attempt *a = f->recap;
        const char *who = or_default(a->contact_name, f->manager);
        st->action = PLAYBOOK_ACTION_SEND_RECAP;
        st->due_on = f->recap_due;
        text_add(&o->title, "send %s a written recap of the conversation", who);
        text_add(&o->detail,
                 "%s talked with %s on %s (%s, %s). Have the client follow it up in writing by "
                 "%s, the next business day, by email, letter or LinkedIn message: thank %s for "
                 "the conversation, accept responsibility for turning the offer down, and "
                 "restate the commitment in the playbook's words: \"that you will honor the "
                 "opportunity, that you were given a fair shake, and that you won't leave\". Keep "
                 "it short, and put anything agreed (a re-interview, the next contact) in "
                 "writing. Log it as an attempt to %s.",
                 f->client, who, ds(a->on).s, channel_phrase(a->channel),
                 nz(playbook_outcome_name(a->outcome)), ds(f->recap_due).s, who, who);
        if (!f->responsibility)
                text_add(&o->detail, " No contact has accepted responsibility for the decline "
                                     "yet: make it the heart of the recap.");
        if (!f->commitment)
                text_add(&o->detail, " No contact has conveyed commitment yet: say it in the "
                                     "recap.");
        text_add(&o->reason,
                 "conversation with %s on %s by %s (%s) and no written recap to them since; due "
                 "the next business day",
                 who, ds(a->on).s, nz(playbook_channel_name(a->channel)),
                 nz(playbook_outcome_name(a->outcome)));
        // No names: the job seeker's page shows this wording (tests/integration/http_page.sh).
        text_add(&o->wording,
                 "After your recent conversation at %s, your coach will help you send a short "
                 "written thank-you that restates your commitment, by %s.",
                 f->company, ds(f->recap_due).s);
}

static bool when_follow_up_due(const struct facts *f)
{
        return f->pending == PENDING_CONTACT && f->today >= f->pending_due;
}

static void fill_follow_up(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        const struct playbook_attempt *last = f->mgr_latest;
        const struct playbook_attempt *prev = f->mgr_previous;
        bool two_emails = prev && last->channel == PLAYBOOK_CHANNEL_EMAIL &&
                          prev->channel == PLAYBOOK_CHANNEL_EMAIL;
        bool same = no_reply(last->outcome) && f->same_channel >= f->s.channel_switch_after;
        st->action = PLAYBOOK_ACTION_FOLLOW_UP;
        st->due_on = f->pending_due;
        text_add(&o->title, "follow up with the hiring manager");
        text_add(&o->detail, "%s has not come back since the contact on %s. ", who_of(f, last),
                 ds(last->on).s);
        if (same && last->channel != PLAYBOOK_CHANNEL_EMAIL)
                text_add(&o->detail,
                         "The last %d unanswered attempts were all %s, so switch channel and "
                         "follow up by email this time. ",
                         f->same_channel, channel_phrase(last->channel));
        else if (two_emails || same)
                text_add(&o->detail, "The last two attempts were both email, so follow up by "
                                     "phone this time. ");
        else
                text_add(&o->detail, "Follow up %s, as last time. ", channel_phrase(last->channel));
        text_add(&o->detail,
                 "Keep it short and courteous: %s would still like to discuss %s and is willing "
                 "to interview again.",
                 f->client, f->job);
        if (f->unanswered > 0)
                text_add(&o->detail,
                         " This will be attempt %d of at most %d over about %d days; after "
                         "that, close out.",
                         f->unanswered + 1, (int)f->s.manager_attempts_max, (int)f->s.cadence_days);
        if (!f->responsibility)
                text_add(&o->detail, " No contact has accepted responsibility for the decline "
                                     "yet: do it on this one.");
        if (!f->commitment)
                text_add(&o->detail, " No contact has conveyed commitment yet: make clear the "
                                     "client will stay.");
        if (last->follow_up_on != PLAYBOOK_NO_DATE)
                text_add(&o->reason, "follow-up planned for %s on the %s attempt of %s",
                         ds(last->follow_up_on).s, nz(playbook_outcome_name(last->outcome)),
                         ds(last->on).s);
        else {
                int32_t n = facts_bdays_between(f, last->on, f->today);
                text_add(&o->reason,
                         "no reply from %s for %d business day%s since the %s attempt on %s "
                         "(limit %d)",
                         who_of(f, last), (int)n, plural(n),
                         nz(playbook_outcome_name(last->outcome)), ds(last->on).s,
                         (int)f->s.follow_up_after_days);
        }
        text_add(&o->wording,
                 "You have not heard back from %s yet. Your coach will help you follow up.",
                 f->company);
}

static bool when_responsibility_missing(const struct facts *f)
{
        return working_stage(f) && (stage_is(f, PLAYBOOK_STAGE_IN_DISCUSSION) || f->talked) &&
               !f->responsibility;
}

static void fill_accept_responsibility(const struct facts *f, struct playbook_step *st,
                                       struct fill *o)
{
        st->action = PLAYBOOK_ACTION_ACCEPT_RESPONSIBILITY;
        st->due_on = next_contact_day(f);
        text_add(&o->title, "accept responsibility for the decline before anything else");
        text_add(&o->detail,
                 "%s has talked with %s, but no contact so far has accepted responsibility for "
                 "turning the offer down. Commitment and a re-interview only land once the "
                 "client owns the mistake, plainly and without excuses. At the next contact, "
                 "ideally by phone, video or in person: ",
                 f->client, f->manager);
        script_responsibility(f, &o->detail,
                              f->c->manager_name && f->c->manager_name[0] ? f->manager : NULL);
        if (f->talked)
                text_add(&o->reason,
                         "the client talked with %s on %s (%s) but no attempt accepted "
                         "responsibility",
                         f->manager, ds(f->talked->on).s,
                         nz(playbook_outcome_name(f->talked->outcome)));
        else
                text_add(&o->reason,
                         "case is in discussion but no attempt accepted responsibility");
        text_add(&o->wording,
                 "Your coach will help you talk with %s about your earlier decision and take "
                 "responsibility for it.",
                 f->company);
}

static bool when_commitment_missing(const struct facts *f)
{
        return working_stage(f) && (stage_is(f, PLAYBOOK_STAGE_IN_DISCUSSION) || f->talked) &&
               !f->commitment;
}

static void fill_reassure(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_REASSURE_COMMITMENT;
        st->due_on = next_contact_day(f);
        text_add(&o->title, "reassure the manager the client is committed and will stay");
        text_add(&o->detail,
                 "%s has talked with %s, but no contact so far has conveyed commitment. The "
                 "manager has to believe the client is not taking the job because it is the only "
                 "one left, and will not leave as soon as something better comes along. At the "
                 "next contact, ideally by phone, video or in person, have the client say so in "
                 "their own words, for example: \"I'm choosing this job, not settling for it. I "
                 "was given a fair shake, I will honour the opportunity, and I won't be leaving.\"",
                 f->client, f->manager);
        if (f->talked)
                text_add(&o->reason,
                         "the client talked with %s on %s (%s) but no attempt conveyed commitment",
                         f->manager, ds(f->talked->on).s,
                         nz(playbook_outcome_name(f->talked->outcome)));
        else
                text_add(&o->reason, "case is in discussion but no attempt conveyed commitment");
        text_add(&o->wording,
                 "Your coach will help you show %s that you are committed to the job and intend "
                 "to stay.",
                 f->company);
}

static bool when_reinterview_not_offered(const struct facts *f)
{
        return stage_is(f, PLAYBOOK_STAGE_IN_DISCUSSION) && !f->offered_reinterview;
}

static void fill_offer_reinterview(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_OFFER_REINTERVIEW;
        st->due_on = next_contact_day(f);
        text_add(&o->title, "offer to re-interview and seek an agreement");
        text_add(&o->detail,
                 "%s is in discussion with %s and the commitment has been conveyed. At the next "
                 "contact, have the client offer to come in and interview again, and ask to "
                 "discuss it and come to an agreement.",
                 f->manager, f->client);
        text_add(&o->reason, "case is in discussion and no attempt offered a re-interview");
        text_add(&o->wording, "Your coach will help you offer %s to interview again.", f->company);
}

static bool when_waiting(const struct facts *f)
{
        return f->pending != PENDING_NONE && f->today < f->pending_due;
}

static void fill_wait(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_WAIT;
        st->due_on = f->pending_due;
        if (f->pending == PENDING_INTERVIEW) {
                text_add(&o->title, "wait for the decision after the re-interview");
                text_add(&o->detail,
                         "The re-interview took place on %s. Give %s until %s to come back; if "
                         "nothing has been decided by then, follow up.",
                         ds(f->c->interview_on).s, f->manager, ds(f->pending_due).s);
                text_add(&o->reason,
                         "re-interview on %s; follow-up due %s (after %d business "
                         "days)",
                         ds(f->c->interview_on).s, ds(f->pending_due).s,
                         (int)f->s.follow_up_after_days);
        } else {
                const struct playbook_attempt *last = f->mgr_latest;
                text_add(&o->title, "wait for the hiring manager to reply");
                text_add(&o->detail,
                         "%s was contacted on %s (%s). Give them until %s; if nothing comes back "
                         "by then, follow up.",
                         who_of(f, last), ds(last->on).s, nz(playbook_outcome_name(last->outcome)),
                         ds(f->pending_due).s);
                if (last->follow_up_on != PLAYBOOK_NO_DATE)
                        text_add(&o->reason, "last contact with %s on %s; follow-up planned for %s",
                                 who_of(f, last), ds(last->on).s, ds(f->pending_due).s);
                else
                        text_add(&o->reason,
                                 "last contact with %s on %s; follow-up due %s (after %d "
                                 "business days)",
                                 who_of(f, last), ds(last->on).s, ds(f->pending_due).s,
                                 (int)f->s.follow_up_after_days);
        }
        text_add(&o->wording,
                 "You are waiting to hear back from %s. Your coach will follow up "
                 "if there is no news by %s.",
                 f->company, ds(f->pending_due).s);
}

static bool when_always(const struct facts *f)
{
        (void)f;
        return true;
}

static void fill_review(const struct facts *f, struct playbook_step *st, struct fill *o)
{
        st->action = PLAYBOOK_ACTION_REVIEW_CASE;
        st->due_on = f->today;
        text_add(&o->title, "review the case");
        text_add(&o->detail,
                 "No playbook step applies to the case as recorded. Check that the stage and the "
                 "opening status match what has happened; if the last outcome implies a new "
                 "stage, move the case.");
        text_add(&o->reason, "no rule matched stage '%s' with opening '%s'",
                 nz(playbook_stage_name(f->c->stage)), nz(playbook_opening_name(f->c->opening)));
        if (f->latest)
                text_add(&o->reason, " (latest outcome '%s' on %s)",
                         nz(playbook_outcome_name(f->latest->outcome)), ds(f->latest->on).s);
        text_add(&o->wording, "Your coach is reviewing your case.");
}

struct rule {
        const char *id;                         // stable, shown to coaches
        bool (*applies)(const struct facts *f); // whether the rule fires
        void (*fill)(const struct facts *f, struct playbook_step *st, struct fill *o);
};

// First match wins; the last rule always matches. Ids are in docs/playbook.md.
static const struct rule rules[] = {
    {"PB-00-invalid-case", when_invalid, fill_invalid},
    {"PB-01-close-won", when_reinstated, fill_close_won},
    {"PB-02-record-lesson", when_lost, fill_record_lesson},
    {"PB-03-position-filled", when_filled, fill_position_filled},
    {"PB-04-verify-opening", when_opening_unknown, fill_verify_opening},
    {"PB-05-reverify-opening", when_verification_old, fill_reverify_opening},
    {"PB-15-change-route", when_contact_gone, fill_change_route},
    {"PB-18-confirm-motivation", when_motivation_unconfirmed, fill_confirm_motivation},
    {"PB-06-contact-manager", when_manager_not_contacted, fill_contact_manager},
    {"PB-19-send-recap", when_recap_owed, fill_send_recap},
    {"PB-07-negotiate-terms", when_negotiating, fill_negotiate},
    {"PB-08-reinterview-follow-up", when_interview_follow_up_due, fill_interview_follow_up},
    {"PB-09-prepare-reinterview", when_reinterview_ahead, fill_prepare_reinterview},
    {"PB-16-close-out", when_close_out, fill_close_out},
    {"PB-10-follow-up", when_follow_up_due, fill_follow_up},
    {"PB-17-accept-responsibility", when_responsibility_missing, fill_accept_responsibility},
    {"PB-11-reassure-commitment", when_commitment_missing, fill_reassure},
    {"PB-12-offer-reinterview", when_reinterview_not_offered, fill_offer_reinterview},
    {"PB-13-wait", when_waiting, fill_wait},
    {"PB-14-review-case", when_always, fill_review},
};

// ---- Warnings ----

static bool warn_not_manager(const struct facts *f)
{
        return playbook_stage_is_open(f->c->stage) && f->latest &&
               (f->latest->contact_role == PLAYBOOK_ROLE_HR ||
                f->latest->contact_role == PLAYBOOK_ROLE_RECRUITER);
}

static void write_not_manager(const struct facts *f, struct text *t)
{
        const struct playbook_attempt *a = f->latest;
        const char *who = a->contact_name && a->contact_name[0] ? a->contact_name : NULL;
        if (a->contact_role == PLAYBOOK_ROLE_HR) {
                if (!who && f->c->hr_name && f->c->hr_name[0])
                        who = f->c->hr_name;
                text_add(t, "last contact on %s went to HR", ds(a->on).s);
        } else {
                text_add(t, "last contact on %s went to a recruiter", ds(a->on).s);
        }
        if (who)
                text_add(t, " (%s)", who);
        if (f->c->manager_name && f->c->manager_name[0])
                text_add(t, ", not the hiring manager: go to %s directly", f->c->manager_name);
        else
                text_add(t, ", not the hiring manager: go to the hiring manager from the "
                            "interview directly");
}

static bool warn_late_decline(const struct facts *f)
{
        const struct playbook_case *c = f->c;
        return early_stage(f) && c->declined_on != PLAYBOOK_NO_DATE &&
               c->opened_on != PLAYBOOK_NO_DATE &&
               age(c->declined_on, c->opened_on) > f->s.late_decline_days;
}

static void write_late_decline(const struct facts *f, struct text *t)
{
        const struct playbook_case *c = f->c;
        text_add(t,
                 "offer declined on %s, %lld day%s before the case was opened (limit %d): the "
                 "odds are lower, act today",
                 ds(c->declined_on).s, (long long)age(c->declined_on, c->opened_on),
                 plural(age(c->declined_on, c->opened_on)), (int)f->s.late_decline_days);
}

static bool warn_stale(const struct facts *f)
{
        return playbook_stage_is_open(f->c->stage) && f->last_activity != PLAYBOOK_NO_DATE &&
               age(f->last_activity, f->today) > f->s.stale_after_days;
}

static void write_stale(const struct facts *f, struct text *t)
{
        int64_t n = age(f->last_activity, f->today);
        text_add(t, "no activity for %lld day%s since %s (limit %d)", (long long)n, plural(n),
                 ds(f->last_activity).s, (int)f->s.stale_after_days);
}

static bool warn_overdue(const struct facts *f)
{
        return playbook_stage_is_open(f->c->stage) && f->latest &&
               f->latest->follow_up_on != PLAYBOOK_NO_DATE && f->latest->follow_up_on < f->today;
}

static void write_overdue(const struct facts *f, struct text *t)
{
        const struct playbook_attempt *a = f->latest;
        int64_t n = age(a->follow_up_on, f->today);
        text_add(t, "follow-up planned for %s (attempt of %s) is %lld day%s overdue",
                 ds(a->follow_up_on).s, ds(a->on).s, (long long)n, plural(n));
}

struct warning_rule {
        const char *id;                                       // stable, shown to coaches
        bool (*applies)(const struct facts *f);               // whether the warning holds
        void (*write)(const struct facts *f, struct text *t); // its text
};

// Every warning that holds is added, in this order.
static const struct warning_rule warning_rules[] = {
    {"PW-01-contact-not-manager", warn_not_manager, write_not_manager},
    {"PW-02-late-decline", warn_late_decline, write_late_decline},
    {"PW-03-stale", warn_stale, write_stale},
    {"PW-04-follow-up-overdue", warn_overdue, write_overdue},
};

// ---- Engine ----

const char *playbook_rule_id(size_t i)
{
        size_t n_rules = sizeof rules / sizeof rules[0];

        if (i < n_rules)
                return rules[i].id;
        i -= n_rules;
        return i < sizeof warning_rules / sizeof warning_rules[0] ? warning_rules[i].id : NULL;
}

void playbook_next_step(const struct playbook_case *c, const struct playbook_attempt *attempts,
                        size_t n_attempts, pb_day today, const struct playbook_settings *s,
                        struct playbook_step *out)
{
        struct facts f;
        struct fill o;

        if (!out)
                return;
        // Every field is set, but the ~6.7 KB of text buffers are not
        // cleared: each is a string from its first byte (text_init), and
        // the engine runs once per case and per day an agenda probes (up
        // to 62 a case), where clearing them was most of the server's time.
        out->action = (enum playbook_action)0;
        out->rule_id = NULL;
        out->n_warnings = 0;
        out->due_on = PLAYBOOK_NO_DATE;
        facts_gather(&f, c, attempts, n_attempts, today, s);

        text_init(&o.title, out->title, sizeof out->title);
        text_init(&o.detail, out->detail, sizeof out->detail);
        text_init(&o.reason, out->reason, sizeof out->reason);
        text_init(&o.wording, out->client_wording, sizeof out->client_wording);
        for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
                if (rules[i].applies(&f)) {
                        out->rule_id = rules[i].id;
                        rules[i].fill(&f, out, &o);
                        break;
                }
        }
        if (f.invalid[0])
                return;
        for (size_t i = 0; i < sizeof warning_rules / sizeof warning_rules[0]; i++) {
                if (out->n_warnings == PLAYBOOK_MAX_WARNINGS)
                        break;
                if (!warning_rules[i].applies(&f))
                        continue;
                struct playbook_warning *w = &out->warnings[out->n_warnings++];
                struct text t;
                w->id = warning_rules[i].id;
                text_init(&t, w->text, sizeof w->text);
                warning_rules[i].write(&f, &t);
        }
}
