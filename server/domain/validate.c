// Validation of requests before the database sees them. Messages name the
// field (proto field name) and say what is expected, lowercase.
#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "day.h"
#include "route.h"
#include "status.h"
#include "wirecheck.h"
#include "banned.h"

// Counts the code points of valid UTF-8 (wirecheck_utf8, the one check);
// -1 when invalid or when it holds a control character not allowed
// (multiline allows \n, \r and \t).
static long utf8_chars(const char *s, int multiline)
{
        const unsigned char *p = (const unsigned char *)s;
        long n = 0;

        if (!wirecheck_utf8(p, strlen(s)))
                return -1;
        for (; *p; p++) {
                if ((*p < 0x20 || *p == 0x7f) &&
                    !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
                        return -1;
                if ((*p & 0xC0) != 0x80)
                        n++;
        }
        return n;
}

static int blank(const char *s)
{
        for (; *s; s++)
                if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
                        return 0;
        return 1;
}

static int check_text(struct rpc_call *c, const char *field, const char *s, int required,
                      size_t max, int multiline)
{
        long n;

        if (s == NULL)
                s = "";
        if (required && blank(s))
                return rpc_violation(c, field, "must not be empty");
        n = utf8_chars(s, multiline);
        if (n < 0)
                return rpc_violation(c, field,
                                     multiline ? "must be valid utf-8 text"
                                               : "must be one line of valid utf-8 text");
        if ((size_t)n > max)
                return rpc_violation(c, field, "must be at most %zu characters (got %ld)", max, n);
        return RS_OK;
}

int validate_text(struct rpc_call *c, const char *field, const char *s, int required, size_t max)
{
        return check_text(c, field, s, required, max, 1);
}

int validate_line(struct rpc_call *c, const char *field, const char *s, int required, size_t max)
{
        return check_text(c, field, s, required, max, 0);
}

int validate_email(struct rpc_call *c, const char *field, const char *s, int required)
{
        if (s == NULL || s[0] == '\0')
                return required ? rpc_violation(c, field, "must not be empty") : RS_OK;
        if (check_text(c, field, s, 1, LIMIT_EMAIL, 0) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if (email_check(s, 0) != EMAIL_OK)
                return rpc_violation(c, field, "must be an e-mail address like name@example.com");
        return RS_OK;
}

int validate_login_email(struct rpc_call *c, const char *field, const char *s)
{
        // Not echoed when its characters are wrong: it may hold escape
        // sequences.
        switch (email_check(s ? s : "", 1)) {
        case EMAIL_OK:
                return RS_OK;
        case EMAIL_CHARS:
                return rpc_violation(c, field,
                                     "is not an email address: only letters, digits and ASCII "
                                     "punctuation, no spaces");
        default:
                return rpc_violation(c, field, "'%.80s' is not an email address", s);
        }
}

int validate_phone(struct rpc_call *c, const char *field, const char *s)
{
        if (s == NULL || s[0] == '\0')
                return RS_OK;
        if (strlen(s) > LIMIT_PHONE)
                return rpc_violation(c, field, "must be at most %d characters", LIMIT_PHONE);
        for (const char *p = s; *p; p++)
                if (!((*p >= '0' && *p <= '9') || strchr(" +-().", *p)))
                        return rpc_violation(c, field,
                                             "must hold only digits, spaces and + - ( ) .");
        return RS_OK;
}

// Reads n ASCII digits; 0 if any is not a digit.
static int digits(const char *s, int n, int *out)
{
        int v = 0;

        for (int i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return 0;
                v = v * 10 + (s[i] - '0');
        }
        *out = v;
        return 1;
}

// Parses the "YYYY-MM-DD" at the start of s (day.h) and checks the years
// the product accepts (1900-2999). 1 on success.
static int parse_ymd(const char *s, pb_day *day)
{
        char ymd[PLAYBOOK_DATE_SIZE];
        int y;

        if (strnlen(s, 10) < 10)
                return 0;
        memcpy(ymd, s, 10);
        ymd[10] = '\0';
        return playbook_date_parse(ymd, day) && playbook_day_to_civil(*day, &y, NULL, NULL) &&
               y >= 1900 && y <= 2999;
}

int validate_date(struct rpc_call *c, const char *field, const char *s, int required, int32_t *days)
{
        pb_day d;

        *days = VALIDATE_NO_DATE;
        if (s == NULL || s[0] == '\0')
                return required ? rpc_violation(c, field, "must not be empty") : RS_OK;
        if (strlen(s) != 10 || !parse_ymd(s, &d))
                return rpc_violation(c, field, "must be a date YYYY-MM-DD (got '%.40s')", s);
        *days = d;
        return RS_OK;
}

int validate_timestamp(struct rpc_call *c, const char *field, const char *s, int64_t *epoch,
                       int32_t *local_days)
{
        int hh, mm, ss, oh = 0, om = 0, sign = 0;
        pb_day d;
        const char *p;

        if (s == NULL || strlen(s) < 20 || strlen(s) > 40 || !parse_ymd(s, &d) ||
            (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s + 11, 2, &hh) ||
            s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' || !digits(s + 17, 2, &ss) ||
            hh > 23 || mm > 59 || ss > 59)
                goto bad;
        p = s + 19;
        if (*p == '.') {
                p++;
                if (*p < '0' || *p > '9')
                        goto bad;
                while (*p >= '0' && *p <= '9')
                        p++;
        }
        if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
                sign = 0;
        } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &oh) &&
                   p[3] == ':' && digits(p + 4, 2, &om) && oh <= 23 && om <= 59) {
                sign = *p == '+' ? 1 : -1;
        } else {
                goto bad;
        }
        *local_days = d;
        *epoch =
            (int64_t)*local_days * 86400 + hh * 3600 + mm * 60 + ss - sign * (oh * 3600 + om * 60);
        return RS_OK;
