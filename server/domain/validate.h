// Request validation shared by the case-management services: lengths,
// dates, timestamps, e-mail and phone shapes, enumerations, and the checks
// of whole resources. Pure (no I/O): each check records a field violation on
// the call (rpc_violation) and returns RS_INVALID_ARGUMENT, or RS_OK. The
// database repeats these rules as CHECK constraints (schema/003_cases.sql).
#ifndef RS_VALIDATE_H
#define RS_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "day.h"
#include "email.h"
#include "rpc.h"
#include "stages.h"
#include "reinstate/v1/attempts.pb-c.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/clients.pb-c.h"

// Documented limits, in characters.
#define LIMIT_NAME    200 // names, company, role title, contact names
#define LIMIT_EMAIL   EMAIL_MAX_LEN
#define LIMIT_PHONE   40
#define LIMIT_REASON  2000 // decline reason, better offer
#define LIMIT_SUMMARY 4000 // attempt summary
#define LIMIT_NOTE    10000
#define LIMIT_TITLE   500 // task title
#define LIMIT_WHY     1000
#define LIMIT_SALARY  1000000000

// "No date" for optional dates that are empty (day.h's PLAYBOOK_NO_DATE).
#define VALIDATE_NO_DATE PLAYBOOK_NO_DATE

// Text of at most max characters (UTF-8 code points), valid UTF-8, without
// control characters other than newline and tab (single-line fields allow
// neither). required: not empty or blank.
int validate_text(struct rpc_call *c, const char *field, const char *s, int required, size_t max);

// As validate_text for one-line fields (names, titles).
int validate_line(struct rpc_call *c, const char *field, const char *s, int required, size_t max);

// An e-mail address: at most 254 characters, one '@' with text on both sides,
// no spaces. "" passes unless required.
int validate_email(struct rpc_call *c, const char *field, const char *s, int required);

// An address someone logs in with (coaches, admins): the shape of
// validate_email and printable ASCII only, so it has one lower case and
// cannot carry escape sequences into a terminal or the audit log; an empty
// one is refused. RS_OK or RS_INVALID_ARGUMENT with a violation on field.
int validate_login_email(struct rpc_call *c, const char *field, const char *s);

// A phone number: at most 40 characters of digits, spaces and "+-().".
int validate_phone(struct rpc_call *c, const char *field, const char *s);

// A date "YYYY-MM-DD" (a real one, years 1900-2999). Sets *days (days since
// 1970-01-01) or VALIDATE_NO_DATE for "" when not required.
int validate_date(struct rpc_call *c, const char *field, const char *s, int required,
                  int32_t *days);

// An RFC 3339 timestamp ("2025-03-01T14:30:00Z", "...+02:00", fractions
// allowed). Sets *epoch (seconds, UTC) and *local_days (the day of its own
// offset's calendar, as written).
int validate_timestamp(struct rpc_call *c, const char *field, const char *s, int64_t *epoch,
                       int32_t *local_days);

// One name of vocabulary voc into *out; "" passes as *out = -1 unless required.
int validate_enum(struct rpc_call *c, const char *field, enum vocab voc, const char *s,
                  int required, int *out);

// An id: positive.
int validate_id(struct rpc_call *c, const char *field, int64_t id);

// The descriptive fields of a client (name, email, phone).
int validate_client(struct rpc_call *c, const Reinstate__V1__Client *cl);

// The descriptive fields of a case (everything a coach types: company, role,
// manager and HR contacts, salary and currency, dates and their order,
// reasons). Not client_id.
int validate_case(struct rpc_call *c, const Reinstate__V1__Case *k);

// A moment as a coach types it: an RFC 3339 timestamp with an offset, or a
// local time without one, read later in the coach's zone: "YYYY-MM-DD"
// (that day), "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS". Sets *day (the
// calendar day as written), *local (1 when no offset was given) and
// *epoch (exact with an offset; the moment as if written in UTC otherwise,
// which is within 14 hours of the truth).
int validate_when(struct rpc_call *c, const char *field, const char *s, int64_t *epoch,
                  int32_t *day, int *local);

// The facts the playbook reads beside the description: start_on and
// interview_on (dates), route (manager | skip_level | referral |
// hr_last_resort) and route_contact (at most 200 characters; required for
// a route other than manager).
int validate_case_facts(struct rpc_call *c, const Reinstate__V1__Case *k);

// An attempt to log, at `now` (epoch seconds): case_id, at (see
// validate_when; not more than a day ahead), enumerations, contact name,
// summary, interview_on, and a follow-up date not before the attempt's own
// date (without `at`: not before yesterday in UTC).
int validate_attempt(struct rpc_call *c, const Reinstate__V1__Attempt *a, int64_t now);

// The status of the checks so far: RS_INVALID_ARGUMENT when a violation was
// recorded on the call, else RS_OK.
int validate_status(const struct rpc_call *c);

#endif
