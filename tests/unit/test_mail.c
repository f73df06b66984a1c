// Reminders' pure parts: the message bytes (server/mail/mime.c), the
// calendar text (server/mail/ical.c) and the words (server/mail/compose.c).
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "check.h"
#include "compose.h"
#include "ical.h"
#include "mime.h"

// Every line of s (CRLF-separated) is at most max octets.
static size_t longest_line(const char *s)
{
        size_t longest = 0;

        while (*s) {
                const char *e = strstr(s, "\r\n");
                size_t n = e ? (size_t)(e - s) : strlen(s);
                if (n > longest)
                        longest = n;
                s += n + (e ? 2 : 0);
        }
        return longest;
}

static int has_bare_lf(const char *s)
{
        for (const char *p = s; *p; p++)
                if (*p == '\n' && (p == s || p[-1] != '\r'))
                        return 1;
        return 0;
}

static void test_mime(void)
{
        char text[4000];
        struct mime_message m = {
            "reminders@agency.test",
            "ana@agency.test",
            "Dépêche: 3 due today — «Acme» ✓ and a long subject to force folding of words",
            "<digest.0123@agency.test>",
            1764403200,
            text,
            "<p>caf\xc3\xa9 &amp; co</p>",
            NULL};
        size_t len = 0, len2 = 0;
        char *a, *b;

        memset(text, 'x', sizeof(text) - 1);
        text[sizeof(text) - 1] = '\0';
        memcpy(text, "line one \nline = two\t\n", 23);
        a = mime_render(&m, &len);
        b = mime_render(&m, &len2);
        CHECK(a && b, "rendered");
        if (!a || !b)
                return;
        CHECK(len == len2 && memcmp(a, b, len) == 0, "the same row renders to the same bytes");
        CHECK(strlen(a) == len, "no NUL inside");
        CHECK(longest_line(a) <= 78, "longest line %zu", longest_line(a));
        CHECK(!has_bare_lf(a), "CRLF line ends only");
        CHECK(strstr(a, "Subject: =?UTF-8?B?") != NULL, "non-ASCII subject encoded:\n%s", a);
        CHECK(strstr(a, "Message-ID: <digest.0123@agency.test>\r\n") != NULL, "message id");
        CHECK(strstr(a, "Date: Sat, 29 Nov 2025 08:00:00 +0000\r\n") != NULL, "date:\n%.300s", a);
        CHECK(strstr(a, "multipart/alternative") != NULL, "two parts");
        CHECK(strstr(a, "line one=20\r\n") != NULL, "space before a line end encoded");
        CHECK(strstr(a, "line =3D two=09\r\n") != NULL, "= and tab encoded");
        CHECK(strstr(a, "caf=C3=A9") != NULL, "8-bit bytes encoded");
        CHECK(strstr(a, "List-Unsubscribe") == NULL, "no unsubscribe header on a digest");
        free(a);
        free(b);

        // Header injection through stored text is impossible.
        m.subject = "hello\r\nBcc: victim@example.com";
        m.html = "";
        m.list_unsubscribe = "https://x.test/unsubscribe?t=abc";
        a = mime_render(&m, &len);
        CHECK(a && strstr(a, "\r\nBcc:") == NULL, "no header from the subject");
        CHECK(a && strstr(a, "List-Unsubscribe: <https://x.test/unsubscribe?t=abc>\r\n"),
              "unsubscribe header");
        CHECK(a && strstr(a, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
              "one-click unsubscribe");
        CHECK(a && strstr(a, "Content-Type: text/plain; charset=utf-8\r\n"), "text only");
        free(a);
}

static void test_ical(void)
{
        static const struct {
                const char *day, *start, *end; // end NULL: no event
        } days[] = {
            {"2026-11-29", "20261129", "20261130"},
            {"2026-11-30", "20261130", "20261201"},
            {"2026-12-31", "20261231", "20270101"},
            {"2028-02-28", "20280228", "20280229"},
            {"2027-02-28", "20270228", "20270301"},
            {"2100-02-28", "21000228", "21000301"},
            {"2026-02-30", NULL, NULL},
            {"", NULL, NULL},
            {"2026-13-01", NULL, NULL},
        };
        for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
                struct buf b = BUF_INIT(1 << 16);
                char want[64];
                CHECK(ical_all_day(&b, "u@x", days[i].day, "s", "", "20261129T000000Z") == 0, "%s",
                      days[i].day);
                if (days[i].start) {
                        snprintf(want, sizeof(want), "DTSTART;VALUE=DATE:%s\r\n", days[i].start);
                        CHECK(strstr(buf_str(&b), want) != NULL, "%s: %s", days[i].day,
                              buf_str(&b));
                        snprintf(want, sizeof(want), "DTEND;VALUE=DATE:%s\r\n", days[i].end);
                        CHECK(strstr(buf_str(&b), want) != NULL, "%s: %s", days[i].day,
                              buf_str(&b));
                } else {
                        CHECK(b.len == 0, "%s makes no event", days[i].day);
                }
                buf_fini(&b);
        }

        struct buf b = BUF_INIT(1 << 16);
        char summary[400];
        // 100 two-byte characters: folding must not cut one in half.
        for (int i = 0; i < 100; i++)
                memcpy(summary + 2 * i, "\xc3\xa9", 2);
        memcpy(summary + 200, "; a, b\\c\nnext", sizeof("; a, b\\c\nnext"));
        CHECK(ical_begin(&b, "reinstate: Ana", "Europe/Paris") == 0, "begin");
        CHECK(ical_all_day(&b, "step-1@reinstate", "2026-11-29", summary, "why: x\ny",
                           "20261129T000000Z") == 0,
              "event");
        CHECK(ical_end(&b) == 0, "end");
        CHECK(longest_line(buf_str(&b)) <= 75, "folded at 75 octets: %zu",
              longest_line(buf_str(&b)));
        {
                // Unfolded, the value is escaped as TEXT.
                char *u = strdup(buf_str(&b)), *w = u;
                for (const char *r = u; *r; r++) {
                        if (r[0] == '\r' && r[1] == '\n' && r[2] == ' ') {
                                r += 2;
                                continue;
                        }
                        *w++ = *r;
                }
                *w = '\0';
                CHECK(strstr(u, "\\; a\\, b\\\\c\\nnext") != NULL, "TEXT escaped:\n%s", u);
                free(u);
        }
        CHECK(strstr(buf_str(&b), "\r\n \xa9") == NULL, "no UTF-8 sequence split by a fold");
        CHECK(strncmp(buf_str(&b), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0, "header");
        CHECK(strstr(buf_str(&b), "END:VCALENDAR\r\n") != NULL, "footer");
        buf_fini(&b);
}

static void test_compose(void)
{
        struct digest_item items[] = {
            {"next_step", 12, "Sam <Rivera>", "Acme & Co", "Call Dana \"now\"", "why <b>",
             "2026-11-27", 2},
            {"task", 13, "Lee", "Globex", "Send the note", "", "2026-11-29", 0},
        };
        struct digest d = {"Test Agency", "Ana", "2026-11-29", items, 2, 3, 0};
        struct mail_parts m;

        mail_parts_init(&m);
        CHECK(compose_digest(&d, &m) == 0, "digest");
        CHECK(strcmp(buf_str(&m.subject), "Test Agency: 5 due today, 1 overdue (2026-11-29)") == 0,
              "subject: %s", buf_str(&m.subject));
        CHECK(strstr(buf_str(&m.text),
                     "1. Call Dana \"now\"\n   case 12: Sam <Rivera> at Acme & "
                     "Co, 2 days overdue (due 2026-11-27)\n   why: why <b>\n") != NULL,
              "text:\n%s", buf_str(&m.text));
        CHECK(strstr(buf_str(&m.text), "... and 3 more.") != NULL, "the rest counted");
        CHECK(strstr(buf_str(&m.html), "Sam &lt;Rivera&gt;") != NULL, "html escaped");
        CHECK(strstr(buf_str(&m.html), "Acme &amp; Co") != NULL, "html escaped");
        CHECK(strstr(buf_str(&m.html), "<b>") == NULL, "no markup from data");
        mail_parts_fini(&m);

        d.n_items = 0;
        d.n_more = 0;
        mail_parts_init(&m);
        CHECK(compose_digest(&d, &m) == 0, "empty digest");
        CHECK(strstr(buf_str(&m.subject), "nothing due today") != NULL, "%s", buf_str(&m.subject));
        mail_parts_fini(&m);

        struct seeker_update u = {"Test Agency",
                                  "Acme",
                                  "Analyst",
                                  "Waiting for the hiring manager to reply",
                                  "Your coach follows up on Monday.",
                                  "Ana",
                                  "https://s.test/",
                                  "https://s.test/unsubscribe?t=abc"};
        mail_parts_init(&m);
        CHECK(compose_seeker_update(&u, &m) == 0, "update");
        CHECK(strstr(buf_str(&m.text), "Where it stands: Waiting for the hiring manager") != NULL,
              "%s", buf_str(&m.text));
        CHECK(strstr(buf_str(&m.html), "href=\"https://s.test/unsubscribe?t=abc\"") != NULL,
              "unsubscribe link");
        mail_parts_fini(&m);
}

int main(void)
{
        if (sodium_init() < 0)
                return 1;
        test_mime();
        test_ical();
        test_compose();
        return check_done("test_mail");
}
