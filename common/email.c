// The e-mail address check both the server's validation and its login path
// use (email.h): a shape check, not RFC 5322, which the mail transfer agent
// is for.
#include "email.h"

#include <string.h>

#include "banned.h"

enum email_fault email_check(const char *s, int ascii_only)
{
        const char *at = strchr(s, '@');
        size_t n = strlen(s);

        if (ascii_only)
                for (size_t i = 0; i < n; i++)
                        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
                                return EMAIL_CHARS;
        if (n > EMAIL_MAX_LEN)
                return EMAIL_TOO_LONG;
        for (size_t i = 0; i < n; i++)
                if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] == 0x7f)
                        return EMAIL_SHAPE;
        if (n < 3 || at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL)
                return EMAIL_SHAPE;
        return EMAIL_OK;
}
