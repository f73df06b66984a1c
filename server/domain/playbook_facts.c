// The facts of playbook_facts.h: the settings' defaults and clamps, the
// input check behind PB-00, the agency's business days, and one pass over
// the attempts (a second for the route's unanswered run), so attempts can
// come in any order and nothing is sorted or allocated.
#include "playbook_facts.h"

#include <string.h>

#include "route.h"
#include "banned.h"

struct playbook_settings playbook_settings_default(void)
{
        struct playbook_settings s = {0};
#define SET_DAYS(field, def)  s.field = def;
#define SET_COUNT(field, def) s.field = def;
#define SET_ZONE(field, def)
#define SET_DATES(field, def)
#define SETTING(key, kind, def, min, max, text_def, field, description) SET_##kind(field, def)
#include "settings.def"
#undef SET_DAYS
#undef SET_COUNT
#undef SET_ZONE
#undef SET_DATES
        return s;
}

static bool in_range(int v, int count)
{
        return v >= 0 && v < count;
}

static int32_t clamp_setting(int32_t v)
{
        return v < 0 ? 0 : v > PLAYBOOK_SETTING_MAX ? PLAYBOOK_SETTING_MAX : v;
}

static bool awaits_reply(enum playbook_outcome o)
{
        bool awaits = false;
        vocab_outcome_move((int)o, NULL, NULL, NULL, &awaits);
        return awaits;
}

// Whether d is one of the agency's holidays (the list is ascending).
static bool is_holiday(const struct facts *f, pb_day d)
{
        size_t lo = 0, hi = f->s.n_holidays;

        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (f->s.holidays[mid] < d)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo < f->s.n_holidays && f->s.holidays[lo] == d;
}

// Business days with the agency's holidays: Mon-Fri days that are not
// holidays. n >= 0; as playbook_add_business_days without holidays.
pb_day facts_add_bdays(const struct facts *f, pb_day d, int32_t n)
{
        if (f->s.n_holidays == 0 || d == PLAYBOOK_NO_DATE)
                return playbook_add_business_days(d, n);
        while (n > 0) {
                d = playbook_add_business_days(d, 1);
                if (d == PLAYBOOK_NO_DATE)
                        return d;
                if (!is_holiday(f, d))
                        n--;
        }
        return d;
}

// Business days in (a, b] that are not holidays; a <= b.
int32_t facts_bdays_between(const struct facts *f, pb_day a, pb_day b)
{
        int32_t n = playbook_business_days_between(a, b);

        for (size_t i = 0; i < f->s.n_holidays; i++)
                if (f->s.holidays[i] > a && f->s.holidays[i] <= b &&
                    playbook_is_business_day(f->s.holidays[i]))
                        n--;
        return n;
}

// The follow-up day for an attempt: the day planned on it, else the attempt
// day plus follow_up_after_days business days.
static pb_day follow_up_due(const struct facts *f, const struct playbook_attempt *a)
{
        if (a->follow_up_on != PLAYBOOK_NO_DATE)
                return a->follow_up_on;
        return facts_add_bdays(f, a->on, f->s.follow_up_after_days);
}

// Whether an attempt reached the decision path: the hiring manager, or the
// route in the coach chose (route.h).
static bool on_path(const struct facts *f, const struct playbook_attempt *x)
{
        return route_is_decision_path(playbook_contact_role_name(x->contact_role), x->contact_name,
                                      f->c->route, f->c->route_contact);
}

// Whether an attempt reached the current route's own contact: the hiring
// manager on the manager route, else the route contact.
static bool to_route_contact(const struct facts *f, const struct playbook_attempt *x)
{
        if (!f->route_switched)
                return x->contact_role == PLAYBOOK_ROLE_HIRING_MANAGER;
        return route_is_route_contact(playbook_contact_role_name(x->contact_role), x->contact_name,
                                      f->c->route, f->c->route_contact);
}

