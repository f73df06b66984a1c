// Unit tests for server/domain/playbook.c: day arithmetic, the vocabulary, the stage
// transition graph, the outcome-to-stage mapping and the next-step rules and
// warnings. Every part is a table of cases; a failing check prints the case
// and the difference, and the program exits nonzero when any check failed.
// Dates in the tables are ISO strings. In March 2025, the 3rd is a Monday.
#include "playbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int n_cases;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// An ISO date from a table; NULL is PLAYBOOK_NO_DATE. Bad test data aborts.
static pb_day D(const char *iso)
{
        pb_day d;
        if (!iso)
                return PLAYBOOK_NO_DATE;
        if (!playbook_date_parse(iso, &d)) {
                printf("bad date in test table: '%s'\n", iso);
                exit(2);
        }
        return d;
}

// A day as text for messages.
struct day_text {
        char s[PLAYBOOK_DATE_SIZE + 16];
};

static struct day_text T(pb_day d) {
        struct day_text t;
        if (d == PLAYBOOK_NO_DATE)
                snprintf(t.s, sizeof t.s, "no-date");
        else if (!playbook_date_format(d, t.s, sizeof t.s))
                snprintf(t.s, sizeof t.s, "day %ld", (long)d);
        return t;
}

// ---- Dates ----

static void
test_date_parse(void)
{
        static const struct {
                const char *in;
                bool ok;
                int y, m, d;
        } cases[] = {
            {"1970-01-01", true, 1970, 1, 1},
            {"1969-12-31", true, 1969, 12, 31},
            {"2000-02-29", true, 2000, 2, 29},
            {"2024-02-29", true, 2024, 2, 29},
            {"2025-03-03", true, 2025, 3, 3},
            {"0001-01-01", true, 1, 1, 1},
            {"9999-12-31", true, 9999, 12, 31},
            {"2025-12-31", true, 2025, 12, 31},
            {"2025-02-30", false, 0, 0, 0},
            {"2023-02-29", false, 0, 0, 0},
            {"1900-02-29", false, 0, 0, 0},
            {"2025-04-31", false, 0, 0, 0},
            {"2025-13-01", false, 0, 0, 0},
            {"2025-00-10", false, 0, 0, 0},
            {"2025-01-00", false, 0, 0, 0},
            {"2025-01-32", false, 0, 0, 0},
            {"0000-01-01", false, 0, 0, 0},
            {"2025-1-01", false, 0, 0, 0},
            {"2025-01-011", false, 0, 0, 0},
            {" 2025-01-01", false, 0, 0, 0},
            {"2025-01-01 ", false, 0, 0, 0},
            {"2025/01/01", false, 0, 0, 0},
            {"+025-01-01", false, 0, 0, 0},
            {"2025-01-0a", false, 0, 0, 0},
            {"20250101", false, 0, 0, 0},
            {"garbage", false, 0, 0, 0},
            {"", false, 0, 0, 0},
            {"-001-01-01", false, 0, 0, 0},
        };
        for (size_t i = 0; i < COUNT(cases); i++) {
                pb_day d = 12345, want = 0;
                bool ok = playbook_date_parse(cases[i].in, &d);
                n_cases++;
                CHECK(ok == cases[i].ok, "parse '%s': got ok=%d", cases[i].in, ok);
                if (!cases[i].ok) {
                        CHECK(d == 12345, "parse '%s' changed *out on failure", cases[i].in);
                        continue;
                }
                CHECK(playbook_day_from_civil(cases[i].y, cases[i].m, cases[i].d, &want),
                      "civil %d-%d-%d", cases[i].y, cases[i].m, cases[i].d);
                CHECK(d == want, "parse '%s': day %ld, want %ld", cases[i].in, (long)d, (long)want);
                char buf[PLAYBOOK_DATE_SIZE];
                CHECK(playbook_date_format(d, buf, sizeof buf) && strcmp(buf, cases[i].in) == 0,
                      "round trip '%s' gave '%s'", cases[i].in, buf);
        }
        pb_day d = 7;
        n_cases++;
        CHECK(!playbook_date_parse(NULL, &d) && d == 7, "parse NULL");
        CHECK(playbook_date_parse("1970-01-01", &d) && d == 0, "epoch is day 0");
        CHECK(playbook_date_parse("1969-12-31", &d) && d == -1, "the day before the epoch is -1");
        CHECK(playbook_date_parse("2000-03-01", &d) && d == 11017, "2000-03-01 is day 11017");
}

static void test_date_format(void)
{
        char buf[PLAYBOOK_DATE_SIZE];
        char small[PLAYBOOK_DATE_SIZE - 1];

        n_cases++;
        CHECK(!playbook_date_format(PLAYBOOK_NO_DATE, buf, sizeof buf) && buf[0] == '\0',
              "no date formats as empty and false");
        CHECK(!playbook_date_format(0, small, sizeof small) && small[0] == '\0',
              "a short buffer is refused");
        CHECK(!playbook_date_format(D("9999-12-31") + 1, buf, sizeof buf), "year 10000 refused");
        CHECK(!playbook_date_format(D("0001-01-01") - 1, buf, sizeof buf), "year 0 refused");
        CHECK(!playbook_date_format(0, NULL, 0), "NULL buffer");

        // Every day of years 1..9999: format, parse back, split and rebuild.
        n_cases++;
        int bad = 0;
        int py = 0, pm = 0, pd = 0;
        for (pb_day d = D("0001-01-01"); d <= D("9999-12-31") && bad < 5; d++) {
                pb_day back = PLAYBOOK_NO_DATE;
                int y, m, dd;
                if (!playbook_date_format(d, buf, sizeof buf) || !playbook_date_parse(buf, &back) ||
                    back != d || !playbook_day_to_civil(d, &y, &m, &dd)) {
                        bad++;
                        CHECK(false, "round trip of day %ld ('%s')", (long)d, buf);
                        continue;
                }
                // Consecutive days are consecutive dates.
                bool next = (y == py && m == pm && dd == pd + 1) ||
                            (y == py && m == pm + 1 && dd == 1) ||
                            (y == py + 1 && m == 1 && dd == 1);
                if (py != 0 && !next) {
                        bad++;
                        CHECK(false, "day %ld ('%s') does not follow %d-%d-%d", (long)d, buf, py,
                              pm, pd);
                }
                py = y;
                pm = m;
                pd = dd;
        }
        CHECK(bad == 0, "every day of years 1 to 9999 round-trips");
}

static void test_weekday(void)
{
        static const struct {
                const char *day;
                int want;
        } cases[] = {
            {"1970-01-01", 4}, {"1969-12-31", 3}, {"2025-03-03", 1}, {"2025-03-07", 5},
            {"2025-03-08", 6}, {"2025-03-09", 7}, {"2000-01-01", 6}, {"0001-01-01", 1},
        };
        for (size_t i = 0; i < COUNT(cases); i++) {
                pb_day d = D(cases[i].day);
                n_cases++;
                CHECK(playbook_weekday(d) == cases[i].want, "weekday of %s: %d, want %d",
                      cases[i].day, playbook_weekday(d), cases[i].want);
                CHECK(playbook_is_business_day(d) == (cases[i].want <= 5), "business day %s",
                      cases[i].day);
        }
        n_cases++;
        CHECK(playbook_weekday(PLAYBOOK_NO_DATE) == 0, "weekday of no date");
        CHECK(!playbook_is_business_day(PLAYBOOK_NO_DATE), "no date is not a business day");
}

static void test_add_business_days(void)
{
        static const struct {
                const char *from;
                int32_t n;
                const char *want;
        } cases[] = {
            {"2025-03-07", 1, "2025-03-10"},   // Fri + 1 = Mon
            {"2025-03-07", 2, "2025-03-11"},   // Fri + 2 = Tue
            {"2025-03-07", 5, "2025-03-14"},   // Fri + 5 = next Fri
            {"2025-03-08", 1, "2025-03-10"},   // Sat + 1 = Mon
            {"2025-03-09", 1, "2025-03-10"},   // Sun + 1 = Mon
            {"2025-03-08", 5, "2025-03-14"},   // Sat + 5 = Fri
            {"2025-03-09", 6, "2025-03-17"},   // Sun + 6 = Mon after next
            {"2025-03-03", 4, "2025-03-07"},   // Mon + 4 = Fri
            {"2025-03-03", 5, "2025-03-10"},   // Mon + 5 = next Mon
            {"2025-03-06", 2, "2025-03-10"},   // Thu + 2 = Mon
            {"2025-03-05", 3, "2025-03-10"},   // Wed + 3 = Mon
            {"2025-03-05", 10, "2025-03-19"},  // two weeks
            {"2025-03-03", 260, "2026-03-02"}, // 52 weeks
            {"2025-03-08", 0, "2025-03-08"},   // 0 keeps a weekend day
            {"2025-03-05", 0, "2025-03-05"},   {"2025-03-10", -1, "2025-03-07"}, // Mon - 1 = Fri
            {"2025-03-08", -1, "2025-03-07"},                                    // Sat - 1 = Fri
            {"2025-03-09", -1, "2025-03-07"},                                    // Sun - 1 = Fri
            {"2025-03-09", -5, "2025-03-03"},                                    // Sun - 5 = Mon
            {"2025-03-10", -5, "2025-03-03"}, // Mon - 5 = previous Mon
            {"2025-03-11", -2, "2025-03-07"}, // Tue - 2 = Fri
            {"2025-01-01", 1, "2025-01-02"},  // no holiday calendar
            {"2024-12-31", 3, "2025-01-03"},  // across the year
            {"1970-01-02", -1, "1970-01-01"}, // around the epoch
            {"1970-01-01", -1, "1969-12-31"},  {"1970-01-05", -1, "1970-01-02"},
        };
        for (size_t i = 0; i < COUNT(cases); i++) {
                pb_day got = playbook_add_business_days(D(cases[i].from), cases[i].n);
                n_cases++;
                CHECK(got == D(cases[i].want), "%s %+d business days: %s, want %s", cases[i].from,
                      (int)cases[i].n, T(got).s, cases[i].want);
        }
        n_cases++;
        CHECK(playbook_add_business_days(PLAYBOOK_NO_DATE, 3) == PLAYBOOK_NO_DATE,
              "no date stays no date");
        CHECK(playbook_add_business_days(INT32_MAX - 2, 10) == PLAYBOOK_NO_DATE,
              "overflow gives no date");
        CHECK(playbook_add_business_days(INT32_MIN + 3, -10) == PLAYBOOK_NO_DATE,
              "underflow gives no date");
}

