// Access codes (common/access_code.c): forgiving input, the shape check,
// display, generation and the issue check value.
#include <string.h>
#include <sodium.h>

#include "access_code.h"
#include "check.h"

static void test_normalise(void)
{
        static const struct {
                const char *in, *out; // out NULL: rejected
        } cases[] = {
            {"ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"},
            {"abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS"},
            {"abcdefghjkmnpqrs", "ABCDEFGHJKMNPQRS"},
            {" ABCD EFGH  JKMN-PQRS ", "ABCDEFGHJKMNPQRS"},
            {"0123-4567-89VW-XYZT", "0123456789VWXYZT"},
            // Crockford's aliases: I and L read as 1, O as 0.
            {"iLoO-1100-abcd-efgh", "1100110 0ABCDEFGH"},
            {"ABCD-EFGH-JKMN-PQR", NULL},   // 15 symbols
            {"ABCD-EFGH-JKMN-PQRST", NULL}, // 17 symbols
            {"ABCD-EFGH-JKMN-PQRU", NULL},  // U is not a symbol
            {"ABCD_EFGH_JKMN_PQRS", NULL},
            {"ABCD-EFGH-JKMN-PQR\xc3\xa9", NULL},
            {"", NULL},
            {"----------------------------------------------------------------ABCDEFGHJKMNPQRS",
             NULL}, // more than 64 characters
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char out[ACCESS_CODE_NORM_SIZE];
                int rv = access_code_normalise(cases[i].in, out);
                if (cases[i].out == NULL) {
                        CHECK(rv == -1, "'%s' accepted as '%s'", cases[i].in, out);
                } else {
                        char want[32];
                        size_t k = 0;
                        for (const char *p = cases[i].out; *p; p++)
                                if (*p != ' ')
                                        want[k++] = *p;
                        want[k] = '\0';
                        CHECK(rv == 0 && strcmp(out, want) == 0, "'%s' gave %d '%s', want '%s'",
                              cases[i].in, rv, out, want);
                }
        }
}

static void test_plausible(void)
{
        CHECK(!access_code_plausible("AAAAAAAAAAAAAAAA"), "one symbol");
        CHECK(!access_code_plausible("ABCDEABCDEABCDEA"), "five symbols");
        CHECK(access_code_plausible("ABCDEFABCDEFABCD"), "six symbols");
        CHECK(access_code_plausible("0123456789ABCDEF"), "sixteen symbols");
        CHECK(!access_code_plausible("ABCDEFGHIJKLMNOP"), "I, L and O are not normalised symbols");
}

static void test_new(void)
{
        char seen[200][ACCESS_CODE_SIZE];
        unsigned counts[32] = {0};
        static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

        for (int i = 0; i < 200; i++) {
                char norm[ACCESS_CODE_NORM_SIZE], again[ACCESS_CODE_SIZE];
                access_code_new(seen[i]);
                CHECK(strlen(seen[i]) == 19 && seen[i][4] == '-' && seen[i][9] == '-' &&
                          seen[i][14] == '-',
                      "shape of '%s'", seen[i]);
                CHECK(access_code_normalise(seen[i], norm) == 0 && access_code_plausible(norm),
                      "'%s' does not read back", seen[i]);
                access_code_format(norm, again);
                CHECK(strcmp(again, seen[i]) == 0, "'%s' formats as '%s'", seen[i], again);
                for (int k = 0; k < i; k++)
                        CHECK(strcmp(seen[i], seen[k]) != 0, "'%s' twice", seen[i]);
                for (size_t k = 0; k < ACCESS_CODE_LEN; k++)
                        counts[strchr(alphabet, norm[k]) - alphabet]++;
        }
        // 3200 symbols, 100 expected of each: every symbol is used, none
        // dominates (a stuck bit would empty half the alphabet).
        for (int s = 0; s < 32; s++)
                CHECK(counts[s] > 40 && counts[s] < 180, "symbol %c seen %u times", alphabet[s],
                      counts[s]);
}

int main(void)
{
        if (sodium_init() < 0)
                return 1;
        test_normalise();
        test_plausible();
        test_new();
        return check_done("test_access_code");
}