// The route's unanswered run, its gone contact, the latest conversation and
// the written recap owed after it: a second pass, once the latest of each
// kind is known.
static void gather_route(struct facts *f, const struct playbook_attempt *a, size_t n)
{
        const struct playbook_attempt *answer = NULL, *gone = NULL, *last_run = NULL;

        for (size_t i = 0; i < n; i++) {
                const struct playbook_attempt *x = &a[i];
                if (!on_path(f, x))
                        continue;
                if (x->outcome == PLAYBOOK_OUTCOME_CONTACT_GONE) {
                        if (!gone || is_later_or_same(x, gone))
                                gone = x;
                } else if (!no_reply(x->outcome)) {
                        if (!answer || is_later_or_same(x, answer))
                                answer = x;
                }
                if (conversation(x->outcome) &&
                    (!f->last_talk || is_later_or_same(x, f->last_talk)))
                        f->last_talk = x;
        }
        // The gone contact matters while it is the route's contact and
        // nothing reached the path after it.
        if (gone && to_route_contact(f, gone) && f->mgr_latest == gone)
                f->gone = gone;
        for (size_t i = 0; i < n; i++)
                if (to_route_contact(f, &a[i]))
                        f->route_reached = true;
        f->first_unanswered = PLAYBOOK_NO_DATE;
        for (size_t i = 0; i < n; i++) {
                const struct playbook_attempt *x = &a[i];
                if (!on_path(f, x) || !no_reply(x->outcome) ||
                    (answer && is_later_or_same(answer, x)) || (gone && is_later_or_same(gone, x)))
                        continue;
                f->unanswered++;
                if (f->first_unanswered == PLAYBOOK_NO_DATE || x->on < f->first_unanswered)
                        f->first_unanswered = x->on;
                if (!last_run || is_later_or_same(x, last_run))
                        last_run = x;
        }
        for (size_t i = 0; last_run && i < n; i++) {
                const struct playbook_attempt *x = &a[i];
                if (on_path(f, x) && no_reply(x->outcome) && x->channel == last_run->channel &&
                    !(answer && is_later_or_same(answer, x)) &&
                    !(gone && is_later_or_same(gone, x)))
                        f->same_channel++;
        }
        // The recap of the latest conversation is owed until a written
        // contact to the same person follows it, unless the conversation was
        // itself written, or a later answer on the path (a "no", the contact
        // gone, the seat filled) leaves nothing to recap.
        bool lapsed = false;
        for (size_t i = 0; f->last_talk && i < n; i++) {
                const struct playbook_attempt *x = &a[i], *t = f->last_talk;
                if (x == t || !is_later_or_same(x, t))
                        continue;
                if (written(x->channel) &&
                    route_same_contact(playbook_contact_role_name(x->contact_role), x->contact_name,
                                       playbook_contact_role_name(t->contact_role),
                                       t->contact_name) &&
                    (!f->written || is_later_or_same(x, f->written)))
                        f->written = x;
                if (on_path(f, x) && !no_reply(x->outcome) && !conversation(x->outcome))
                        lapsed = true;
        }
        f->recap_due = PLAYBOOK_NO_DATE;
        if (f->last_talk && !written(f->last_talk->channel) && !f->written && !lapsed) {
                f->recap = f->last_talk;
                f->recap_due = facts_add_bdays(f, f->last_talk->on, 1);
        }
}

static void check_input(struct facts *f, const struct playbook_case *c,
                        const struct playbook_attempt *a, size_t n)
{
        struct text t;
        text_init(&t, f->invalid, sizeof f->invalid);
        if (!c) {
                text_add(&t, "no case given");
                return;
        }
        if (f->today == PLAYBOOK_NO_DATE || !day_ok(f->today)) {
                text_add(&t, "today is not a valid day");
                return;
        }
        if (!in_range((int)c->stage, PLAYBOOK_STAGE_COUNT)) {
                text_add(&t, "stage value %d is out of range", (int)c->stage);
                return;
        }
        if (!in_range((int)c->opening, PLAYBOOK_OPENING_COUNT)) {
                text_add(&t, "opening status value %d is out of range", (int)c->opening);
                return;
        }
        if (c->stage == PLAYBOOK_STAGE_LOST &&
            !in_range((int)c->loss_reason, PLAYBOOK_LOSS_COUNT)) {
                text_add(&t, "loss reason value %d is out of range", (int)c->loss_reason);
                return;
        }
        const pb_day days[] = {
            c->opening_verified_on, c->declined_on, c->opened_on,  c->stage_changed_on,
            c->interview_on,        c->start_on,    c->offered_on, c->motivation_confirmed_on};
        for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
                if (!day_ok(days[i])) {
                        text_add(&t, "a case date is outside years 1 to 9999");
                        return;
                }
        }
        if (n > 0 && !a) {
                text_add(&t, "%zu attempts announced but none given", n);
                return;
        }
        for (size_t i = 0; i < n; i++) {
                const struct playbook_attempt *x = &a[i];
                if (x->on == PLAYBOOK_NO_DATE || !day_ok(x->on) || !day_ok(x->follow_up_on))
                        text_add(&t, "attempt %zu has no valid day", i + 1);
                else if (!in_range((int)x->channel, PLAYBOOK_CHANNEL_COUNT))
                        text_add(&t, "attempt %zu has channel value %d out of range", i + 1,
                                 (int)x->channel);
                else if (!in_range((int)x->contact_role, PLAYBOOK_ROLE_COUNT))
                        text_add(&t, "attempt %zu has contact role value %d out of range", i + 1,
                                 (int)x->contact_role);
                else if (!in_range((int)x->outcome, PLAYBOOK_OUTCOME_COUNT))
                        text_add(&t, "attempt %zu has outcome value %d out of range", i + 1,
                                 (int)x->outcome);
                else
                        continue;
                return;
        }
}

