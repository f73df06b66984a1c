// The one e-mail address check (common/email.c): the shape every address
// must have, and the printable-ASCII rule that login addresses add.
#include <string.h>

#include "check.h"
#include "email.h"

int main(void)
{
        static const struct {
                const char *s;
                int ascii_only;
                enum email_fault want;
        } cases[] = {
            {"ana@example.com", 1, EMAIL_OK},
            {"ana@example.com", 0, EMAIL_OK},
            {"", 0, EMAIL_SHAPE},
            {"a@", 0, EMAIL_SHAPE},
            {"@b", 0, EMAIL_SHAPE},
            {"ab", 0, EMAIL_SHAPE},
            {"a@b@c", 0, EMAIL_SHAPE},
            {"a b@c", 0, EMAIL_SHAPE},
            {"a@b c", 1, EMAIL_CHARS},
            {"a\tb@c", 0, EMAIL_SHAPE},
            {"a\x1b[2J@c", 1, EMAIL_CHARS},
            {"zoé@example.com", 0, EMAIL_OK},
            {"zoé@example.com", 1, EMAIL_CHARS},
        };
        char longer[300];

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                CHECK(email_check(cases[i].s, cases[i].ascii_only) == cases[i].want,
                      "'%s' (ascii_only %d): %d", cases[i].s, cases[i].ascii_only,
                      (int)email_check(cases[i].s, cases[i].ascii_only));
        memset(longer, 'a', sizeof(longer) - 1);
        longer[sizeof(longer) - 1] = '\0';
        longer[10] = '@';
        CHECK(email_check(longer, 0) == EMAIL_TOO_LONG, "%zu bytes", strlen(longer));
        longer[EMAIL_MAX_LEN] = '\0';
        CHECK(email_check(longer, 1) == EMAIL_OK, "%d bytes", EMAIL_MAX_LEN);
        return check_done("test_email");
}
