// iCalendar (RFC 5545) text for the coaches' calendar feeds: escaping of
// TEXT values, lines folded at 75 octets (never inside a UTF-8 sequence),
// CRLF line ends, all-day events with stable UIDs so calendar applications
// update an event instead of adding a second one.
#ifndef RS_ICAL_H
#define RS_ICAL_H

#include "buf.h"

// Opens the calendar: name shown by calendar applications, the coach's zone.
int ical_begin(struct buf *b, const char *name, const char *zone);

// An all-day event on day (YYYY-MM-DD). stamp is the feed's time in UTC
// (YYYYMMDDTHHMMSSZ). description may be "".
int ical_all_day(struct buf *b, const char *uid, const char *day, const char *summary,
                 const char *description, const char *stamp);

// Closes the calendar.
int ical_end(struct buf *b);

#endif
