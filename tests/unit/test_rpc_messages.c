// Call messages (server/transport/rpc.c): a message too long for the
// envelope's headline is cut after a whole word and marked, never mid-word;
// a field's description is kept whole; past 8 invalid fields the rest are
// counted, not dropped silently.
#include <string.h>

#include "check.h"
#include "rpc.h"

static void reset(struct rpc_call *c)
{
        rpc_call_release(c);
        memset(c, 0, sizeof(*c));
}

int main(void)
{
        struct rpc_call c = {0};
        char words[1200] = "", many[64];

        for (int i = 0; i < 100; i++)
                strncat(words, i ? ", value_number" : "value_number",
                        sizeof(words) - strlen(words) - 1);
        // fits: unchanged
        rpc_fail(&c, 3, "case '%d' is closed", 42);
        CHECK(strcmp(c.message, "case '42' is closed") == 0, "got '%s'", c.message);
        reset(&c);

        // too long: cut after a whole item, marked
        rpc_fail(&c, 3, "one of: %s", words);
        CHECK(strlen(c.message) < sizeof(c.message), "length %zu", strlen(c.message));
        CHECK(strlen(c.message) > 400, "cut too early: %zu", strlen(c.message));
        CHECK(strcmp(c.message + strlen(c.message) - 16, "value_number ...") == 0,
              "not cut after a whole item: '%s'", c.message + strlen(c.message) - 20);
        reset(&c);

        // a violation keeps its whole description; the headline is marked
        rpc_violation(&c, "outcome", "unknown value 'x' (one of: %s)", words);
        CHECK(c.n_violations == 1, "%zu violations", c.n_violations);
        CHECK(strcmp(c.violations[0][0], "outcome") == 0, "field '%s'", c.violations[0][0]);
        CHECK(strlen(c.violations[0][1]) == strlen(words) + 28, "description cut: %zu",
              strlen(c.violations[0][1]));
        CHECK(strstr(c.message, "outcome: unknown value 'x'") == c.message, "headline '%s'",
              c.message);
        CHECK(strcmp(c.message + strlen(c.message) - 4, " ...") == 0, "headline not marked");
        reset(&c);

        // 10 invalid fields: 8 listed, the last says 2 more
        for (int i = 0; i < 10; i++) {
                snprintf(many, sizeof(many), "f%d", i);
                rpc_violation(&c, many, "is wrong");
        }
        CHECK(c.n_violations == 8, "%zu violations", c.n_violations);
        CHECK(strcmp(c.violations[7][1], "is wrong (and 2 more invalid fields)") == 0, "got '%s'",
              c.violations[7][1]);
        reset(&c);
        return check_done("rpc_messages");
}
