// Dates people type (common/when.c), in a time zone, against a fixed
// instant: 2026-11-29T10:00:00Z, a Sunday (Sunday 11:00 in Paris, Sunday
// 02:00 in Los Angeles, Sunday 23:00 in Auckland).
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "when.h"

#define NOW 1795946400

int main(void)
{
        static const struct {
                const char *text, *tz, *want; // want: rfc3339, or the date when no time
        } ok[] = {
            {"today", "Europe/Paris", "2026-11-29"},
            {"tomorrow", "Europe/Paris", "2026-11-30"},
            {"Tomorrow", "UTC", "2026-11-30"},
            {"yesterday", "Europe/Paris", "2026-11-28"},
            {"yesterday 15:30", "Europe/Paris", "2026-11-28T15:30:00+01:00"},
            {"15:30", "America/Los_Angeles", "2026-11-29T15:30:00-08:00"},
            {"+3d", "Europe/Paris", "2026-12-02"},
            {"-2d", "Europe/Paris", "2026-11-27"},
            {"+1w", "Europe/Paris", "2026-12-06"},
            {"+3 days", "Europe/Paris", "2026-12-02"},
            {"in 2 weeks", "Europe/Paris", "2026-12-13"},
            {"+40d", "Europe/Paris", "2027-01-08"},
            {"sunday", "Europe/Paris", "2026-11-29"}, // today included
            {"friday", "Europe/Paris", "2026-12-04"},
            {"mon", "Europe/Paris", "2026-11-30"},
            {"next sunday", "Europe/Paris", "2026-12-06"}, // after today
            {"last sunday", "Europe/Paris", "2026-11-22"}, // before today
            {"last fri", "Europe/Paris", "2026-11-27"},
            {"2026-12-01", "Europe/Paris", "2026-12-01"},
            {"2026-12-01 09:00", "Europe/Paris", "2026-12-01T09:00:00+01:00"},
            {"2026-07-01T09:00", "Europe/Paris", "2026-07-01T09:00:00+02:00"}, // summer time
            {"2028-02-29", "UTC", "2028-02-29"},
            // the zone decides what "today" is
            {"today", "Pacific/Auckland", "2026-11-29"},
            {"tomorrow", "Pacific/Auckland", "2026-11-30"},
            {"today", "America/Los_Angeles", "2026-11-29"},
            {"now", "Pacific/Auckland", "2026-11-29T23:00:00+13:00"},
            {"yesterday 23:59", "UTC", "2026-11-28T23:59:00+00:00"},
        };
        static const struct {
                const char *text, *tz, *says;
        } bad[] = {
            {"tomorow", "Europe/Paris", "unknown date 'tomorow' (try"},
            {"2026-02-30", "UTC", "unknown date"},
            {"2026-13-01", "UTC", "unknown date"},
            {"25:00", "UTC", "unknown date"},
            {"next", "UTC", "unknown date"},
            {"3", "UTC", "unknown date"},
            {"+3x", "UTC", "unknown date"},
            {"", "UTC", "a date is needed"},
            {"today", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"},
            {"today", "../../etc/passwd", "unknown time zone"},
            {"now 10:00", "UTC", "'now' takes no time"},
        };
        struct when w;
        char err[256];
        const char *before;

        setenv("TZ", "Asia/Tokyo", 1);
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                int rv = when_parse(ok[i].text, NOW, ok[i].tz, &w, err, sizeof(err));
                const char *got = strlen(ok[i].want) == 10 ? w.date : w.rfc3339;
                CHECK(rv == 0, "'%s' in %s: %s", ok[i].text, ok[i].tz, err);
                CHECK(rv != 0 || strcmp(got, ok[i].want) == 0, "'%s' in %s: got %s, want %s",
                      ok[i].text, ok[i].tz, got, ok[i].want);
                CHECK(rv != 0 || strlen(ok[i].want) == 10 || w.has_time, "'%s': no time",
                      ok[i].text);
                CHECK(rv != 0 || strlen(ok[i].want) != 10 || !w.has_time, "'%s': a time",
                      ok[i].text);
        }
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                int rv = when_parse(bad[i].text, NOW, bad[i].tz, &w, err, sizeof(err));
                CHECK(rv == -1, "'%s' in %s was accepted as %s", bad[i].text, bad[i].tz, w.date);
                CHECK(rv != -1 || strstr(err, bad[i].says) != NULL, "'%s': message '%s'",
                      bad[i].text, err);
        }
        // the instant: yesterday 15:30 in Paris is 14:30 UTC
        CHECK(when_parse("yesterday 15:30", NOW, "Europe/Paris", &w, err, sizeof(err)) == 0 &&
                  w.epoch == NOW - 86400 + 4 * 3600 + 30 * 60,
              "epoch %lld", (long long)w.epoch);
        // the process's zone is put back
        before = getenv("TZ");
        CHECK(before && strcmp(before, "Asia/Tokyo") == 0, "TZ is now '%s'", before ? before : "");
        // no zone: the process's own (Tokyo, 19:00 the same Sunday)
        CHECK(when_parse("today", NOW, NULL, &w, err, sizeof(err)) == 0 &&
                  strcmp(w.date, "2026-11-29") == 0,
              "Tokyo today %s", w.date);
        return check_done("when");
}
