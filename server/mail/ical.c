#include <stdio.h>
#include <string.h>

#include "ical.h"
#include "wirecheck.h"
#include "banned.h"

// Appends one content line, folded: at most 75 octets a line, continuation
// lines start with a space, and a UTF-8 sequence is never split.
static int line(struct buf *b, const char *s)
{
        size_t len = strlen(s), col = 0;
        int rv = 0;

        for (size_t i = 0; i < len && rv == 0;) {
                size_t n = utf8_seq_len((unsigned char)s[i]);
                if (i + n > len)
                        n = len - i;
                if (col + n > 75) {
                        rv |= buf_adds(b, "\r\n ");
                        col = 1;
                }
                rv |= buf_add(b, s + i, n);
                col += n;
                i += n;
        }
        return rv | buf_adds(b, "\r\n");
}

// "NAME:value" with value escaped as TEXT (backslash, semicolon, comma,
// newline); control characters are dropped.
static int text_prop(struct buf *b, const char *name, const char *value)
{
        struct buf t = BUF_INIT(64 * 1024);
        int rv = buf_adds(&t, name);

        rv |= buf_adds(&t, ":");
        for (const char *s = value; *s && rv == 0; s++) {
                if (*s == '\\' || *s == ';' || *s == ',') {
                        rv |= buf_add(&t, "\\", 1);
                        rv |= buf_add(&t, s, 1);
                } else if (*s == '\n') {
                        rv |= buf_adds(&t, "\\n");
                } else if ((unsigned char)*s >= 0x20 && *s != 0x7f) {
                        rv |= buf_add(&t, s, 1);
                }
        }
        if (rv == 0)
                rv = line(b, buf_str(&t));
        buf_fini(&t);
        return rv;
}

int ical_begin(struct buf *b, const char *name, const char *zone)
{
        int rv = line(b, "BEGIN:VCALENDAR");

        rv |= line(b, "VERSION:2.0");
        rv |= line(b, "PRODID:-//reinstate//calendar feed//EN");
        rv |= line(b, "CALSCALE:GREGORIAN");
        rv |= line(b, "METHOD:PUBLISH");
        rv |= text_prop(b, "X-WR-CALNAME", name);
        rv |= text_prop(b, "X-WR-TIMEZONE", zone);
        // Calendar applications poll; an hour is plenty for next steps.
        rv |= line(b, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        rv |= line(b, "X-PUBLISHED-TTL:PT1H");
        return rv;
}

// "2026-11-29" → "20261129"; the day after into next. Returns -1 when day
// is not a date.
static int compact_days(const char *day, char out[9], char next[9])
{
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int y, m, d, dim;

        if (strlen(day) != 10 || day[4] != '-' || day[7] != '-')
                return -1;
        y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
        m = (day[5] - '0') * 10 + (day[6] - '0');
        d = (day[8] - '0') * 10 + (day[9] - '0');
        if (m < 1 || m > 12 || d < 1)
                return -1;
        dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
        if (d > dim)
                return -1;
        out[0] = day[0], out[1] = day[1], out[2] = day[2], out[3] = day[3];
        out[4] = day[5], out[5] = day[6], out[6] = day[8], out[7] = day[9], out[8] = '\0';
        if (++d > dim) {
                d = 1;
                if (++m > 12) {
                        m = 1;
                        y++;
                }
        }
        next[0] = (char)('0' + y / 1000 % 10), next[1] = (char)('0' + y / 100 % 10);
        next[2] = (char)('0' + y / 10 % 10), next[3] = (char)('0' + y % 10);
        next[4] = (char)('0' + m / 10), next[5] = (char)('0' + m % 10);
        next[6] = (char)('0' + d / 10), next[7] = (char)('0' + d % 10), next[8] = '\0';
        return 0;
}

int ical_all_day(struct buf *b, const char *uid, const char *day, const char *summary,
                 const char *description, const char *stamp)
{
        char start[9], end[9], tmp[64];
        int rv;

        if (compact_days(day, start, end) != 0)
                return 0; // no date, no event
        rv = line(b, "BEGIN:VEVENT");
        rv |= text_prop(b, "UID", uid);
        snprintf(tmp, sizeof(tmp), "DTSTAMP:%s", stamp);
        rv |= line(b, tmp);
        snprintf(tmp, sizeof(tmp), "DTSTART;VALUE=DATE:%s", start);
        rv |= line(b, tmp);
        snprintf(tmp, sizeof(tmp), "DTEND;VALUE=DATE:%s", end);
        rv |= line(b, tmp);
        rv |= text_prop(b, "SUMMARY", summary);
        if (description && description[0])
                rv |= text_prop(b, "DESCRIPTION", description);
        rv |= line(b, "TRANSP:TRANSPARENT");
        rv |= line(b, "END:VEVENT");
        return rv;
}

int ical_end(struct buf *b)
{
        return line(b, "END:VCALENDAR");
}
