// Statement building (server/db/query.c) and the SQLSTATE → status map
// (db_status_of in server/db/db.c), without a database.
#include <string.h>

#include "check.h"
#include "db.h"
#include "query.h"

static void test_query(void)
{
        struct rpc_call c;
        struct query q;

        memset(&c, 0, sizeof(c));
        c.actor_id = 17;
        query_init(&q, &c, "SELECT 1 FROM cases WHERE true");
        query_add(&q, " AND coach_id = $$::bigint", scope_actor(&c));
        query_add(&q, " AND stage = $$", "lost");
        query_add(&q, " AND company = $$", query_nullable(""));
        query_text(&q, " ORDER BY id");
        CHECK(strcmp(buf_str(&q.sql), "SELECT 1 FROM cases WHERE true AND coach_id = $1::bigint "
                                      "AND stage = $2 AND company = $3 ORDER BY id") == 0,
              "text: %s", buf_str(&q.sql));
        CHECK(q.n == 3 && strcmp(q.params[0], "17") == 0 && strcmp(q.params[1], "lost") == 0 &&
                  q.params[2] == NULL,
              "parameters");
        query_fini(&q);

        CHECK(strcmp(scope_admin(&c), "f") == 0, "a coach is not scoped as admin");
        c.actor_role = RPC_ROLE_ADMIN;
        CHECK(strcmp(scope_admin(&c), "t") == 0, "an admin is");
        CHECK(strcmp(query_int(&c, -9000000000LL), "-9000000000") == 0, "int64 text");
        CHECK(query_nullable("x") && strcmp(query_nullable("x"), "x") == 0, "non-empty stays");
        CHECK(strcmp(etag_of(&c, 3), "3") == 0, "etag");
        CHECK(etag_check(&c, "case", 4, "3", "") == RS_OK, "no etag given: no check");
        CHECK(etag_check(&c, "case", 4, "3", "3") == RS_OK, "same etag");
        CHECK(etag_check(&c, "case", 4, "3", "2") == RS_ABORTED &&
                  strstr(c.message, "case '4' was changed by someone else"),
              "etag mismatch: %s", c.message);

        // Too many parameters: the statement is refused, not run short.
        memset(&q, 0, sizeof(q));
        query_init(&q, &c, "SELECT 1 WHERE true");
        for (int i = 0; i < QUERY_MAX_PARAMS + 2; i++)
                query_add(&q, " AND $$ = '1'", "1");
        CHECK(query_exec(&q, NULL) == RS_INTERNAL, "overflowing parameters are refused");
        query_fini(&q);
        // Too much text: refused too, never run cut short.
        query_init(&q, &c, "SELECT 1 WHERE true");
        for (int i = 0; i < QUERY_MAX_TEXT / 8; i++)
                query_text(&q, " AND 1=1");
        CHECK(query_exec(&q, NULL) == RS_INTERNAL && strstr(c.message, "too long"),
              "overflowing text is refused: %s", c.message);
        query_fini(&q);
        rpc_call_release(&c);
}

static void test_sqlstates(void)
{
        static const struct {
                const char *state, *constraint;
                int code;
                const char *message;
        } cases[] = {
            {NULL, NULL, RS_UNAVAILABLE, "database is unavailable"},
            {"57014", NULL, RS_DEADLINE_EXCEEDED, "deadline exceeded"},
            {"08006", NULL, RS_UNAVAILABLE, "unavailable"},
            {"57P01", NULL, RS_UNAVAILABLE, "unavailable"},
            {"53300", NULL, RS_UNAVAILABLE, "unavailable"},
            {"23505", "coaches_email_key", RS_ALREADY_EXISTS, "already exists (coaches_email_key)"},
            {"23503", NULL, RS_FAILED_PRECONDITION, "does not exist (foreign key)"},
            {"23514", "cases_salary_check", RS_INVALID_ARGUMENT, "(cases_salary_check)"},
            {"23502", NULL, RS_INVALID_ARGUMENT, "invalid value"},
            {"22001", NULL, RS_INVALID_ARGUMENT, "invalid value"},
            {"40001", NULL, RS_ABORTED, "concurrent change"},
            {"40P01", NULL, RS_ABORTED, "concurrent change"},
            {"42501", NULL, RS_PERMISSION_DENIED, "permission denied"},
            {"XX000", NULL, RS_INTERNAL, "internal error"},
            {"42P01", NULL, RS_INTERNAL, "internal error"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char msg[256];
                int code =
                    db_status_of(cases[i].state, "primary", cases[i].constraint, msg, sizeof(msg));
                CHECK(code == cases[i].code && strstr(msg, cases[i].message), "%s: %s '%s'",
                      cases[i].state ? cases[i].state : "(none)", rs_status_name(code), msg);
                CHECK(strstr(msg, "SELECT") == NULL, "no SQL in messages");
                CHECK(strstr(msg, "primary") == NULL, "%s: no PostgreSQL text in '%s'",
                      cases[i].state ? cases[i].state : "(none)", msg);
        }
}

int main(void)
{
        test_query();
        test_sqlstates();
        return check_done("test_query");
}