bad:
        return rpc_violation(c, field,
                             "must be an RFC 3339 timestamp like 2025-03-01T14:30:00Z (got "
                             "'%.40s')",
                             s ? s : "");
}

int validate_enum(struct rpc_call *c, const char *field, enum vocab voc, const char *s,
                  int required, int *out)
{
        *out = -1;
        if (s == NULL || s[0] == '\0')
                return required ? rpc_violation(c, field, "must be one of: %s", vocab_list(voc))
                                : RS_OK;
        if (!vocab_parse(voc, s, out))
                return rpc_violation(c, field, "unknown value '%.40s' (one of: %s)", s,
                                     vocab_list(voc));
        return RS_OK;
}

int validate_id(struct rpc_call *c, const char *field, int64_t id)
{
        return id > 0 ? RS_OK : rpc_violation(c, field, "must be a positive id");
}

int validate_status(const struct rpc_call *c)
{
        return c->n_violations > 0 ? RS_INVALID_ARGUMENT : RS_OK;
}

int validate_client(struct rpc_call *c, const Reinstate__V1__Client *cl)
{
        validate_line(c, "name", cl->name, 1, LIMIT_NAME);
        validate_email(c, "email", cl->email, 0);
        validate_phone(c, "phone", cl->phone);
        return validate_status(c);
}

static int check_currency(struct rpc_call *c, const char *s, int64_t salary)
{
        if (s == NULL || s[0] == '\0')
                return salary > 0 ? rpc_violation(c, "currency", "is required with a salary")
                                  : RS_OK;
        if (strlen(s) != 3 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2] < 'A' ||
            s[2] > 'Z')
                return rpc_violation(c, "currency",
                                     "must be a three-letter ISO 4217 code like EUR (got "
                                     "'%.20s')",
                                     s);
        return RS_OK;
}

int validate_case(struct rpc_call *c, const Reinstate__V1__Case *k)
{
        int32_t offered = VALIDATE_NO_DATE, declined = VALIDATE_NO_DATE;

        validate_line(c, "company", k->company, 1, LIMIT_NAME);
        validate_line(c, "role_title", k->role_title, 1, LIMIT_NAME);
        validate_line(c, "manager_name", k->manager_name, 1, LIMIT_NAME);
        validate_email(c, "manager_email", k->manager_email, 0);
        validate_phone(c, "manager_phone", k->manager_phone);
        validate_line(c, "hr_name", k->hr_name, 0, LIMIT_NAME);
        validate_email(c, "hr_email", k->hr_email, 0);
        if (k->salary < 0 || k->salary > LIMIT_SALARY)
                rpc_violation(c, "salary", "must be between 1 and %d (0 = not recorded)",
                              LIMIT_SALARY);
        check_currency(c, k->currency, k->salary);
        validate_date(c, "offered_on", k->offered_on, 0, &offered);
        validate_date(c, "declined_on", k->declined_on, 0, &declined);
        if (offered != VALIDATE_NO_DATE && declined != VALIDATE_NO_DATE && declined < offered)
                rpc_violation(c, "declined_on", "must not be before offered_on (%s)",
                              k->offered_on);
        validate_text(c, "decline_reason", k->decline_reason, 0, LIMIT_REASON);
        validate_text(c, "better_offer", k->better_offer, 0, LIMIT_REASON);
        return validate_status(c);
}

