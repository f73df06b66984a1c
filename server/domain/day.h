// Calendar days and business days: the day arithmetic the playbook's rules
// and the request checks are written in, in one place. A day is a count of
// days since 1970-01-01 in the proleptic Gregorian calendar, so comparing and
// subtracting days is integer arithmetic; business days are Monday to Friday
// (there is no holiday calendar). Pure: no I/O, no time zone, no heap.
#ifndef RS_DAY_H
#define RS_DAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// A calendar day as a count of days since 1970-01-01 (negative before).
typedef int32_t pb_day;

// "No date": unknown, not set or not applicable. Never a real day.
#define PLAYBOOK_NO_DATE INT32_MIN

// Buffer size for an ISO date "YYYY-MM-DD" and its terminating NUL.
#define PLAYBOOK_DATE_SIZE 11

// Converts a proleptic Gregorian date to a day number. Returns false (and
// leaves *out alone) unless 1 <= year <= 9999 and month/day form a real date.
bool playbook_day_from_civil(int year, int month, int day, pb_day *out);

// Splits a day number into year, month (1-12) and day (1-31). Returns false
// for PLAYBOOK_NO_DATE and days outside years 1..9999; any out pointer may be
// NULL.
bool playbook_day_to_civil(pb_day d, int *year, int *month, int *day);

// Parses exactly "YYYY-MM-DD" (10 characters, years 0001-9999, a real date:
// "2025-02-30" fails). Returns false on anything else, including NULL.
bool playbook_date_parse(const char *s, pb_day *out);

// Writes d as "YYYY-MM-DD" into buf. Returns false, with buf set to "" when
// size > 0, for PLAYBOOK_NO_DATE, years outside 1..9999 or
// size < PLAYBOOK_DATE_SIZE.
bool playbook_date_format(pb_day d, char *buf, size_t size);

// ISO 8601 weekday: 1 = Monday ... 7 = Sunday; 0 for PLAYBOOK_NO_DATE.
int playbook_weekday(pb_day d);

// Whether d is Monday to Friday (there is no holiday calendar).
bool playbook_is_business_day(pb_day d);

// The day n business days after d (before it when n < 0), counting only the
// Mon-Fri days stepped onto: Fri+1 = Mon, Sat+1 = Mon, Mon-1 = Fri. n = 0
// returns d unchanged, even on a weekend. PLAYBOOK_NO_DATE in, or a result
// outside the pb_day range, gives PLAYBOOK_NO_DATE.
pb_day playbook_add_business_days(pb_day d, int32_t n);

// The number of Mon-Fri days in (a, b]; negative (minus those in (b, a]) when
// b < a; 0 when either is PLAYBOOK_NO_DATE. For every a and n >= 0,
// between(a, add_business_days(a, n)) == n.
int32_t playbook_business_days_between(pb_day a, pb_day b);

// First and last day the module formats and accepts: 0001-01-01, 9999-12-31.
#define PLAYBOOK_DAY_MIN (-719162)
#define PLAYBOOK_DAY_MAX 2932896

#endif
