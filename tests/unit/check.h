// A minimal table-test helper for unit tests: CHECK records a failure with
// its location and keeps going; check_done() prints a summary and returns
// the process exit status.
#ifndef RS_CHECK_H
#define RS_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond, ...)                                                                           \
        do {                                                                                       \
                check_count++;                                                                     \
                if (!(cond)) {                                                                     \
                        check_failures++;                                                          \
                        fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);   \
                        fprintf(stderr, __VA_ARGS__);                                              \
                        fputc('\n', stderr);                                                       \
                }                                                                                  \
        } while (0)

static inline int check_done(const char *name)
{
        printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
        return check_failures ? 1 : 0;
}

#endif
