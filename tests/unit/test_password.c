// The generated temporary passwords: every one of many draws passes the
// server's own password check (cracklib refuses strings with more than four
// neighbouring characters in sequence, which a uniform draw hits about once
// in a thousand), and draws differ.
#include <string.h>

#include <sodium.h>

#include "auth.h"
#include "check.h"
#include "password.h"

int main(void)
{
        char pw[PASSWORD_MAX_LEN + 2], prev[sizeof(pw)] = "", why[256];
        int refused = 0, same = 0;

        if (sodium_init() < 0)
                return 1;
        for (int i = 0; i < 2500; i++) {
                password_generate(pw, sizeof(pw));
                CHECK(strlen(pw) == PASSWORD_GEN_LEN, "length %zu", strlen(pw));
                if (!auth_password_acceptable(pw, why, sizeof(why)) && refused++ < 5)
                        fprintf(stderr, "refused %s: %s\n", pw, why);
                same += strcmp(pw, prev) == 0;
                memcpy(prev, pw, sizeof(pw));
        }
        CHECK(refused == 0, "%d of 2500 generated passwords refused by the server's check",
              refused);
        CHECK(same == 0, "two draws in a row were equal");
        // A short buffer is filled, never overrun.
        char small[5];
        password_generate(small, sizeof(small));
        CHECK(strlen(small) == 4, "short buffer: %zu", strlen(small));
        return check_done("test_password");
}
