// Dates and times as people type them: "tomorrow", "+3d", "yesterday 15:30",
// "friday", "next mon", "2026-12-01 09:00", read in a time zone against a
// reference instant. Pure apart from the process's TZ, which is switched
// for the call and put back (so not for use from several threads at once).
#ifndef RS_WHEN_H
#define RS_WHEN_H

#include <stddef.h>
#include <stdint.h>

#define WHEN_TEXT_SIZE 80

struct when {
        int year, month, day; // the calendar date in the zone
        int has_time;         // a time of day was typed (or "now")
        int hour, minute;     // when has_time
        int64_t epoch;        // the instant (seconds, UTC): midnight of the date when !has_time
        char date[32];        // "YYYY-MM-DD"
        char rfc3339[WHEN_TEXT_SIZE]; // "YYYY-MM-DDTHH:MM:SS+hh:mm" in the zone
};

// Reads text as a date, optionally followed by a time of day (HH:MM), in
// the IANA zone tz ("Europe/Paris"; NULL or "" for the process's zone),
// relative to the instant now (seconds since the epoch). Accepted dates:
// today, tomorrow, yesterday, now; +Nd, -Nd, +Nw, -Nw (also "+3 days");
// weekday names, full or three letters (the next such day, today
// included), "next <weekday>" (after today), "last <weekday>" (before
// today); YYYY-MM-DD. Case does not matter. Returns 0 and fills out, or -1
// with a message for the user in err ("unknown date 'tomorow' (try ...)").
int when_parse(const char *text, int64_t now, const char *tz, struct when *out, char *err,
               size_t errlen);

#endif
