// Dates people type, turned into calendar dates and instants in a time zone.
//
// Calendar arithmetic is left to mktime(): days are added to a struct tm at
// noon (no daylight-saving change moves noon to another day) and the time
// of day is set afterwards, with tm_isdst = -1 so the zone's rules decide
// the offset. The zone is the process's TZ, switched for the call: the C
// library has no per-call zone, and a hand-written tzfile reader would be
// worse than a documented restriction to one thread.
#include "when.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};

#define HINT "try today, tomorrow, yesterday, +3d, -2w, friday, next mon, 2026-12-01, 15:30"

// Switches TZ to zone; keeps the old value in saved (NULL when unset).
static int zone_enter(const char *zone, char **saved, int *had)
{
        const char *old = getenv("TZ");
        char path[512];

        *had = old != NULL;
        *saved = old ? strdup(old) : NULL;
        if (zone == NULL || zone[0] == '\0')
                return 0;
        // tzset() falls back to UTC for a zone it cannot find: check first.
        if (zone[0] == '/' || strstr(zone, "..") != NULL)
                return -1;
        snprintf(path, sizeof(path), "%s/%s",
                 getenv("TZDIR") ? getenv("TZDIR") : "/usr/share/zoneinfo", zone);
        if (access(path, R_OK) != 0)
                return -1;
        setenv("TZ", zone, 1);
        tzset();
        return 0;
}

static void zone_leave(char *saved, int had)
{
        if (had)
                setenv("TZ", saved, 1);
        else
                unsetenv("TZ");
        tzset();
        free(saved);
}

static int weekday_of(const char *w)
{
        size_t n = strlen(w);

        for (int i = 0; i < 7; i++)
                if ((n == 3 || n == strlen(weekdays[i])) && strncmp(w, weekdays[i], n) == 0)
                        return i;
        return -1;
}

// "15:30" or "9:05": minutes since midnight, or -1.
static int time_of_day(const char *w)
{
        int h, m, used = 0;

        if (sscanf(w, "%2d:%2d%n", &h, &m, &used) != 2 || w[used] != '\0' || h > 23 || m > 59 ||
            h < 0 || m < 0 || !isdigit((unsigned char)w[strlen(w) - 2]))
                return -1;
        return h * 60 + m;
}

// "+3d", "-2w", "3d", "+3": days, or 0 with *ok = 0.
static int offset_days(const char *w, const char *unit, int *ok)
{
        char *end;
        long n = strtol(w, &end, 10);
        const char *u = *end ? end : unit;

        *ok = 0;
        if (end == w || n < -3660 || n > 3660)
                return 0;
        if (u == NULL || strcmp(u, "d") == 0 || strcmp(u, "day") == 0 || strcmp(u, "days") == 0) {
                *ok = u != NULL || w[0] == '+' || w[0] == '-';
                return (int)n;
        }
        if (strcmp(u, "w") == 0 || strcmp(u, "week") == 0 || strcmp(u, "weeks") == 0) {
                *ok = 1;
                return (int)n * 7;
        }
        return 0;
}

