// Request validation (server/domain/validate.c) and page tokens (server/db/paging.c):
// the pure checks the services run before the database sees a value.
#include <stdio.h>
#include <string.h>

#include "paging.h"
#include "validate.h"

#include "check.h"

// The day number of a date (day.h).
static int32_t civil(int y, int m, int d)
{
        pb_day day = PLAYBOOK_NO_DATE;
        playbook_day_from_civil(y, m, d, &day);
        return day;
}

static void reset(struct rpc_call *c)
{
        rpc_call_release(c);
        memset(c, 0, sizeof(*c));
}

static void test_text(void)
{
        static const struct {
                const char *s;
                int required, line;
                size_t max;
                int ok;
        } cases[] = {
            {"Jordan", 1, 1, 200, 1},
            {"", 1, 1, 200, 0},
            {"   ", 1, 1, 200, 0},
            {"", 0, 1, 200, 1},
            {"Zoë Ørsted", 1, 1, 10, 1}, // 10 code points, 12 bytes
            {"Zoë Ørsted!", 1, 1, 10, 0},
            {"two\nlines", 1, 1, 200, 0},
            {"two\nlines", 1, 0, 200, 1},
            {"bell\a", 1, 0, 200, 0},
            {"\xC3\x28", 1, 0, 200, 0},       // invalid continuation
            {"\xC0\xAF", 1, 0, 200, 0},       // overlong
            {"\xED\xA0\x80", 1, 0, 200, 0},   // surrogate
            {"\xF0\x9F\x98\x80", 1, 0, 1, 1}, // one emoji
        };
        struct rpc_call c = {0};

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int rv = cases[i].line
                             ? validate_line(&c, "f", cases[i].s, cases[i].required, cases[i].max)
                             : validate_text(&c, "f", cases[i].s, cases[i].required, cases[i].max);
                CHECK((rv == RS_OK) == cases[i].ok, "text case %zu: rv %d", i, rv);
                CHECK(rv == RS_OK || (c.n_violations == 1 && strcmp(c.violations[0][0], "f") == 0),
                      "text case %zu: violation not recorded", i);
                reset(&c);
        }
}

static void test_shapes(void)
{
        struct rpc_call c = {0};
        int32_t d;
        int64_t e;
        int v;

        CHECK(validate_email(&c, "email", "a@b.c", 1) == RS_OK, "email ok");
        CHECK(validate_email(&c, "email", "", 0) == RS_OK, "empty optional email");
        CHECK(validate_email(&c, "email", "", 1) != RS_OK, "empty required email");
        CHECK(validate_email(&c, "email", "ab.c", 0) != RS_OK, "no @");
        CHECK(validate_email(&c, "email", "@b.c", 0) != RS_OK, "nothing before @");
        CHECK(validate_email(&c, "email", "a@", 0) != RS_OK, "nothing after @");
        CHECK(validate_email(&c, "email", "a b@c", 0) != RS_OK, "space");
        CHECK(validate_phone(&c, "phone", "+1 (555) 010-0100") == RS_OK, "phone ok");
        CHECK(validate_phone(&c, "phone", "555 x12") != RS_OK, "letters in phone");
        reset(&c);

        CHECK(validate_date(&c, "d", "2024-02-29", 1, &d) == RS_OK && d == civil(2024, 2, 29),
              "leap day");
        CHECK(validate_date(&c, "d", "1970-01-01", 1, &d) == RS_OK && d == 0, "epoch");
        CHECK(validate_date(&c, "d", "2025-02-29", 1, &d) != RS_OK, "not a leap year");
        CHECK(validate_date(&c, "d", "2025-1-01", 1, &d) != RS_OK, "short month");
        CHECK(validate_date(&c, "d", "2025-01-01x", 1, &d) != RS_OK, "trailing");
        CHECK(validate_date(&c, "d", "", 0, &d) == RS_OK && d == VALIDATE_NO_DATE, "optional");
        CHECK(validate_date(&c, "d", "", 1, &d) != RS_OK, "required");
        reset(&c);

        CHECK(validate_timestamp(&c, "at", "2025-03-01T14:30:00Z", &e, &d) == RS_OK &&
                  e == 1740839400 && d == civil(2025, 3, 1),
              "utc timestamp");
        CHECK(validate_timestamp(&c, "at", "2025-03-01T00:30:00.123+02:00", &e, &d) == RS_OK &&
                  e == 1740781800 && d == civil(2025, 3, 1),
              "offset keeps its local day");
        CHECK(validate_timestamp(&c, "at", "2025-03-01 14:30:00", &e, &d) != RS_OK, "no zone");
        CHECK(validate_timestamp(&c, "at", "2025-03-01T24:00:00Z", &e, &d) != RS_OK, "hour 24");
        reset(&c);

        CHECK(validate_enum(&c, "channel", VOCAB_CHANNEL, "linkedin", 1, &v) == RS_OK && v == 5,
              "enum ok");
        CHECK(validate_enum(&c, "channel", VOCAB_CHANNEL, "fax", 1, &v) != RS_OK, "enum unknown");
        CHECK(strstr(c.message, "one of: phone"), "enum message lists values: %s", c.message);
        reset(&c);
}

