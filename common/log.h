// Logging to stderr, one line per event, safe from any thread. Never pass
// passwords, tokens or access codes: the log is read by operators.
#ifndef RS_LOG_H
#define RS_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

// Lines below this level are dropped. Default LOG_INFO; REINSTATE_LOG_LEVEL
// (debug|info|warn|error) sets it in log_init.
void log_init(const char *program);

// Writes "<utc time> <level> <program>: <message>\n" atomically.
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