// Parses the date words w[0..n-1] into *day (a struct tm at noon).
static int parse_date(char **w, int n, const struct tm *today, struct tm *day, int *is_now)
{
        int add = 0, ok = 0, wd;

        *day = *today;
        day->tm_hour = 12;
        day->tm_min = day->tm_sec = 0;
        *is_now = 0;
        if (n == 0)
                return 0; // a time alone: today
        if (n == 1 && strcmp(w[0], "today") == 0)
                return 0;
        if (n == 1 && strcmp(w[0], "now") == 0) {
                *is_now = 1;
                return 0;
        }
        if (n == 1 && strcmp(w[0], "tomorrow") == 0)
                add = 1;
        else if (n == 1 && strcmp(w[0], "yesterday") == 0)
                add = -1;
        else if (n == 1 && (wd = weekday_of(w[0])) >= 0)
                add = (wd - today->tm_wday + 7) % 7;
        else if (n == 2 && strcmp(w[0], "next") == 0 && (wd = weekday_of(w[1])) >= 0)
                add = (wd - today->tm_wday + 6) % 7 + 1;
        else if (n == 2 && strcmp(w[0], "last") == 0 && (wd = weekday_of(w[1])) >= 0)
                add = -((today->tm_wday - wd + 6) % 7 + 1);
        else if (n == 1 && w[0][0] >= '0' && w[0][0] <= '9' && strlen(w[0]) == 10 &&
                 w[0][4] == '-' && w[0][7] == '-') {
                int y, m, d, used = 0;
                if (sscanf(w[0], "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 || m < 1 ||
                    m > 12 || d < 1 || d > 31)
                        return -1;
                day->tm_year = y - 1900;
                day->tm_mon = m - 1;
                day->tm_mday = d;
                day->tm_isdst = -1;
                mktime(day);
                // 2026-02-30 would roll over to March: not a date.
                return day->tm_mday == d && day->tm_mon == m - 1 ? 0 : -1;
        } else if (n == 1 || (n == 2 && (w[0][0] == '+' || w[0][0] == '-' ||
                                         isdigit((unsigned char)w[0][0])))) {
                add = offset_days(w[0], n == 2 ? w[1] : NULL, &ok);
                if (!ok)
                        return -1;
        } else if (n == 3 && strcmp(w[0], "in") == 0) {
                add = offset_days(w[1], w[2], &ok);
                if (!ok || add < 0)
                        return -1;
        } else {
                return -1;
        }
        day->tm_mday += add;
        day->tm_isdst = -1;
        mktime(day);
        return 0;
}

int when_parse(const char *text, int64_t now, const char *tz, struct when *out, char *err,
               size_t errlen)
{
        char buf[128], *w[8], *saved = NULL, off[8];
        int n = 0, had = 0, minutes = -1, is_now = 0, rv = -1;
        time_t t = (time_t)now;
        struct tm today, day;

        memset(out, 0, sizeof(*out));
        if (text == NULL || strlen(text) >= sizeof(buf)) {
                snprintf(err, errlen, "unknown date '%.40s' (" HINT ")", text ? text : "");
                return -1;
        }
        for (size_t i = 0; text[i]; i++)
                buf[i] = (char)tolower((unsigned char)text[i]);
        buf[strlen(text)] = '\0';
        for (char *p = buf; *p && n < (int)(sizeof(w) / sizeof(w[0]));) {
                while (*p == ' ' || *p == '\t')
                        *p++ = '\0';
                if (*p == '\0')
                        break;
                w[n++] = p;
                while (*p && *p != ' ' && *p != '\t')
                        p++;
        }
        // An ISO 8601 "2026-12-01T09:00" splits like "2026-12-01 09:00".
        if (n == 1 && strlen(w[0]) > 11 && w[0][10] == 't') {
                w[0][10] = '\0';
                w[1] = w[0] + 11;
                n = 2;
        }
        if (n > 0 && (minutes = time_of_day(w[n - 1])) >= 0)
                n--;
        if (zone_enter(tz, &saved, &had) != 0) {
                snprintf(err, errlen, "unknown time zone '%.60s' (an IANA name like Europe/Paris)",
                         tz);
                goto out;
        }
        localtime_r(&t, &today);
        if (n == 0 && minutes < 0) {
                snprintf(err, errlen, "a date is needed (" HINT ")");
                goto out;
        }
        if (parse_date(w, n, &today, &day, &is_now) != 0) {
                snprintf(err, errlen, "unknown date '%.40s' (" HINT ")", text);
                goto out;
        }
        if (is_now && minutes >= 0) {
                snprintf(err, errlen, "'now' takes no time of day");
                goto out;
        }
        if (is_now) {
                day = today;
                out->has_time = 1;
                out->epoch = now;
        } else {
                day.tm_hour = minutes >= 0 ? minutes / 60 : 0;
                day.tm_min = minutes >= 0 ? minutes % 60 : 0;
                day.tm_sec = 0;
                day.tm_isdst = -1;
                out->has_time = minutes >= 0;
                out->epoch = (int64_t)mktime(&day);
        }
        out->year = day.tm_year + 1900;
        out->month = day.tm_mon + 1;
        out->day = day.tm_mday;
        out->hour = out->has_time ? day.tm_hour : 0;
        out->minute = out->has_time ? day.tm_min : 0;
        snprintf(out->date, sizeof(out->date), "%04d-%02d-%02d", out->year % 10000, out->month,
                 out->day);
        strftime(off, sizeof(off), "%z", &day); // "+0100"
        snprintf(out->rfc3339, sizeof(out->rfc3339), "%.10sT%02d:%02d:%02d%.3s:%.2s", out->date,
                 day.tm_hour, day.tm_min, day.tm_sec, off, off + 3);
        rv = 0;
out:
        zone_leave(saved, had);
        return rv;
}