static void note_activity(struct facts *f, pb_day d)
{
        if (d != PLAYBOOK_NO_DATE && (f->last_activity == PLAYBOOK_NO_DATE || d > f->last_activity))
                f->last_activity = d;
}

void facts_gather(struct facts *f, const struct playbook_case *c, const struct playbook_attempt *a,
                  size_t n, pb_day today, const struct playbook_settings *s)
{
        memset(f, 0, sizeof *f);
        f->c = c;
        f->today = today;
        f->last_activity = PLAYBOOK_NO_DATE;
        f->pending_due = PLAYBOOK_NO_DATE;
        f->s = s ? *s : playbook_settings_default();
        f->s.reverify_after_days = clamp_setting(f->s.reverify_after_days);
        f->s.follow_up_after_days = clamp_setting(f->s.follow_up_after_days);
        f->s.late_decline_days = clamp_setting(f->s.late_decline_days);
        f->s.stale_after_days = clamp_setting(f->s.stale_after_days);
        f->s.manager_attempts_max = clamp_setting(f->s.manager_attempts_max);
        f->s.cadence_days = clamp_setting(f->s.cadence_days);
        f->s.channel_switch_after = clamp_setting(f->s.channel_switch_after);
        if (f->s.manager_attempts_max < 1)
                f->s.manager_attempts_max = 1;
        if (f->s.channel_switch_after < 1)
                f->s.channel_switch_after = 1;
        if (!f->s.holidays)
                f->s.n_holidays = 0;
        check_input(f, c, a, n);
        if (f->invalid[0])
                return;

        f->client = or_default(c->client_name, "the client");
        f->manager = or_default(c->manager_name, "the hiring manager");
        f->company = or_default(c->company, "the company");
        if (c->role_title && c->role_title[0])
                snprintf(f->job, sizeof f->job, "the %s role at %s", c->role_title, f->company);
        else
                snprintf(f->job, sizeof f->job, "the role at %s", f->company);
        snprintf(f->job_cap, sizeof f->job_cap, "T%s", f->job + 1);
        f->route_switched = route_valid(c->route) && strcmp(c->route, "manager") != 0;

        f->n_attempts = n;
        for (size_t i = 0; i < n; i++) {
                const struct playbook_attempt *x = &a[i];
                if (!f->latest || is_later_or_same(x, f->latest))
                        f->latest = x;
                if (on_path(f, x)) {
                        if (!f->mgr_latest || is_later_or_same(x, f->mgr_latest)) {
                                f->mgr_previous = f->mgr_latest;
                                f->mgr_latest = x;
                        } else if (!f->mgr_previous || is_later_or_same(x, f->mgr_previous)) {
                                f->mgr_previous = x;
                        }
                        if ((x->outcome == PLAYBOOK_OUTCOME_CALLBACK_REQUESTED ||
                             x->outcome == PLAYBOOK_OUTCOME_IN_DISCUSSION) &&
                            (!f->talked || is_later_or_same(x, f->talked)))
                                f->talked = x;
                }
                // A later verification that found the opening open wins over a
                // report that it was filled (the case was reopened).
                if (x->outcome == PLAYBOOK_OUTCOME_POSITION_FILLED &&
                    !(c->opening == PLAYBOOK_OPENING_OPEN &&
                      c->opening_verified_on != PLAYBOOK_NO_DATE &&
                      c->opening_verified_on >= x->on) &&
                    (!f->filled || is_later_or_same(x, f->filled)))
                        f->filled = x;
                if (x->outcome == PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED &&
                    (!f->reinterview || is_later_or_same(x, f->reinterview)))
                        f->reinterview = x;
                f->responsibility |= x->accepted_responsibility;
                f->commitment |= x->conveyed_commitment;
                f->offered_reinterview |= x->offered_reinterview;
                note_activity(f, x->on);
        }
        note_activity(f, c->opened_on);
        note_activity(f, c->stage_changed_on);
        note_activity(f, c->opening_verified_on);
        gather_route(f, a, n);

        if (reinterview_track(f) && interview_held(f)) {
                f->pending = PENDING_INTERVIEW;
                f->pending_due = facts_add_bdays(f, c->interview_on, f->s.follow_up_after_days);
        } else if (working_stage(f) && f->mgr_latest && awaits_reply(f->mgr_latest->outcome)) {
                f->pending = PENDING_CONTACT;
                f->pending_due = follow_up_due(f, f->mgr_latest);
        }
}