int validate_case_facts(struct rpc_call *c, const Reinstate__V1__Case *k)
{
        int32_t d;

        validate_date(c, "start_on", k->start_on, 0, &d);
        validate_date(c, "interview_on", k->interview_on, 0, &d);
        if (k->route[0] && !route_valid(k->route))
                rpc_violation(c, "route", "unknown value '%.40s' (one of: %s)", k->route,
                              route_list());
        validate_line(c, "route_contact", k->route_contact, 0, LIMIT_NAME);
        if (k->route[0] && strcmp(k->route, "manager") != 0 && k->route_contact[0] == '\0')
                rpc_violation(c, "route_contact", "is required with route %s (who is it?)",
                              k->route);
        return validate_status(c);
}

int validate_when(struct rpc_call *c, const char *field, const char *s, int64_t *epoch,
                  int32_t *day, int *local)
{
        size_t n = s ? strlen(s) : 0;
        int hh = 12, mm = 0, ss = 0, bad;
        pb_day d = 0;

        *local = 0;
        if (n >= 20)
                return validate_timestamp(c, field, s, epoch, day);
        bad = (n != 10 && n != 16 && n != 19) || !parse_ymd(s, &d);

        if (!bad && n > 10)
                bad = (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s + 11, 2, &hh) ||
                      s[13] != ':' || !digits(s + 14, 2, &mm) || hh > 23 || mm > 59;
        if (!bad && n == 19)
                bad = s[16] != ':' || !digits(s + 17, 2, &ss) || ss > 59;
        if (bad)
                return rpc_violation(c, field,
                                     "must be YYYY-MM-DD, YYYY-MM-DDTHH:MM (in the coach's time "
                                     "zone) or an RFC 3339 timestamp (got '%.40s')",
                                     s ? s : "");
        *local = 1;
        *day = d;
        *epoch = (int64_t)*day * 86400 + hh * 3600 + mm * 60 + ss;
        return RS_OK;
}

int validate_attempt(struct rpc_call *c, const Reinstate__V1__Attempt *a, int64_t now)
{
        int32_t day = (int32_t)(now / 86400), follow = VALIDATE_NO_DATE, iv;
        int64_t at = now;
        int v, local = 0;

        validate_id(c, "case_id", a->case_id);
        if (a->at && a->at[0]) {
                // A local time may be up to 14 hours ahead of UTC.
                if (validate_when(c, "at", a->at, &at, &day, &local) == RS_OK &&
                    at > now + 86400 + (local ? 14 * 3600 : 0))
                        rpc_violation(c, "at", "must not be in the future");
        }
        validate_date(c, "interview_on", a->interview_on, 0, &iv);
        validate_enum(c, "channel", VOCAB_CHANNEL, a->channel, 1, &v);
        validate_enum(c, "contact_role", VOCAB_CONTACT_ROLE, a->contact_role, 1, &v);
        validate_line(c, "contact_name", a->contact_name, 1, LIMIT_NAME);
        validate_text(c, "summary", a->summary, 0, LIMIT_SUMMARY);
        validate_enum(c, "outcome", VOCAB_OUTCOME, a->outcome, 1, &v);
        // Without `at` the server stamps the attempt: its date is today somewhere
        // between UTC-12 and UTC+14, so a day's slack either way.
        if (a->at == NULL || a->at[0] == '\0')
                day -= 1;
        if (validate_date(c, "follow_up_on", a->follow_up_on, 0, &follow) == RS_OK &&
            follow != VALIDATE_NO_DATE && follow < day)
                rpc_violation(c, "follow_up_on", "must not be before the attempt's date");
        return validate_status(c);
}