static void test_business_days_between(void)
{
        static const struct {
                const char *a, *b;
                int32_t want;
        } cases[] = {
            {"2025-03-07", "2025-03-10", 1},                                   // Fri to Mon
            {"2025-03-07", "2025-03-08", 0},                                   // Fri to Sat
            {"2025-03-07", "2025-03-09", 0},                                   // Fri to Sun
            {"2025-03-08", "2025-03-10", 1},                                   // Sat to Mon
            {"2025-03-08", "2025-03-09", 0},                                   // Sat to Sun
            {"2025-03-03", "2025-03-07", 4},                                   // Mon to Fri
            {"2025-03-03", "2025-03-10", 5},                                   // a week
            {"2025-03-05", "2025-03-05", 0},                                   // same day
            {"2025-03-05", "2025-03-19", 10},                                  // two weeks
            {"2025-03-10", "2025-03-07", -1},                                  // backwards
            {"2025-03-10", "2025-03-03", -5}, {"1969-12-29", "1970-01-05", 5}, // across the epoch
        };
        for (size_t i = 0; i < COUNT(cases); i++) {
                int32_t got = playbook_business_days_between(D(cases[i].a), D(cases[i].b));
                n_cases++;
                CHECK(got == cases[i].want, "business days %s..%s: %d, want %d", cases[i].a,
                      cases[i].b, (int)got, (int)cases[i].want);
        }
        n_cases++;
        CHECK(playbook_business_days_between(PLAYBOOK_NO_DATE, 5) == 0, "no date counts 0");

        // Adding and counting agree from every weekday, both directions.
        n_cases++;
        int bad = 0;
        for (pb_day a = D("2025-02-24"); a < D("2025-03-24") && bad < 5; a++) {
                for (int32_t n = 0; n <= 30; n++) {
                        pb_day b = playbook_add_business_days(a, n);
                        bool ok = playbook_business_days_between(a, b) == n &&
                                  (n == 0 || playbook_is_business_day(b)) &&
                                  (!playbook_is_business_day(a) ||
                                   playbook_add_business_days(b, -n) == a);
                        if (!ok) {
                                bad++;
                                CHECK(false, "add/between disagree at %s + %d = %s", T(a).s, (int)n,
                                      T(b).s);
                        }
                }
        }
        CHECK(bad == 0, "add and between agree");
}

// ---- Vocabulary ----

