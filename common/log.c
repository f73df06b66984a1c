// Line-oriented logging to stderr. Each line is formatted into a local buffer
// and written with a single write(2), so lines from threads never interleave.
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

static enum log_level min_level = LOG_INFO;
static const char *prog = "reinstate";

void log_init(const char *program)
{
        const char *lv = getenv("REINSTATE_LOG_LEVEL");

        prog = program;
        if (lv == NULL)
                return;
        if (strcmp(lv, "debug") == 0)
                min_level = LOG_DEBUG;
        else if (strcmp(lv, "warn") == 0)
                min_level = LOG_WARN;
        else if (strcmp(lv, "error") == 0)
                min_level = LOG_ERROR;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
        static const char *const lvname[] = {"debug", "info", "warn", "error"};
        char line[2048];
        struct timeval tv;
        struct tm tm;
        va_list ap;
        int n, m;

        if (level < min_level)
                return;
        gettimeofday(&tv, NULL);
        gmtime_r(&tv.tv_sec, &tm);
        n = snprintf(line, sizeof(line),
                     "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s: ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (long)(tv.tv_usec / 1000), lvname[level], prog);
        va_start(ap, fmt);
        m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
        va_end(ap);
        if (m < 0)
                m = 0;
        n += m;
        if (n > (int)sizeof(line) - 2)
                n = (int)sizeof(line) - 2;
        line[n++] = '\n';
        if (write(STDERR_FILENO, line, (size_t)n) < 0) {
                // Nowhere left to report a failed log write.
        }
}