static void test_case(void)
{
        Reinstate__V1__Case k = REINSTATE__V1__CASE__INIT;
        struct rpc_call c = {0};

        k.company = "Acme";
        k.role_title = "Dev";
        k.manager_name = "Dana";
        CHECK(validate_case(&c, &k) == RS_OK, "minimal case: %s", c.message);
        k.salary = 90000;
        CHECK(validate_case(&c, &k) != RS_OK && strcmp(c.violations[0][0], "currency") == 0,
              "salary needs a currency");
        reset(&c);
        k.currency = "EUR";
        k.offered_on = "2025-03-02";
        k.declined_on = "2025-03-01";
        k.company = "";
        CHECK(validate_case(&c, &k) != RS_OK && c.n_violations == 2, "two violations: %zu",
              c.n_violations);
        CHECK(strcmp(c.violations[0][0], "company") == 0 &&
                  strcmp(c.violations[1][0], "declined_on") == 0,
              "violations named");
        reset(&c);
}

static void test_attempt(void)
{
        Reinstate__V1__Attempt a = REINSTATE__V1__ATTEMPT__INIT;
        struct rpc_call c = {0};
        int64_t now = 1740839400; // 2025-03-01T14:30:00Z

        a.case_id = 1;
        a.channel = "phone";
        a.contact_role = "hiring_manager";
        a.contact_name = "Dana";
        a.outcome = "in_discussion";
        CHECK(validate_attempt(&c, &a, now) == RS_OK, "attempt ok: %s", c.message);
        a.follow_up_on = "2025-02-28";
        CHECK(validate_attempt(&c, &a, now) == RS_OK, "a day of slack without at");
        a.follow_up_on = "2025-02-27";
        CHECK(validate_attempt(&c, &a, now) != RS_OK, "follow-up before the attempt");
        reset(&c);
        a.at = "2025-02-20T10:00:00-05:00";
        a.follow_up_on = "2025-02-20";
        CHECK(validate_attempt(&c, &a, now) == RS_OK, "same local day");
        a.follow_up_on = "2025-02-19";
        CHECK(validate_attempt(&c, &a, now) != RS_OK, "day before");
        reset(&c);
        a.follow_up_on = "";
        a.at = "2025-03-03T10:00:00Z";
        CHECK(validate_attempt(&c, &a, now) != RS_OK, "in the future");
        reset(&c);
}

static void test_paging(void)
{
        struct rpc_call c = {0};
        struct page p;
        char *tok;

        CHECK(paging_begin(&c, 0, "", "q", &p) == RS_OK && p.size == PAGING_DEFAULT_SIZE &&
                  !p.has_cursor,
              "default size");
        CHECK(paging_begin(&c, 100000, NULL, "q", &p) == RS_OK && p.size == PAGING_MAX_SIZE,
              "capped");
        CHECK(paging_begin(&c, -1, "", "q", &p) != RS_OK, "negative size");
        reset(&c);
        tok = paging_token(&c, "q", "2025-01-01", 42);
        CHECK(paging_begin(&c, 10, tok, "q", &p) == RS_OK && p.has_cursor && p.id == 42 &&
                  strcmp(p.key, "2025-01-01") == 0,
              "round trip");
        CHECK(paging_begin(&c, 10, tok, "other query", &p) != RS_OK, "bound to its query");
        CHECK(paging_begin(&c, 10, "garbage!", "q", &p) != RS_OK, "garbage");
        CHECK(paging_begin(&c, 10, "cDEuMDAwMDAwMDAuNDI", "q", &p) != RS_OK, "forged");
        reset(&c);
}

int main(void)
{
        test_text();
        test_shapes();
        test_case();
        test_attempt();
        test_paging();
        return check_done("test_validate");
}