static void test_vocabulary(void)
{
        static const char *const stages[] = {
            "verify_opening", "contact_manager", "awaiting_response", "in_discussion",
            "reinterview",    "negotiating",     "reinstated",        "lost",
        };
        static const char *const openings[] = {"unknown", "open", "filled"};
        static const char *const channels[] = {"phone",  "email",    "video", "in_person",
                                               "letter", "linkedin", "other"};
        static const char *const roles[] = {"hiring_manager", "hr", "recruiter", "referral",
                                            "other"};
        static const char *const outcomes[] = {
            "no_answer",          "left_message",  "still_open",          "position_filled",
            "callback_requested", "in_discussion", "reinterview_offered", "offer_reinstated",
            "rejected",           "contact_gone",
        };
        static const char *const losses[] = {"position_filled", "manager_declined",
                                             "client_withdrew", "no_response", "other"};
        static const char *const actions[] = {
            "verify_opening",      "reverify_opening",
            "contact_manager",     "follow_up",
            "reassure_commitment", "offer_reinterview",
            "prepare_reinterview", "negotiate_terms",
            "close_won",           "close_lost",
            "record_lesson",       "wait",
            "review_case",         "change_route",
            "close_out",           "accept_responsibility",
            "confirm_motivation",  "send_recap",
        };

        // One table per enum: the exact names in enum order.
#define VOCAB_TEST(what, type, names, count)                                                       \
        do {                                                                                       \
                n_cases++;                                                                         \
                CHECK(COUNT(names) == (size_t)(count), #what ": %zu names for %d values",          \
                      COUNT(names), (int)(count));                                                 \
                for (int i = 0; i < (int)(count) && i < (int)COUNT(names); i++) {                  \
                        const char *got = playbook_##what##_name((type)i);                         \
                        type back = (type)(count);                                                 \
                        CHECK(got &&strcmp(got, names[i]) == 0, #what " %d: '%s', want '%s'", i,   \
                              got ? got : "(null)", names[i]);                                     \
                        CHECK(playbook_##what##_parse(names[i], &back) && back == (type)i,         \
                              #what " parse '%s'", names[i]);                                      \
                }                                                                                  \
                type keep = (type)0;                                                               \
                CHECK(playbook_##what##_name((type)(count)) == NULL, #what " name of COUNT");      \
                CHECK(playbook_##what##_name((type)-1) == NULL, #what " name of -1");              \
                CHECK(!playbook_##what##_parse(NULL, &keep), #what " parse NULL");                 \
                CHECK(!playbook_##what##_parse("", &keep), #what " parse empty");                  \
                CHECK(!playbook_##what##_parse("bogus", &keep), #what " parse bogus");             \
                CHECK(!playbook_##what##_parse("OTHER", &keep), #what " parse is case-sensitive"); \
                CHECK(keep == (type)0, #what " failed parse left *out alone");                     \
        } while (0)

        VOCAB_TEST(stage, enum playbook_stage, stages, PLAYBOOK_STAGE_COUNT);
        VOCAB_TEST(opening, enum playbook_opening, openings, PLAYBOOK_OPENING_COUNT);
        VOCAB_TEST(channel, enum playbook_channel, channels, PLAYBOOK_CHANNEL_COUNT);
        VOCAB_TEST(contact_role, enum playbook_contact_role, roles, PLAYBOOK_ROLE_COUNT);
        VOCAB_TEST(outcome, enum playbook_outcome, outcomes, PLAYBOOK_OUTCOME_COUNT);
        VOCAB_TEST(loss_reason, enum playbook_loss_reason, losses, PLAYBOOK_LOSS_COUNT);
        VOCAB_TEST(action, enum playbook_action, actions, PLAYBOOK_ACTION_COUNT);
#undef VOCAB_TEST

        enum playbook_stage s = PLAYBOOK_STAGE_LOST;
        n_cases++;
        CHECK(!playbook_stage_parse("Verify_Opening", &s) && s == PLAYBOOK_STAGE_LOST,
              "stage parse is exact");
        CHECK(!playbook_stage_parse("lost ", &s), "stage parse refuses trailing space");
}

static void test_settings_default(void)
{
        struct playbook_settings s = playbook_settings_default();
        n_cases++;
        CHECK(s.reverify_after_days == 7, "reverify default %d", (int)s.reverify_after_days);
        CHECK(s.follow_up_after_days == 3, "follow-up default %d", (int)s.follow_up_after_days);
        CHECK(s.late_decline_days == 30, "late decline default %d", (int)s.late_decline_days);
        CHECK(s.stale_after_days == 14, "stale default %d", (int)s.stale_after_days);
}

// ---- Stage transitions ----

#define V  PLAYBOOK_STAGE_VERIFY_OPENING
#define C  PLAYBOOK_STAGE_CONTACT_MANAGER
#define A  PLAYBOOK_STAGE_AWAITING_RESPONSE
#define DI PLAYBOOK_STAGE_IN_DISCUSSION
#define R  PLAYBOOK_STAGE_REINTERVIEW
#define N  PLAYBOOK_STAGE_NEGOTIATING
#define W  PLAYBOOK_STAGE_REINSTATED
#define L  PLAYBOOK_STAGE_LOST

static void test_stage_graph(void)
{
        // Every allowed move; all other pairs must be refused.
        static const struct {
                enum playbook_stage from, to;
        } allowed[] = {
            {V, C},  {V, L},                                    // verify first
            {C, A},  {C, DI}, {C, R},  {C, N},  {C, W}, {C, L}, // forward, skips allowed
            {A, DI}, {A, R},  {A, N},  {A, W},  {A, L},         //
            {DI, R}, {DI, N}, {DI, W}, {DI, L},                 //
            {R, N},  {R, W},  {R, L},                           //
            {N, W},  {N, L},                                    //
            {W, V},  {W, C},                                    // reopen only
            {L, V},  {L, C},                                    //
        };
        for (int from = 0; from < PLAYBOOK_STAGE_COUNT; from++) {
                for (int to = 0; to < PLAYBOOK_STAGE_COUNT; to++) {
                        bool want = false;
                        for (size_t i = 0; i < COUNT(allowed); i++)
                                if ((int)allowed[i].from == from && (int)allowed[i].to == to)
                                        want = true;
                        bool got = playbook_stage_can_move((enum playbook_stage)from,
                                                           (enum playbook_stage)to);
                        n_cases++;
                        CHECK(got == want, "move %s -> %s: %d, want %d",
                              playbook_stage_name((enum playbook_stage)from),
                              playbook_stage_name((enum playbook_stage)to), got, want);
                }
        }
        n_cases++;
        CHECK(!playbook_stage_can_move(PLAYBOOK_STAGE_COUNT, V), "out of range from");
        CHECK(!playbook_stage_can_move(V, PLAYBOOK_STAGE_COUNT), "out of range to");
        CHECK(!playbook_stage_can_move((enum playbook_stage) - 1, C), "negative from");

        static const struct {
                enum playbook_stage s;
                bool open;
        } open_cases[] = {{V, true}, {C, true}, {A, true},  {DI, true},
                          {R, true}, {N, true}, {W, false}, {L, false}};
        for (size_t i = 0; i < COUNT(open_cases); i++) {
                n_cases++;
                CHECK(playbook_stage_is_open(open_cases[i].s) == open_cases[i].open, "open %s",
                      playbook_stage_name(open_cases[i].s));
        }
        CHECK(!playbook_stage_is_open(PLAYBOOK_STAGE_COUNT), "out of range is not open");
}

static void test_outcome_stage(void)
{
        enum { NONE = PLAYBOOK_MOVE_NONE, OK = PLAYBOOK_MOVE_OK, REF = PLAYBOOK_MOVE_REFUSED };
        static const struct {
                enum playbook_outcome o;
                enum playbook_stage current;
                int move;
                enum playbook_stage to;
                enum playbook_loss_reason reason; // checked when to is lost
        } cases[] = {
            {PLAYBOOK_OUTCOME_POSITION_FILLED, V, OK, L, PLAYBOOK_LOSS_POSITION_FILLED},
            {PLAYBOOK_OUTCOME_POSITION_FILLED, C, OK, L, PLAYBOOK_LOSS_POSITION_FILLED},
            {PLAYBOOK_OUTCOME_POSITION_FILLED, N, OK, L, PLAYBOOK_LOSS_POSITION_FILLED},
            {PLAYBOOK_OUTCOME_POSITION_FILLED, W, REF, L, PLAYBOOK_LOSS_POSITION_FILLED},
            {PLAYBOOK_OUTCOME_POSITION_FILLED, L, NONE, L, 0},
            {PLAYBOOK_OUTCOME_REJECTED, DI, OK, L, PLAYBOOK_LOSS_MANAGER_DECLINED},
            {PLAYBOOK_OUTCOME_REJECTED, A, OK, L, PLAYBOOK_LOSS_MANAGER_DECLINED},
            {PLAYBOOK_OUTCOME_REJECTED, W, REF, L, PLAYBOOK_LOSS_MANAGER_DECLINED},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, C, OK, R, 0},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, A, OK, R, 0},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, DI, OK, R, 0},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, R, NONE, R, 0},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, N, NONE, N, 0},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, V, REF, R, 0},
            {PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED, L, REF, R, 0},
            {PLAYBOOK_OUTCOME_OFFER_REINSTATED, N, OK, W, 0},
            {PLAYBOOK_OUTCOME_OFFER_REINSTATED, R, OK, W, 0},
            {PLAYBOOK_OUTCOME_OFFER_REINSTATED, DI, OK, W, 0},
            {PLAYBOOK_OUTCOME_OFFER_REINSTATED, V, REF, W, 0},
            {PLAYBOOK_OUTCOME_OFFER_REINSTATED, W, NONE, W, 0},
            {PLAYBOOK_OUTCOME_OFFER_REINSTATED, L, REF, W, 0},
            {PLAYBOOK_OUTCOME_IN_DISCUSSION, C, OK, DI, 0},
            {PLAYBOOK_OUTCOME_IN_DISCUSSION, A, OK, DI, 0},
            {PLAYBOOK_OUTCOME_IN_DISCUSSION, V, REF, DI, 0},
            {PLAYBOOK_OUTCOME_IN_DISCUSSION, DI, NONE, DI, 0},
            {PLAYBOOK_OUTCOME_IN_DISCUSSION, R, NONE, R, 0},
            {PLAYBOOK_OUTCOME_IN_DISCUSSION, W, REF, DI, 0},
            {PLAYBOOK_OUTCOME_CALLBACK_REQUESTED, C, OK, A, 0},
            {PLAYBOOK_OUTCOME_LEFT_MESSAGE, C, OK, A, 0},
            {PLAYBOOK_OUTCOME_NO_ANSWER, C, OK, A, 0},
            {PLAYBOOK_OUTCOME_NO_ANSWER, V, NONE, V, 0},
            {PLAYBOOK_OUTCOME_NO_ANSWER, A, NONE, A, 0},
            {PLAYBOOK_OUTCOME_LEFT_MESSAGE, DI, NONE, DI, 0},
            {PLAYBOOK_OUTCOME_CALLBACK_REQUESTED, L, NONE, L, 0},
            {PLAYBOOK_OUTCOME_STILL_OPEN, V, OK, C, 0},
            {PLAYBOOK_OUTCOME_STILL_OPEN, C, NONE, C, 0},
            {PLAYBOOK_OUTCOME_STILL_OPEN, A, NONE, A, 0},
            {PLAYBOOK_OUTCOME_STILL_OPEN, L, NONE, L, 0},
        };
        for (size_t i = 0; i < COUNT(cases); i++) {
                struct playbook_stage_target t = {PLAYBOOK_STAGE_COUNT, PLAYBOOK_LOSS_COUNT};
                enum playbook_move m = playbook_outcome_stage(cases[i].o, cases[i].current, &t);
                n_cases++;
                CHECK((int)m == cases[i].move && t.stage == cases[i].to,
                      "outcome %s at %s: move %d to %s, want %d to %s",
                      playbook_outcome_name(cases[i].o), playbook_stage_name(cases[i].current),
                      (int)m, playbook_stage_name(t.stage) ? playbook_stage_name(t.stage) : "?",
                      cases[i].move, playbook_stage_name(cases[i].to));
                if (cases[i].to == L && cases[i].current != L)
                        CHECK(t.reason == cases[i].reason, "outcome %s: loss reason %s",
                              playbook_outcome_name(cases[i].o),
                              playbook_loss_reason_name(t.reason)
                                  ? playbook_loss_reason_name(t.reason)
                                  : "?");
        }

        // Every pair agrees with the graph.
        n_cases++;
        for (int o = 0; o < PLAYBOOK_OUTCOME_COUNT; o++) {
                for (int s = 0; s < PLAYBOOK_STAGE_COUNT; s++) {
                        struct playbook_stage_target t;
                        enum playbook_move m = playbook_outcome_stage((enum playbook_outcome)o,
                                                                      (enum playbook_stage)s, &t);
                        bool can = playbook_stage_can_move((enum playbook_stage)s, t.stage);
                        CHECK((m == PLAYBOOK_MOVE_NONE && (int)t.stage == s) ||
                                  (m == PLAYBOOK_MOVE_OK && can) ||
                                  (m == PLAYBOOK_MOVE_REFUSED && !can && (int)t.stage != s),
                              "outcome %d at stage %d inconsistent with the graph", o, s);
                }
        }
        n_cases++;
        CHECK(playbook_outcome_stage(PLAYBOOK_OUTCOME_COUNT, C, NULL) == PLAYBOOK_MOVE_NONE,
              "out of range outcome implies nothing");
        CHECK(playbook_outcome_stage(PLAYBOOK_OUTCOME_REJECTED, PLAYBOOK_STAGE_COUNT, NULL) ==
                  PLAYBOOK_MOVE_NONE,
              "out of range stage implies nothing");
}

// ---- Engine ----

#define RESP   1u // accepted_responsibility
#define COMMIT 2u // conveyed_commitment
#define OFFER  4u // offered_reinterview

// Channels, roles and outcomes, short for the tables.
#define PHONE        PLAYBOOK_CHANNEL_PHONE
#define EMAIL        PLAYBOOK_CHANNEL_EMAIL
#define VIDEO        PLAYBOOK_CHANNEL_VIDEO
#define LINKEDIN     PLAYBOOK_CHANNEL_LINKEDIN
#define MGR          PLAYBOOK_ROLE_HIRING_MANAGER
#define HR           PLAYBOOK_ROLE_HR
#define RECRUITER    PLAYBOOK_ROLE_RECRUITER
#define REFERRAL     PLAYBOOK_ROLE_REFERRAL
#define O_NO_ANSWER  PLAYBOOK_OUTCOME_NO_ANSWER
#define O_LEFT_MSG   PLAYBOOK_OUTCOME_LEFT_MESSAGE
#define O_STILL_OPEN PLAYBOOK_OUTCOME_STILL_OPEN
#define O_FILLED     PLAYBOOK_OUTCOME_POSITION_FILLED
#define O_CALLBACK   PLAYBOOK_OUTCOME_CALLBACK_REQUESTED
#define O_DISCUSS    PLAYBOOK_OUTCOME_IN_DISCUSSION
#define O_REINT      PLAYBOOK_OUTCOME_REINTERVIEW_OFFERED
#define O_REINSTATED PLAYBOOK_OUTCOME_OFFER_REINSTATED
#define O_REJECTED   PLAYBOOK_OUTCOME_REJECTED
#define O_GONE       PLAYBOOK_OUTCOME_CONTACT_GONE
#define OTHER_ROLE   PLAYBOOK_ROLE_OTHER
#define OPEN         PLAYBOOK_OPENING_OPEN
#define FILLED       PLAYBOOK_OPENING_FILLED
#define UNKNOWN      PLAYBOOK_OPENING_UNKNOWN

struct att {
        const char *on;
        enum playbook_channel channel;
        enum playbook_contact_role role;
        const char *who;
        unsigned flags;
        enum playbook_outcome outcome;
        const char *follow_up;
        int64_t seq;
};

// One attempt row: all fields, so every initializer is complete.
#define AT(on, ch, role, who, flags, out)                                                          \
        {                                                                                          \
                on, ch, role, who, flags, out, NULL, 0                                             \
        }
#define AT_FU(on, ch, role, who, flags, out, fu)                                                   \
        {                                                                                          \
                on, ch, role, who, flags, out, fu, 0                                               \
        }
#define AT_SEQ(on, ch, role, who, flags, out, seq)                                                 \
        {                                                                                          \
                on, ch, role, who, flags, out, NULL, seq                                           \
        }

// The written recap of a conversation (PB-19), logged after it on the same
// day: email to the same person, the same outcome and planned follow-up.
// Cases about other rules add it so the recap is not what they show.
#define RECAP(on, role, who, out, fu)                                                              \
        {                                                                                          \
                on, EMAIL, role, who, 0, out, fu, 9                                                \
        }

struct engine_case {
        const char *name;
        const char *today;
        enum playbook_stage stage;
        enum playbook_opening opening;
        const char *verified, *declined, *opened, *changed, *interview, *start;
        enum playbook_loss_reason loss;
        bool anonymous;   // no names on the case
        bool unconfirmed; // the client's motivation is not confirmed
        const char *route, *route_contact, *better, *why_declined;
        const struct playbook_settings *settings;
        size_t n;
        struct att att[5];
        // Expected.
        const char *rule;
        enum playbook_action action;
        const char *due;
        const char *warnings; // ids separated by spaces, in order
        const char *detail[3];
        const char *reason;
        const char *wording;
        const char *warning_text;
};

// Defaults of the tables: declined 2025-02-20, opened 2025-03-01.
#define CASE_DATES .declined = "2025-02-20", .opened = "2025-03-01"

static const struct playbook_settings reverify_2 = {2, 3, 30, 14, 3, 14, 2, NULL, 0, 30, 1, 7};
static const struct playbook_settings follow_up_0 = {7, 0, 30, 14, 3, 14, 2, NULL, 0, 30, 1, 7};
static const struct playbook_settings negative = {-5, -1, -1, -1, 3, 14, 2, NULL, 0, 30, 1, 7};
static const pb_day holiday_list[] = {20153}; // 2025-03-06, a Thursday
static const struct playbook_settings with_holiday = {7, 3,  30, 14, 3, 14, 2, holiday_list,
                                                      1, 30, 1,  7};
static const struct playbook_settings attempts_2 = {7, 3, 30, 14, 2, 14, 3, NULL, 0, 30, 1, 7};

static const struct engine_case engine_cases[] = {
    // PB-00: input that cannot be used.
    {.name = "stage out of range",
     .today = "2025-03-03",
     .stage = (enum playbook_stage)42,
     CASE_DATES,
     .rule = "PB-00-invalid-case",
     .action = PLAYBOOK_ACTION_REVIEW_CASE,
     .due = "2025-03-03",
     .reason = "stage value 42 is out of range"},
    {.name = "attempt without a day",
     .today = "2025-03-03",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-03", PHONE, MGR, NULL, 0, O_NO_ANSWER),
             AT(NULL, PHONE, MGR, NULL, 0, O_NO_ANSWER)},
     .rule = "PB-00-invalid-case",
     .action = PLAYBOOK_ACTION_REVIEW_CASE,
     .due = "2025-03-03",
     .reason = "attempt 2 has no valid day"},
    {.name = "attempt outcome out of range",
     .today = "2025-03-03",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-03", PHONE, MGR, NULL, 0, (enum playbook_outcome)99)},
     .rule = "PB-00-invalid-case",
     .action = PLAYBOOK_ACTION_REVIEW_CASE,
     .due = "2025-03-03",
     .reason = "attempt 1 has outcome value 99 out of range"},
    {.name = "no today",
     .today = NULL,
     .stage = C,
     CASE_DATES,
     .rule = "PB-00-invalid-case",
     .action = PLAYBOOK_ACTION_REVIEW_CASE,
     .due = NULL,
     .reason = "today is not a valid day"},

    // PB-01: reinstated. Closed cases carry no warnings, even stale ones.
    {.name = "reinstated with a start date",
     .today = "2025-03-10",
     .stage = W,
     .opening = FILLED,
     .verified = "2025-01-01",
     .declined = "2024-11-01",
     .opened = "2025-01-01",
     .changed = "2025-02-01",
     .start = "2025-03-17",
     .n = 1,
     .att = {AT_FU("2025-02-01", PHONE, HR, "Jane Roe", 0, O_REINSTATED, "2025-02-03")},
     .rule = "PB-01-close-won",
     .action = PLAYBOOK_ACTION_CLOSE_WON,
     .due = "2025-03-24",
     .warnings = "",
     .detail = {"on 2025-03-24, a week after the start on 2025-03-17", "confirmed in writing",
                "think hard before turning down"},
     .reason = "start date 2025-03-17",
     .wording = "check in with you on 2025-03-24"},
    {.name = "reinstated without a start date",
     .today = "2025-03-10",
     .stage = W,
     .opening = OPEN,
     .verified = "2025-03-01",
     CASE_DATES,
     .changed = "2025-03-07",
     .rule = "PB-01-close-won",
     .action = PLAYBOOK_ACTION_CLOSE_WON,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"start date is not recorded"},
     .reason = "start date not recorded",
     .wording = "a week after you start"},

    // PB-02: lost.
    {.name = "lost: manager declined",
     .today = "2025-03-10",
     .stage = L,
     .loss = PLAYBOOK_LOSS_MANAGER_DECLINED,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .rule = "PB-02-record-lesson",
     .action = PLAYBOOK_ACTION_RECORD_LESSON,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"think hard before turning down an offer", "Bob Smith declined"},
     .reason = "case closed as lost (reason manager_declined) on 2025-03-05",
     .wording = "could not be won back"},
    {.name = "lost: position filled",
     .today = "2025-03-10",
     .stage = L,
     .loss = PLAYBOOK_LOSS_POSITION_FILLED,
     .opening = FILLED,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-02-record-lesson",
     .action = PLAYBOOK_ACTION_RECORD_LESSON,
     .due = "2025-03-10",
     .detail = {"seat was filled first"},
     .reason = "case closed as lost (reason position_filled)"},

    // PB-03: the position is filled.
    {.name = "opening marked filled",
     .today = "2025-03-05",
     .stage = C,
     .opening = FILLED,
     .verified = "2025-03-04",
     CASE_DATES,
     .rule = "PB-03-position-filled",
     .action = PLAYBOOK_ACTION_CLOSE_LOST,
     .due = "2025-03-05",
     .warnings = "",
     .detail = {"reason position_filled", "think hard before turning down an offer"},
     .reason = "opening marked filled (verified 2025-03-04)",
     .wording = "The Data Analyst role at Acme Analytics has been filled"},
    {.name = "attempt reports filled while status unknown",
     .today = "2025-03-05",
     .stage = C,
     .opening = UNKNOWN,
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, HR, "Jane Roe", 0, O_FILLED)},
     .rule = "PB-03-position-filled",
     .action = PLAYBOOK_ACTION_CLOSE_LOST,
     .due = "2025-03-05",
     .warnings = "PW-01-contact-not-manager",
     .reason = "the attempt on 2025-03-04 with Jane Roe reported the position filled"},
    {.name = "filled report superseded by a later verification",
     .today = "2025-03-05",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-05",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, HR, "Jane Roe", 0, O_FILLED)},
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-05",
     .warnings = "PW-01-contact-not-manager"},
    {.name = "filled report on the day of the open verification",
     .today = "2025-03-05",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-04",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, HR, "Jane Roe", 0, O_FILLED)},
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER},
    {.name = "filled report after the open verification",
     .today = "2025-03-05",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, HR, "Jane Roe", 0, O_FILLED)},
     .rule = "PB-03-position-filled",
     .action = PLAYBOOK_ACTION_CLOSE_LOST},
    {.name = "filled while negotiating",
     .today = "2025-03-05",
     .stage = N,
     .opening = FILLED,
     .verified = "2025-03-05",
     CASE_DATES,
     .rule = "PB-03-position-filled",
     .action = PLAYBOOK_ACTION_CLOSE_LOST,
     .due = "2025-03-05"},

    // PB-04: verify the opening first.
    {.name = "opening unknown",
     .today = "2025-03-03",
     .stage = V,
     .opening = UNKNOWN,
     CASE_DATES,
     .rule = "PB-04-verify-opening",
     .action = PLAYBOOK_ACTION_VERIFY_OPENING,
     .due = "2025-03-03",
     .warnings = "",
     .detail = {"the Data Analyst role at Acme Analytics is still open",
                "Do not call the hiring manager or HR yet"},
     .reason = "opening status is unknown",
     .wording = "checking whether the Data Analyst role at Acme Analytics is still open"},
    {.name = "opening unknown while awaiting a response",
     .today = "2025-03-03",
     .stage = A,
     .opening = UNKNOWN,
     CASE_DATES,
     .rule = "PB-04-verify-opening",
     .action = PLAYBOOK_ACTION_VERIFY_OPENING,
     .due = "2025-03-03"},
    {.name = "opening unknown in discussion is not re-checked",
     .today = "2025-03-06",
     .stage = DI,
     .opening = UNKNOWN,
     CASE_DATES,
     .changed = "2025-03-05",
     .rule = "PB-17-accept-responsibility",
     .action = PLAYBOOK_ACTION_ACCEPT_RESPONSIBILITY,
     .due = "2025-03-06",
     .reason = "case is in discussion but no attempt accepted responsibility"},

    // Reopened by an admin after a "no": the conversation starts again.
    {.name = "reopened after the manager said no",
     .today = "2025-03-10",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .changed = "2025-03-08",
     .n = 1,
     .att = {AT("2025-03-07", PHONE, MGR, "Dana Reyes", 0, O_REJECTED)},
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-10"},

    // PB-05: re-verify; limit 7 calendar days, fires at 8.
    {.name = "verified 6 days ago (N-1)",
     .today = "2025-03-09",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-09"},
    {.name = "verified 7 days ago (N)",
     .today = "2025-03-10",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-10"},
    {.name = "verified 8 days ago (N+1)",
     .today = "2025-03-11",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-05-reverify-opening",
     .action = PLAYBOOK_ACTION_REVERIFY_OPENING,
     .due = "2025-03-11",
     .warnings = "",
     .reason = "opening last verified 8 days ago on 2025-03-03 (limit 7)",
     .wording = "confirming that the Data Analyst role at Acme Analytics is still open"},
    {.name = "reverify setting 2: 2 days is fresh",
     .today = "2025-03-05",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .settings = &reverify_2,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER},
    {.name = "reverify setting 2: 3 days is old",
     .today = "2025-03-06",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .settings = &reverify_2,
     .rule = "PB-05-reverify-opening",
     .action = PLAYBOOK_ACTION_REVERIFY_OPENING,
     .reason = "3 days ago on 2025-03-03 (limit 2)"},
    {.name = "negative reverify setting counts as 0",
     .today = "2025-03-04",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .settings = &negative,
     .rule = "PB-05-reverify-opening",
     .action = PLAYBOOK_ACTION_REVERIFY_OPENING,
     .reason = "1 day ago on 2025-03-03 (limit 0)"},
    {.name = "negative reverify setting: verified today",
     .today = "2025-03-03",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .settings = &negative,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER},
    {.name = "opening confirmed while in verify_opening",
     .today = "2025-03-04",
     .stage = V,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-04",
     .detail = {"move the case to contact_manager"}},
    {.name = "open without a verification day",
     .today = "2025-03-03",
     .stage = V,
     .opening = OPEN,
     CASE_DATES,
     .rule = "PB-05-reverify-opening",
     .action = PLAYBOOK_ACTION_REVERIFY_OPENING,
     .due = "2025-03-03",
     .reason = "day it was verified is not recorded"},
    {.name = "old verification beats a due follow-up",
     .today = "2025-03-12",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-05-reverify-opening",
     .action = PLAYBOOK_ACTION_REVERIFY_OPENING,
     .reason = "9 days ago"},
    {.name = "old verification ignored once in discussion",
     .today = "2025-03-20",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-18",
     .n = 2,
     .att = {AT("2025-03-18", PHONE, MGR, "Bob Smith", RESP, O_DISCUSS),
             RECAP("2025-03-18", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-11-reassure-commitment",
     .action = PLAYBOOK_ACTION_REASSURE_COMMITMENT,
     .due = "2025-03-21",
     .reason = "talked with Bob Smith on 2025-03-18 (in_discussion)"},

    // PB-06: contact the hiring manager, script with names.
    {.name = "contact the manager with the script",
     .today = "2025-03-04",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-04",
     .warnings = "",
     .detail = {"Have Dana Cole contact Bob Smith, the hiring manager from the interview, "
                "directly and not HR (Jane Roe)",
                "\"Bob Smith, this is Dana Cole. You offered me the Data Analyst role at Acme "
                "Analytics and I turned it down",
                "if I need to come in and interview again, I am glad to"},
     .reason = "the hiring manager has not been contacted yet",
     .wording = "contact Bob Smith, the hiring manager at Acme Analytics, directly"},
    {.name = "only HR reached so far",
     .today = "2025-03-05",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", EMAIL, HR, NULL, RESP, O_LEFT_MSG)},
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .due = "2025-03-05",
     .warnings = "PW-01-contact-not-manager",
     .reason = "the only attempt so far did not reach the hiring manager",
     .warning_text = "last contact on 2025-03-04 went to HR (Jane Roe), not the hiring "
                     "manager: go to Bob Smith directly"},
    {.name = "contact the manager, no names recorded",
     .today = "2025-03-04",
     .stage = C,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .anonymous = true,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .detail = {"Have the client contact the hiring manager from the interview directly and "
                "not HR:",
                "\"This is [client]. You offered me the role at the company"},
     .wording = "contact the hiring manager at the company directly"},

    // PB-07: negotiating.
    {.name = "negotiating with commitment conveyed",
     .today = "2025-03-10",
     .stage = N,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-07",
     .n = 2,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS),
             RECAP("2025-03-07", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-07-negotiate-terms",
     .action = PLAYBOOK_ACTION_NEGOTIATE_TERMS,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"confirmed in writing"},
     .reason = "case is negotiating since 2025-03-07",
     .wording = "terms of your return"},
    {.name = "negotiating without commitment",
     .today = "2025-03-10",
     .stage = N,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-07",
     .rule = "PB-07-negotiate-terms",
     .action = PLAYBOOK_ACTION_NEGOTIATE_TERMS,
     .detail = {"No contact has conveyed that commitment yet"}},

    // PB-08, PB-09, PB-13: the re-interview.
    {.name = "re-interview booked",
     .today = "2025-03-10",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-07",
     .interview = "2025-03-12",
     .n = 2,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_REINT),
             RECAP("2025-03-07", MGR, "Bob Smith", O_REINT, NULL)},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-03-11",
     .warnings = "",
     .detail = {"interview coaching", "30/60/90-day plan", "will not leave when"},
     .reason = "re-interview booked for 2025-03-12",
     .wording = "another interview, on 2025-03-12"},
    {.name = "re-interview today",
     .today = "2025-03-12",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-07",
     .interview = "2025-03-12",
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-03-11",
     .detail = {"No contact has conveyed that commitment yet"}},
    {.name = "re-interview offered Friday, no date",
     .today = "2025-03-10",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-07",
     .n = 2,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", COMMIT, O_REINT),
             RECAP("2025-03-07", MGR, "Bob Smith", O_REINT, NULL)},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-03-11",
     .reason = "re-interview offered on 2025-03-07 with no date booked; preparation due "
               "within 2 business days",
     .wording = "has offered you another interview. Your coach"},
    {.name = "re-interview stage without attempts",
     .today = "2025-03-07",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-06",
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-03-10",
     .reason = "case moved to reinterview on 2025-03-06 with no date booked"},
    {.name = "re-interview offered but stage not moved",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 3,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG),
             AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_REINT),
             RECAP("2025-03-05", MGR, "Bob Smith", O_REINT, NULL)},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-03-07"},
    {.name = "2 business days after the re-interview (N-1)",
     .today = "2025-03-12",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .interview = "2025-03-10",
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-13",
     .reason = "re-interview on 2025-03-10; follow-up due 2025-03-13 (after 3 business days)",
     .wording = "no news by 2025-03-13"},
    {.name = "3 business days after the re-interview (N)",
     .today = "2025-03-13",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .interview = "2025-03-10",
     .rule = "PB-08-reinterview-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-13",
     .reason = "re-interview on 2025-03-10, 3 business days ago (limit 3)",
     .wording = "about your interview on 2025-03-10"},
    {.name = "4 business days after the re-interview (N+1)",
     .today = "2025-03-14",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .interview = "2025-03-10",
     .rule = "PB-08-reinterview-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-13",
     .reason = "4 business days ago (limit 3)"},

    // PB-10 and PB-13: follow up after 3 business days of silence.
    {.name = "left message Wednesday, Friday is 2 business days (N-1)",
     .today = "2025-03-07",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-10",
     .warnings = "",
     .reason = "last contact with Bob Smith on 2025-03-05; follow-up due 2025-03-10 (after 3 "
               "business days)"},
    {.name = "left message Wednesday, Monday is 3 business days (N)",
     .today = "2025-03-10",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"Follow up by phone, as last time", "make clear the client "
                                                    "will stay"},
     .reason = "no reply from Bob Smith for 3 business days since the left_message attempt "
               "on 2025-03-05 (limit 3)",
     .wording = "You have not heard back from Acme Analytics yet"},
    {.name = "left message Wednesday, Tuesday is 4 business days (N+1)",
     .today = "2025-03-11",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-10",
     .reason = "for 4 business days"},
    {.name = "contact Friday, Sunday still waits for Wednesday",
     .today = "2025-03-09",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-07", VIDEO, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-12"},
    {.name = "last two attempts by email: phone instead",
     .today = "2025-03-10",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 3,
     .att = {AT("2025-03-05", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-03", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-01", PHONE, MGR, "Bob Smith", 0, O_CALLBACK)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-10",
     .detail = {"last two attempts were both email, so follow up by phone"}},
    {.name = "last by email, the one before by phone: email again",
     .today = "2025-03-10",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-05", EMAIL, MGR, "Bob Smith", RESP | COMMIT, O_NO_ANSWER),
             AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .detail = {"Follow up by email, as last time"}},
    {.name = "HR email in between does not make two manager emails",
     .today = "2025-03-10",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 3,
     .att = {AT("2025-03-04", EMAIL, HR, "Jane Roe", 0, O_NO_ANSWER),
             AT("2025-03-05", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-03", LINKEDIN, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .detail = {"Follow up by email, as last time"}},
    {.name = "same-day attempts ordered by seq",
     .today = "2025-03-10",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 2,
     .att = {AT_SEQ("2025-03-05", LINKEDIN, MGR, "Bob Smith", RESP, O_NO_ANSWER, 9),
             AT_SEQ("2025-03-05", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER, 4)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .detail = {"Follow up by LinkedIn message, as last time"}},
    {.name = "same day and seq: the later in the array is the latest",
     .today = "2025-03-10",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-05", LINKEDIN, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-05", VIDEO, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .detail = {"Follow up by video call, as last time"}},
    {.name = "planned follow-up day is due",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 2,
     .att = {AT_FU("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_CALLBACK, "2025-03-06"),
             RECAP("2025-03-05", MGR, "Bob Smith", O_CALLBACK, "2025-03-06")},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-06",
     .warnings = "",
     .reason = "follow-up planned for 2025-03-06 on the callback_requested attempt of "
               "2025-03-05"},
    {.name = "planned follow-up day passed",
     .today = "2025-03-07",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 2,
     .att = {AT_FU("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_CALLBACK, "2025-03-06"),
             RECAP("2025-03-05", MGR, "Bob Smith", O_CALLBACK, "2025-03-06")},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-06",
     .warnings = "PW-04-follow-up-overdue",
     .warning_text = "follow-up planned for 2025-03-06 (attempt of 2025-03-05) is 1 day "
                     "overdue"},
    {.name = "planned follow-up later than the default wait",
     .today = "2025-03-12",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-06",
     CASE_DATES,
     .n = 2,
     .att = {AT_FU("2025-03-05", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_CALLBACK, "2025-03-14"),
             RECAP("2025-03-05", MGR, "Bob Smith", O_CALLBACK, "2025-03-14")},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-14",
     .reason = "follow-up planned for 2025-03-14"},
    {.name = "follow-up setting 0: due the same day",
     .today = "2025-03-05",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-05",
     CASE_DATES,
     .settings = &follow_up_0,
     .n = 1,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-05",
     .reason = "(limit 0)"},

    // PB-11: a conversation without commitment.
    {.name = "callback requested, no commitment yet",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_CALLBACK),
             RECAP("2025-03-05", MGR, "Bob Smith", O_CALLBACK, NULL)},
     .rule = "PB-11-reassure-commitment",
     .action = PLAYBOOK_ACTION_REASSURE_COMMITMENT,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"Dana Cole has talked with Bob Smith",
                "will not leave as soon as something better comes along"},
     .reason = "talked with Bob Smith on 2025-03-05 (callback_requested) but no attempt "
               "conveyed commitment",
     .wording = "committed to the job and intend to stay"},
    {.name = "in discussion with no attempts logged",
     .today = "2025-03-06",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .rule = "PB-17-accept-responsibility",
     .action = PLAYBOOK_ACTION_ACCEPT_RESPONSIBILITY,
     .due = "2025-03-06"},
    {.name = "commitment conveyed to a referral still counts",
     .today = "2025-03-06",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .n = 3,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_DISCUSS),
             AT("2025-03-04", PHONE, REFERRAL, "Kim Park", COMMIT, O_STILL_OPEN),
             RECAP("2025-03-05", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-12-offer-reinterview",
     .action = PLAYBOOK_ACTION_OFFER_REINTERVIEW},
    {.name = "silence after the talk: follow up first",
     .today = "2025-03-10",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_DISCUSS),
             RECAP("2025-03-05", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-10",
     .detail = {"No contact has conveyed commitment yet"}},

    // PB-12: offer to re-interview.
    {.name = "in discussion, commitment conveyed, no responsibility accepted",
     .today = "2025-03-06",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", COMMIT, O_DISCUSS),
             RECAP("2025-03-05", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-17-accept-responsibility",
     .action = PLAYBOOK_ACTION_ACCEPT_RESPONSIBILITY,
     .due = "2025-03-10",
     .detail = {"I take responsibility", "owns the mistake"},
     .reason = "no attempt accepted responsibility",
     .wording = "take responsibility"},
    {.name = "in discussion, responsibility and commitment, no re-interview offered",
     .today = "2025-03-06",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_DISCUSS),
             RECAP("2025-03-05", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-12-offer-reinterview",
     .action = PLAYBOOK_ACTION_OFFER_REINTERVIEW,
     .due = "2025-03-10",
     .detail = {"offer to come in and interview again"},
     .reason = "no attempt offered a re-interview",
     .wording = "interview again"},

    // PB-13: everything said, waiting.
    {.name = "everything said, waiting for a reply",
     .today = "2025-03-06",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-05",
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS),
             RECAP("2025-03-05", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"Give them until 2025-03-10"},
     .wording = "You are waiting to hear back from Acme Analytics"},

    // PB-14: nothing applies.
    {.name = "unapplied reinstatement outcome",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_REINSTATED),
             RECAP("2025-03-05", MGR, "Bob Smith", O_REINSTATED, NULL)},
     .rule = "PB-14-review-case",
     .action = PLAYBOOK_ACTION_REVIEW_CASE,
     .due = "2025-03-06",
     .reason = "no rule matched stage 'awaiting_response' with opening 'open' (latest "
               "outcome 'offer_reinstated' on 2025-03-05)",
     .wording = "Your coach is reviewing your case."},

    // PW-01: the last contact went to HR or a recruiter.
    {.name = "last contact to a recruiter",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-06", EMAIL, RECRUITER, "Sam Lee", 0, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-07",
     .warnings = "PW-01-contact-not-manager",
     .warning_text = "last contact on 2025-03-06 went to a recruiter (Sam Lee), not the "
                     "hiring manager: go to Bob Smith directly"},
    {.name = "HR before, manager last: no warning",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-04", EMAIL, HR, "Jane Roe", 0, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .warnings = ""},
    {.name = "HR contact, no names recorded",
     .today = "2025-03-05",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .anonymous = true,
     .n = 1,
     .att = {AT("2025-03-04", EMAIL, HR, NULL, 0, O_NO_ANSWER)},
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .warnings = "PW-01-contact-not-manager",
     .warning_text = "last contact on 2025-03-04 went to HR, not the hiring manager: go to "
                     "the hiring manager from the interview directly"},

    // PW-02: late decline; limit 30 days between decline and case.
    {.name = "declined 29 days before the case (N-1)",
     .today = "2025-03-03",
     .stage = V,
     .declined = "2025-01-31",
     .opened = "2025-03-01",
     .rule = "PB-04-verify-opening",
     .action = PLAYBOOK_ACTION_VERIFY_OPENING,
     .warnings = ""},
    {.name = "declined 30 days before the case (N)",
     .today = "2025-03-03",
     .stage = V,
     .declined = "2025-01-30",
     .opened = "2025-03-01",
     .rule = "PB-04-verify-opening",
     .action = PLAYBOOK_ACTION_VERIFY_OPENING,
     .warnings = ""},
    {.name = "declined 31 days before the case (N+1)",
     .today = "2025-03-03",
     .stage = V,
     .declined = "2025-01-29",
     .opened = "2025-03-01",
     .rule = "PB-04-verify-opening",
     .action = PLAYBOOK_ACTION_VERIFY_OPENING,
     .due = "2025-03-03",
     .warnings = "PW-02-late-decline",
     .warning_text = "offer declined on 2025-01-29, 31 days before the case was opened "
                     "(limit 30): the odds are lower, act today"},
    {.name = "late decline not repeated once in discussion",
     .today = "2025-03-06",
     .stage = DI,
     .opening = OPEN,
     .verified = "2025-03-03",
     .declined = "2024-12-01",
     .opened = "2025-03-01",
     .changed = "2025-03-05",
     .rule = "PB-17-accept-responsibility",
     .action = PLAYBOOK_ACTION_ACCEPT_RESPONSIBILITY,
     .warnings = ""},

    // PW-03: stale; limit 14 days without activity.
    {.name = "13 days without activity (N-1)",
     .today = "2025-03-05",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-02-20",
     .declined = "2025-02-01",
     .opened = "2025-02-10",
     .changed = "2025-02-20",
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-02-24",
     .warnings = ""},
    {.name = "14 days without activity (N)",
     .today = "2025-03-06",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-02-20",
     .declined = "2025-02-01",
     .opened = "2025-02-10",
     .changed = "2025-02-20",
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .warnings = ""},
    {.name = "15 days without activity (N+1)",
     .today = "2025-03-07",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-02-20",
     .declined = "2025-02-01",
     .opened = "2025-02-10",
     .changed = "2025-02-20",
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .warnings = "PW-03-stale",
     .warning_text = "no activity for 15 days since 2025-02-20 (limit 14)"},
    {.name = "an attempt counts as activity",
     .today = "2025-03-07",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-02-20",
     .declined = "2025-02-01",
     .opened = "2025-02-10",
     .changed = "2025-02-20",
     .n = 2,
     .att = {AT("2025-02-21", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_REINT),
             RECAP("2025-02-21", MGR, "Bob Smith", O_REINT, NULL)},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-02-25",
     .warnings = ""},
    {.name = "a lost case is never stale",
     .today = "2025-06-01",
     .stage = L,
     .loss = PLAYBOOK_LOSS_NO_RESPONSE,
     CASE_DATES,
     .rule = "PB-02-record-lesson",
     .action = PLAYBOOK_ACTION_RECORD_LESSON,
     .warnings = "",
     .detail = {"never answered"}},

    // PW-04: the planned follow-up of the last attempt is overdue.
    {.name = "planned follow-up is today: not overdue",
     .today = "2025-03-12",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-10",
     .interview = "2025-03-14",
     .n = 2,
     .att = {AT_FU("2025-03-10", PHONE, MGR, "Bob Smith", COMMIT, O_REINT, "2025-03-12"),
             RECAP("2025-03-10", MGR, "Bob Smith", O_REINT, "2025-03-12")},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .due = "2025-03-13",
     .warnings = ""},
    {.name = "planned follow-up was yesterday",
     .today = "2025-03-13",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-10",
     .interview = "2025-03-14",
     .n = 2,
     .att = {AT_FU("2025-03-10", PHONE, MGR, "Bob Smith", COMMIT, O_REINT, "2025-03-12"),
             RECAP("2025-03-10", MGR, "Bob Smith", O_REINT, "2025-03-12")},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .warnings = "PW-04-follow-up-overdue",
     .warning_text = "follow-up planned for 2025-03-12 (attempt of 2025-03-10) is 1 day "
                     "overdue"},
    {.name = "a later attempt clears the planned follow-up",
     .today = "2025-03-13",
     .stage = R,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .changed = "2025-03-10",
     .interview = "2025-03-14",
     .n = 2,
     .att = {AT_FU("2025-03-10", PHONE, MGR, "Bob Smith", COMMIT, O_REINT, "2025-03-12"),
             AT("2025-03-12", EMAIL, MGR, "Bob Smith", 0, O_DISCUSS)},
     .rule = "PB-09-prepare-reinterview",
     .action = PLAYBOOK_ACTION_PREPARE_REINTERVIEW,
     .warnings = ""},

    // PB-01: check-ins 7, 30, 60 and 90 days after the start.
    {.name = "won: first check-in on its day",
     .today = "2025-03-10",
     .stage = PLAYBOOK_STAGE_REINSTATED,
     .opening = OPEN,
     CASE_DATES,
     .start = "2025-03-03",
     .rule = "PB-01-close-won",
     .action = PLAYBOOK_ACTION_CLOSE_WON,
     .due = "2025-03-10",
     .reason = "check-in 1 of 4",
     .wording = "a week after you start"},
    {.name = "won: the day after the first check-in, the 30-day one",
     .today = "2025-03-11",
     .stage = PLAYBOOK_STAGE_REINSTATED,
     .opening = OPEN,
     CASE_DATES,
     .start = "2025-03-03",
     .rule = "PB-01-close-won",
     .action = PLAYBOOK_ACTION_CLOSE_WON,
     .due = "2025-04-02",
     .wording = "Your coach will check in with you on 2025-04-02, 30 days after you started."},
    {.name = "won: 90-day check-in on its day",
     .today = "2025-06-01",
     .stage = PLAYBOOK_STAGE_REINSTATED,
     .opening = OPEN,
     CASE_DATES,
     .start = "2025-03-03",
     .rule = "PB-01-close-won",
     .action = PLAYBOOK_ACTION_CLOSE_WON,
     .due = "2025-06-01",
     .reason = "check-in 4 of 4"},
    {.name = "won: after the last check-in it stays the last",
     .today = "2025-06-02",
     .stage = PLAYBOOK_STAGE_REINSTATED,
     .opening = OPEN,
     CASE_DATES,
     .start = "2025-03-03",
     .rule = "PB-01-close-won",
     .action = PLAYBOOK_ACTION_CLOSE_WON,
     .due = "2025-06-01"},

    // PB-17 (B9): a conversation in which nobody accepted responsibility.
    {.name = "conversation without responsibility",
     .today = "2025-03-05",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", COMMIT, O_DISCUSS),
             RECAP("2025-03-04", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-17-accept-responsibility",
     .action = PLAYBOOK_ACTION_ACCEPT_RESPONSIBILITY,
     .due = "2025-03-07",
     .warnings = "",
     .detail = {"owns the mistake", "I take responsibility"},
     .reason = "no attempt accepted responsibility",
     .wording = "take responsibility"},
    {.name = "conversation with responsibility: the next rule",
     .today = "2025-03-05",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_DISCUSS),
             RECAP("2025-03-04", MGR, "Bob Smith", O_DISCUSS, NULL)},
     .rule = "PB-12-offer-reinterview",
     .action = PLAYBOOK_ACTION_OFFER_REINTERVIEW},

    // PB-19: a written recap after a conversation, due the next business day.
    {.name = "recap due the next business day, across a weekend",
     .today = "2025-03-07",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-10",
     .warnings = "",
     .detail = {"thank Bob Smith", "responsibility", "won't leave"},
     .reason = "conversation with Bob Smith on 2025-03-07 by phone (in_discussion)",
     .wording = "written thank-you"},
    {.name = "recap of a Thursday call due Friday",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-06", VIDEO, MGR, "Bob Smith", RESP | COMMIT, O_CALLBACK)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-07"},
    {.name = "recap of a call logged on a Saturday due Monday",
     .today = "2025-03-08",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-08", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_CALLBACK)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-10"},
    {.name = "recap steps over a holiday",
     .today = "2025-03-05",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .settings = &with_holiday,
     .n = 1,
     .att = {AT("2025-03-05", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_CALLBACK)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-07"},
    {.name = "recap overdue stays the step",
     .today = "2025-03-12",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-10"},
    {.name = "recap sent to HR does not count",
     .today = "2025-03-11",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS),
             AT_SEQ("2025-03-10", EMAIL, HR, "Jane Roe", 0, O_DISCUSS, 9)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-10",
     .warnings = "PW-01-contact-not-manager"},
    {.name = "recap sent before the call does not count",
     .today = "2025-03-07",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT_SEQ("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS, 9),
             AT_SEQ("2025-03-07", EMAIL, MGR, "Bob Smith", 0, O_NO_ANSWER, 8)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-10"},
    {.name = "recap to the skip-level manager, not someone else",
     .today = "2025-03-11",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .route = "skip_level",
     .route_contact = "Carol King",
     .n = 3,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", 0, O_GONE),
             AT("2025-03-07", PHONE, OTHER_ROLE, "Carol King", RESP | COMMIT | OFFER, O_DISCUSS),
             AT("2025-03-10", EMAIL, OTHER_ROLE, "Ed Blake", 0, O_NO_ANSWER)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-10",
     .detail = {"thank Carol King"}},
    {.name = "recap by LinkedIn message to the same person",
     .today = "2025-03-10",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS),
             AT("2025-03-08", LINKEDIN, MGR, "bob smith", 0, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .warnings = ""},
    {.name = "a conversation by email needs no recap",
     .today = "2025-03-07",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-07", EMAIL, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT},
    {.name = "the recap comes before the commitment it carries",
     .today = "2025-03-05",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", RESP, O_DISCUSS)},
     .rule = "PB-19-send-recap",
     .action = PLAYBOOK_ACTION_SEND_RECAP,
     .due = "2025-03-05",
     .detail = {"No contact has conveyed commitment yet"}},
    {.name = "the close-out note replaces an old recap",
     .today = "2025-03-19",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-14",
     CASE_DATES,
     .n = 4,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_CALLBACK),
             AT("2025-03-06", PHONE, MGR, "Bob Smith", 0, O_NO_ANSWER),
             AT("2025-03-11", PHONE, MGR, "Bob Smith", 0, O_NO_ANSWER),
             AT("2025-03-14", PHONE, MGR, "Bob Smith", 0, O_NO_ANSWER)},
     .rule = "PB-16-close-out",
     .action = PLAYBOOK_ACTION_CLOSE_OUT},
    {.name = "a 'no' after the call: no recap owed",
     .today = "2025-03-12",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-11",
     CASE_DATES,
     .changed = "2025-03-11",
     .n = 3,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP | COMMIT, O_DISCUSS),
             AT("2025-03-05", PHONE, MGR, "Bob Smith", 0, O_REJECTED),
             AT("2025-03-12", PHONE, MGR, "Bob Smith", 0, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT},
    {.name = "recap sent by email to the same person",
     .today = "2025-03-10",
     .stage = PLAYBOOK_STAGE_IN_DISCUSSION,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-07", PHONE, MGR, "Bob Smith", RESP | COMMIT | OFFER, O_DISCUSS),
             AT_SEQ("2025-03-10", EMAIL, MGR, "Bob Smith", 0, O_LEFT_MSG, 9)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .warnings = ""},

    // PB-16 (B7): the stopping rule, at N-1 and N, and the cadence window.
    {.name = "two unanswered phone attempts: switch channel",
     .today = "2025-03-11",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-10",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-06", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .due = "2025-03-11",
     .detail = {"switch channel and follow up by email", "attempt 3 of at most 3"}},
    {.name = "one unanswered phone attempt: same channel",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP,
     .detail = {"Follow up by phone, as last time", "attempt 2 of at most 3"}},
    {.name = "three unanswered, still waiting after the last",
     .today = "2025-03-13",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-10",
     CASE_DATES,
     .n = 3,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-06", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG),
             AT("2025-03-11", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-14"},
    {.name = "three unanswered: close out",
     .today = "2025-03-14",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-10",
     CASE_DATES,
     .n = 3,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-06", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG),
             AT("2025-03-11", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-16-close-out",
     .action = PLAYBOOK_ACTION_CLOSE_OUT,
     .due = "2025-03-14",
     .detail = {"gracious close-out note", "--lost no_response"},
     .reason = "no reply to 3 attempts to Bob Smith since 2025-03-03 (limit 3)",
     .wording = "gracious closing message"},
    {.name = "an answer resets the count",
     .today = "2025-03-14",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-10",
     CASE_DATES,
     .n = 3,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_CALLBACK),
             AT("2025-03-06", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG),
             AT("2025-03-11", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP},
    {.name = "attempts limit from the settings",
     .today = "2025-03-11",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-10",
     CASE_DATES,
     .settings = &attempts_2,
     .n = 2,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-06", PHONE, MGR, "Bob Smith", RESP, O_LEFT_MSG)},
     .rule = "PB-16-close-out",
     .action = PLAYBOOK_ACTION_CLOSE_OUT},
    {.name = "two unanswered over exactly the cadence: follow up",
     .today = "2025-03-17",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-12",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-12", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-10-follow-up",
     .action = PLAYBOOK_ACTION_FOLLOW_UP},
    {.name = "two unanswered over more than the cadence: close out",
     .today = "2025-03-21",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-18",
     CASE_DATES,
     .n = 2,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER),
             AT("2025-03-18", EMAIL, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-16-close-out",
     .action = PLAYBOOK_ACTION_CLOSE_OUT,
     .reason = "over 18 days since 2025-03-03 (limit 14 days)",
     .warnings = ""},

    // PB-15: the manager is gone; then the new route.
    {.name = "manager gone: change route",
     .today = "2025-03-05",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", 0, O_GONE)},
     .rule = "PB-15-change-route",
     .action = PLAYBOOK_ACTION_CHANGE_ROUTE,
     .due = "2025-03-05",
     .detail = {"skip-level manager", "warm referral", "HR only as a last resort"},
     .reason = "contact gone: Bob Smith (contact_gone on 2025-03-04)",
     .wording = "another way in"},
    {.name = "route changed to a skip-level manager: contact them",
     .today = "2025-03-05",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .route = "skip_level",
     .route_contact = "Kim Lee",
     .n = 1,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", 0, O_GONE)},
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .detail = {"Kim Lee, the skip-level manager at Acme Analytics", "Kim Lee, this is"},
     .wording = "Next, you will contact Kim Lee at Acme Analytics."},
    {.name = "skip-level manager reached: wait for them",
     .today = "2025-03-06",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .route = "skip_level",
     .route_contact = "Kim Lee",
     .n = 2,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", 0, O_GONE),
             AT("2025-03-05", PHONE, OTHER_ROLE, "kim lee", RESP, O_LEFT_MSG)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-10"},
    {.name = "the skip-level manager is gone too",
     .today = "2025-03-07",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .route = "skip_level",
     .route_contact = "Kim Lee",
     .n = 2,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", 0, O_GONE),
             AT("2025-03-06", PHONE, OTHER_ROLE, "Kim Lee", 0, O_GONE)},
     .rule = "PB-15-change-route",
     .action = PLAYBOOK_ACTION_CHANGE_ROUTE},

    // B8: the script from the decline reason and the better offer.
    {.name = "script names the better offer and the reason",
     .today = "2025-03-03",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .better = "Globex, senior analyst",
     .why_declined = "waiting for the Globex offer",
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .detail = {"I was waiting on another offer (Globex, senior analyst)",
                "The case records why the client declined", "problem the client solves"}},
    {.name = "script without a better offer: first search",
     .today = "2025-03-03",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .detail = {"first time I had been in this kind of job search",
                "turned down on 2025-02-20, 11 days ago", "keep the job search going"}},

    // PB-18: the client's motivation before the first manager contact.
    {.name = "motivation not confirmed before the manager call",
     .today = "2025-03-03",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .unconfirmed = true,
     .rule = "PB-18-confirm-motivation",
     .action = PLAYBOOK_ACTION_CONFIRM_MOTIVATION,
     .due = "2025-03-03",
     .warnings = "",
     .detail = {"Dana Cole really wants this job", "other offer is really gone",
                "case edit --motivation-confirmed"},
     .reason = "not taking this job because it's the only one left",
     .wording = "really want this job"},
    {.name = "motivation not confirmed, opening unknown: verify first",
     .today = "2025-03-03",
     .stage = PLAYBOOK_STAGE_VERIFY_OPENING,
     .opening = UNKNOWN,
     CASE_DATES,
     .unconfirmed = true,
     .rule = "PB-04-verify-opening",
     .action = PLAYBOOK_ACTION_VERIFY_OPENING,
     .due = "2025-03-03"},
    {.name = "motivation not confirmed, only HR reached so far",
     .today = "2025-03-05",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .unconfirmed = true,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, HR, "Jane Roe", 0, O_DISCUSS)},
     .rule = "PB-18-confirm-motivation",
     .action = PLAYBOOK_ACTION_CONFIRM_MOTIVATION,
     .due = "2025-03-05",
     .warnings = "PW-01-contact-not-manager"},
    {.name = "motivation not confirmed before the skip-level manager",
     .today = "2025-03-12",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-10",
     CASE_DATES,
     .unconfirmed = true,
     .route = "skip_level",
     .route_contact = "Carol King",
     .n = 1,
     .att = {AT("2025-03-10", PHONE, MGR, "Bob Smith", 0, O_GONE)},
     .rule = "PB-18-confirm-motivation",
     .action = PLAYBOOK_ACTION_CONFIRM_MOTIVATION,
     .detail = {"Before Carol King is contacted"}},
    {.name = "motivation confirmed: the manager call",
     .today = "2025-03-03",
     .stage = PLAYBOOK_STAGE_CONTACT_MANAGER,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .rule = "PB-06-contact-manager",
     .action = PLAYBOOK_ACTION_CONTACT_MANAGER,
     .warnings = ""},
    {.name = "motivation not confirmed but the manager was reached: no warning",
     .today = "2025-03-05",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .unconfirmed = true,
     .n = 1,
     .att = {AT("2025-03-04", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .warnings = ""},

    // Holidays are not business days.
    {.name = "a holiday moves the follow-up",
     .today = "2025-03-06",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-03-03",
     CASE_DATES,
     .settings = &with_holiday,
     .n = 1,
     .att = {AT("2025-03-03", PHONE, MGR, "Bob Smith", RESP, O_NO_ANSWER)},
     .rule = "PB-13-wait",
     .action = PLAYBOOK_ACTION_WAIT,
     .due = "2025-03-07"},

    // All four warnings at once, in table order.
    {.name = "every warning stacks",
     .today = "2025-03-03",
     .stage = A,
     .opening = OPEN,
     .verified = "2025-02-10",
     .declined = "2024-12-01",
     .opened = "2025-02-01",
     .n = 1,
     .att = {AT_FU("2025-02-10", EMAIL, HR, "Jane Roe", 0, O_NO_ANSWER, "2025-02-12")},
     .rule = "PB-05-reverify-opening",
     .action = PLAYBOOK_ACTION_REVERIFY_OPENING,
     .due = "2025-03-03",
     .warnings = "PW-01-contact-not-manager PW-02-late-decline PW-03-stale "
                 "PW-04-follow-up-overdue",
     .reason = "opening last verified 21 days ago on 2025-02-10 (limit 7)"},
};

static bool starts_lower(const char *s)
{
        return s[0] >= 'a' && s[0] <= 'z';
}

static void fill_case(const struct engine_case *e, struct playbook_case *c,
                      struct playbook_attempt *a)
{
        memset(c, 0, sizeof *c);
        if (!e->anonymous) {
                c->client_name = "Dana Cole";
                c->company = "Acme Analytics";
                c->role_title = "Data Analyst";
                c->manager_name = "Bob Smith";
                c->hr_name = "Jane Roe";
        }
        c->stage = e->stage;
        c->loss_reason = e->loss;
        c->opening = e->opening;
        c->opening_verified_on = D(e->verified);
        c->declined_on = D(e->declined);
        c->opened_on = D(e->opened);
        c->stage_changed_on = D(e->changed);
        c->interview_on = D(e->interview);
        c->start_on = D(e->start);
        c->offered_on = PLAYBOOK_NO_DATE;
        c->route = e->route ? e->route : "manager";
        c->route_contact = e->route_contact ? e->route_contact : "";
        c->better_offer = e->better ? e->better : "";
        c->decline_reason = e->why_declined ? e->why_declined : "";
        c->motivation_confirmed_on = e->unconfirmed ? PLAYBOOK_NO_DATE : D("2025-01-01");
        for (size_t i = 0; i < e->n; i++) {
                const struct att *x = &e->att[i];
                memset(&a[i], 0, sizeof a[i]);
                a[i].on = D(x->on);
                a[i].seq = x->seq;
                a[i].channel = x->channel;
                a[i].contact_role = x->role;
                a[i].contact_name = x->who;
                a[i].accepted_responsibility = x->flags & RESP;
                a[i].conveyed_commitment = x->flags & COMMIT;
                a[i].offered_reinterview = x->flags & OFFER;
                a[i].outcome = x->outcome;
                a[i].follow_up_on = D(x->follow_up);
        }
}

// The ids of the warnings in a step, separated by spaces.
static void warning_ids(const struct playbook_step *st, char *buf, size_t size)
{
        size_t len = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < st->n_warnings && len < size; i++) {
                int n = snprintf(buf + len, size - len, "%s%s", i ? " " : "",
                                 st->warnings[i].id ? st->warnings[i].id : "(null)");
                if (n < 0)
                        break;
                len += (size_t)n;
        }
}

// Words a job seeker must never see in their status.
static const char *const not_for_clients[] = {"attempt", "salary", "pay", "note",
                                              "_",       "limit",  "PB-", "PW-"};

static void check_step(const struct engine_case *e, const struct playbook_step *st)
{
        const char *rule = st->rule_id ? st->rule_id : "(null)";
        CHECK(strcmp(rule, e->rule) == 0, "[%s] rule %s, want %s (reason: %s)", e->name, rule,
              e->rule, st->reason);
        CHECK(st->action == e->action, "[%s] action %s, want %s", e->name,
              playbook_action_name(st->action) ? playbook_action_name(st->action) : "?",
              playbook_action_name(e->action));
        if (e->due || strcmp(e->rule, "PB-00-invalid-case") == 0)
                CHECK(st->due_on == D(e->due), "[%s] due %s, want %s", e->name, T(st->due_on).s,
                      e->due ? e->due : "no-date");
        if (e->warnings) {
                char ids[512];
                warning_ids(st, ids, sizeof ids);
                CHECK(strcmp(ids, e->warnings) == 0, "[%s] warnings '%s', want '%s'", e->name, ids,
                      e->warnings);
        }
        for (size_t i = 0; i < COUNT(e->detail) && e->detail[i]; i++)
                CHECK(strstr(st->detail, e->detail[i]), "[%s] detail lacks '%s': %s", e->name,
                      e->detail[i], st->detail);
        if (e->reason)
                CHECK(strstr(st->reason, e->reason), "[%s] reason lacks '%s': %s", e->name,
                      e->reason, st->reason);
        if (e->wording)
                CHECK(strstr(st->client_wording, e->wording), "[%s] wording lacks '%s': %s",
                      e->name, e->wording, st->client_wording);
        if (e->warning_text) {
                bool found = false;
                for (size_t i = 0; i < st->n_warnings; i++)
                        found |= strcmp(st->warnings[i].text, e->warning_text) == 0;
                CHECK(found, "[%s] no warning reads '%s' (first: '%s')", e->name, e->warning_text,
                      st->n_warnings ? st->warnings[0].text : "");
        }

        // What holds for every step.
        CHECK(st->title[0] && starts_lower(st->title), "[%s] title '%s'", e->name, st->title);
        CHECK(st->reason[0] && starts_lower(st->reason), "[%s] reason '%s'", e->name, st->reason);
        CHECK(st->detail[0] && st->client_wording[0], "[%s] empty detail or wording", e->name);
        CHECK(st->n_warnings <= PLAYBOOK_MAX_WARNINGS, "[%s] %zu warnings", e->name,
              st->n_warnings);
        for (size_t i = 0; i < st->n_warnings; i++)
                CHECK(st->warnings[i].id && starts_lower(st->warnings[i].text),
                      "[%s] warning %zu: '%s'", e->name, i, st->warnings[i].text);
        for (size_t i = 0; i < COUNT(not_for_clients); i++)
                CHECK(!strstr(st->client_wording, not_for_clients[i]),
                      "[%s] client wording has '%s': %s", e->name, not_for_clients[i],
                      st->client_wording);
}

static void test_engine(void)
{
        for (size_t i = 0; i < COUNT(engine_cases); i++) {
                const struct engine_case *e = &engine_cases[i];
                struct playbook_case c;
                struct playbook_attempt a[COUNT(e->att)];
                struct playbook_step st;
                fill_case(e, &c, a);
                playbook_next_step(&c, e->n ? a : NULL, e->n, D(e->today), e->settings, &st);
                n_cases++;
                check_step(e, &st);
        }
}

// Every rule and every warning in the docs is exercised by the table above.
static void test_engine_coverage(void)
{
        // The ids come from the engine's own tables: a rule added there
        // without a case here fails.
        size_t n = 0;
        for (const char *id; (id = playbook_rule_id(n)) != NULL; n++) {
                bool seen = false;
                for (size_t i = 0; i < COUNT(engine_cases) && !seen; i++)
                        seen = strcmp(engine_cases[i].rule, id) == 0 ||
                               (engine_cases[i].warnings && strstr(engine_cases[i].warnings, id));
                n_cases++;
                CHECK(seen, "no engine case exercises %s", id);
        }
        CHECK(n >= 19, "the engine lists %zu rules and warnings", n);
}

// Input the tables cannot express: NULL pointers and long names.
static void test_engine_edges(void)
{
        struct playbook_step st;
        struct playbook_case c = {0};
        c.stage = PLAYBOOK_STAGE_CONTACT_MANAGER;
        c.opening = PLAYBOOK_OPENING_OPEN;
        c.opening_verified_on = D("2025-03-03");
        c.opened_on = D("2025-03-01");
        c.declined_on = PLAYBOOK_NO_DATE;
        c.stage_changed_on = PLAYBOOK_NO_DATE;
        c.interview_on = PLAYBOOK_NO_DATE;
        c.start_on = PLAYBOOK_NO_DATE;

        n_cases++;
        playbook_next_step(NULL, NULL, 0, D("2025-03-03"), NULL, &st);
        CHECK(st.rule_id && strcmp(st.rule_id, "PB-00-invalid-case") == 0 &&
                  st.due_on == D("2025-03-03") && strstr(st.reason, "no case given"),
              "NULL case: %s / %s", st.rule_id ? st.rule_id : "(null)", st.reason);

        n_cases++;
        playbook_next_step(&c, NULL, 2, D("2025-03-03"), NULL, &st);
        CHECK(st.rule_id && strcmp(st.rule_id, "PB-00-invalid-case") == 0 &&
                  strstr(st.reason, "2 attempts announced but none given"),
              "NULL attempts: %s", st.reason);

        n_cases++;
        playbook_next_step(&c, NULL, 0, D("2025-03-03"), NULL, NULL); // must not crash

        n_cases++;
        c.opened_on = INT32_MAX;
        playbook_next_step(&c, NULL, 0, D("2025-03-03"), NULL, &st);
        CHECK(strcmp(st.rule_id, "PB-00-invalid-case") == 0, "case date out of range accepted");
        c.opened_on = D("2025-03-01");

        // Names longer than the text arrays: output stays terminated and valid UTF-8.
        static char long_name[6001];
        for (size_t i = 0; i + 2 < sizeof long_name; i += 2) {
                long_name[i] = (char)0xC3; // "é"
                long_name[i + 1] = (char)0xA9;
        }
        c.client_name = long_name;
        c.manager_name = long_name;
        c.company = long_name;
        n_cases++;
        playbook_next_step(&c, NULL, 0, D("2025-03-04"), NULL, &st);
        const char *texts[] = {st.title, st.detail, st.reason, st.client_wording};
        const size_t sizes[] = {sizeof st.title, sizeof st.detail, sizeof st.reason,
                                sizeof st.client_wording};
        for (size_t i = 0; i < COUNT(texts); i++) {
                const char *end = memchr(texts[i], '\0', sizes[i]);
                CHECK(end != NULL, "text %zu is not terminated", i);
                size_t len = end ? (size_t)(end - texts[i]) : 0;
                // Walk the UTF-8 sequences; a cut one would run past the end.
                size_t p = 0;
                while (p < len) {
                        unsigned char b = (unsigned char)texts[i][p];
                        size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                        p += n;
                }
                CHECK(p == len, "text %zu ends in a cut UTF-8 sequence", i);
        }
        CHECK(strcmp(st.rule_id, "PB-06-contact-manager") == 0, "long names: %s", st.rule_id);

        // Attempts arrive in any order: every permutation gives the same step.
        struct playbook_attempt a[3] = {
            {.on = D("2025-03-03"),
             .channel = PLAYBOOK_CHANNEL_EMAIL,
             .contact_role = PLAYBOOK_ROLE_HIRING_MANAGER,
             .outcome = PLAYBOOK_OUTCOME_NO_ANSWER,
             .follow_up_on = PLAYBOOK_NO_DATE},
            {.on = D("2025-03-04"),
             .channel = PLAYBOOK_CHANNEL_EMAIL,
             .contact_role = PLAYBOOK_ROLE_HIRING_MANAGER,
             .outcome = PLAYBOOK_OUTCOME_NO_ANSWER,
             .follow_up_on = PLAYBOOK_NO_DATE},
            {.on = D("2025-03-01"),
             .channel = PLAYBOOK_CHANNEL_PHONE,
             .contact_role = PLAYBOOK_ROLE_HR,
             .outcome = PLAYBOOK_OUTCOME_STILL_OPEN,
             .follow_up_on = PLAYBOOK_NO_DATE},
        };
        static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                        {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        c.client_name = "Dana Cole";
        c.manager_name = "Bob Smith";
        c.company = "Acme Analytics";
        c.stage = PLAYBOOK_STAGE_AWAITING_RESPONSE;
        c.opening_verified_on = D("2025-03-05");
        struct playbook_step first;
        playbook_next_step(&c, a, 3, D("2025-03-10"), NULL, &first);
        n_cases++;
        CHECK(strcmp(first.rule_id, "PB-10-follow-up") == 0 && first.due_on == D("2025-03-07") &&
                  strstr(first.detail, "by phone this time"),
              "permutation base: %s due %s: %s", first.rule_id, T(first.due_on).s, first.detail);
        for (size_t p = 0; p < COUNT(perms); p++) {
                struct playbook_attempt b[3] = {a[perms[p][0]], a[perms[p][1]], a[perms[p][2]]};
                playbook_next_step(&c, b, 3, D("2025-03-10"), NULL, &st);
                n_cases++;
                CHECK(strcmp(st.rule_id, first.rule_id) == 0 && st.due_on == first.due_on &&
                          strcmp(st.detail, first.detail) == 0 &&
                          strcmp(st.reason, first.reason) == 0,
                      "permutation %zu differs: %s", p, st.reason);
        }
}

int main(void)
{
        test_date_parse();
        test_date_format();
        test_weekday();
        test_add_business_days();
        test_business_days_between();
        test_vocabulary();
        test_settings_default();
        test_stage_graph();
        test_outcome_stage();
        test_engine();
        test_engine_coverage();
        test_engine_edges();
        printf("test_playbook: %d cases\n", n_cases);
        return check_done("test_playbook");
}
