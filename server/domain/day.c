// Calendar and business days as integer day numbers. The civil-date
// conversions are Howard Hinnant's days_from_civil / civil_from_days, exact
// for the proleptic Gregorian calendar; business days count Monday to Friday
// with closed-form week arithmetic, so any distance costs the same.
#include "day.h"

#include <string.h>

#include "banned.h"

static int64_t floor_div(int64_t a, int64_t b)
{
        int64_t q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0)))
                q--;
        return q;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
        y -= m <= 2;
        int64_t era = floor_div(y, 400);
        int64_t yoe = y - era * 400;
        int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
}

static bool is_leap(int y)
{
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
        static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

bool playbook_day_from_civil(int year, int month, int day, pb_day *out)
{
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
            day > days_in_month(year, month))
                return false;
        if (out)
                *out = (pb_day)days_from_civil(year, month, day);
        return true;
}

bool playbook_day_to_civil(pb_day d, int *year, int *month, int *day)
{
        if (d < PLAYBOOK_DAY_MIN || d > PLAYBOOK_DAY_MAX)
                return false;
        int64_t z = (int64_t)d + 719468;
        int64_t era = floor_div(z, 146097);
        int64_t doe = z - era * 146097;
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int64_t mp = (5 * doy + 2) / 153;
        int64_t dd = doy - (153 * mp + 2) / 5 + 1;
        int64_t mm = mp < 10 ? mp + 3 : mp - 9;
        int64_t yy = yoe + era * 400 + (mm <= 2);
        if (year)
                *year = (int)yy;
        if (month)
                *month = (int)mm;
        if (day)
                *day = (int)dd;
        return true;
}

// Reads n ASCII digits; false if any is not a digit.
static bool read_digits(const char *s, int n, int *out)
{
        int v = 0;
        for (int i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (s[i] - '0');
        }
        *out = v;
        return true;
}

bool playbook_date_parse(const char *s, pb_day *out)
{
        int y, m, d;
        if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
                return false;
        if (!read_digits(s, 4, &y) || !read_digits(s + 5, 2, &m) || !read_digits(s + 8, 2, &d))
                return false;
        return playbook_day_from_civil(y, m, d, out);
}

// Writes v (>= 0) as exactly n digits, zero-padded.
static void put_digits(char *p, int v, int n)
{
        for (int i = n - 1; i >= 0; i--) {
                p[i] = (char)('0' + v % 10);
                v /= 10;
        }
}

bool playbook_date_format(pb_day d, char *buf, size_t size)
{
        int y, m, dd;
        if (!buf)
                return false;
        if (size < PLAYBOOK_DATE_SIZE || !playbook_day_to_civil(d, &y, &m, &dd)) {
                if (size > 0)
                        buf[0] = '\0';
                return false;
        }
        put_digits(buf, y, 4);
        buf[4] = '-';
        put_digits(buf + 5, m, 2);
        buf[7] = '-';
        put_digits(buf + 8, dd, 2);
        buf[10] = '\0';
        return true;
}

// ISO weekday of any day number, 1 = Monday; 1970-01-01 was a Thursday.
static int weekday64(int64_t d)
{
        return (int)(d + 3 - 7 * floor_div(d + 3, 7)) + 1;
}

int playbook_weekday(pb_day d)
{
        if (d == PLAYBOOK_NO_DATE)
                return 0;
        return weekday64(d);
}

bool playbook_is_business_day(pb_day d)
{
        return d != PLAYBOOK_NO_DATE && weekday64(d) <= 5;
}

pb_day playbook_add_business_days(pb_day day, int32_t n)
{
        if (day == PLAYBOOK_NO_DATE)
                return PLAYBOOK_NO_DATE;
        if (n == 0)
                return day;
        int64_t d = day;
        int wd = weekday64(d);
        int64_t step = n > 0 ? 1 : -1;
        int64_t m = n > 0 ? (int64_t)n : -(int64_t)n;
        // Counting from a weekend day is counting from the business day next
        // to it on the side we move away from: Sat+1 = Fri+1 = Mon.
        if (wd >= 6)
                d += n > 0 ? 5 - wd : 8 - wd;
        d += step * 7 * (m / 5);
        for (int64_t r = m % 5; r > 0;) {
                d += step;
                if (weekday64(d) <= 5)
                        r--;
        }
        if (d <= INT32_MIN || d > INT32_MAX)
                return PLAYBOOK_NO_DATE;
        return (pb_day)d;
}

// Business days in (-inf, x], up to a constant: 5 a week from the Monday
// 1970-01-05 (day 4), plus the weekdays so far in x's week.
static int64_t business_rank(int64_t x)
{
        int64_t w = floor_div(x - 4, 7);
        int64_t r = x - 4 - 7 * w;
        return 5 * w + (r + 1 < 5 ? r + 1 : 5);
}

int32_t playbook_business_days_between(pb_day a, pb_day b)
{
        if (a == PLAYBOOK_NO_DATE || b == PLAYBOOK_NO_DATE)
                return 0;
        return (int32_t)(business_rank(b) - business_rank(a));
}
