// Stage vocabulary and transition rules (server/domain/stages.c), table-driven.
#include <stdio.h>
#include <string.h>

#include "playbook.h"
#include "stages.h"

#include "check.h"

static void test_names(void)
{
        // The enums (generated from vocab.def) and the words agree.
        static const int counts[VOCAB_COUNT] = {
            [VOCAB_STAGE] = PLAYBOOK_STAGE_COUNT,      [VOCAB_OUTCOME] = PLAYBOOK_OUTCOME_COUNT,
            [VOCAB_LOSS_REASON] = PLAYBOOK_LOSS_COUNT, [VOCAB_OPENING] = PLAYBOOK_OPENING_COUNT,
            [VOCAB_CHANNEL] = PLAYBOOK_CHANNEL_COUNT,  [VOCAB_CONTACT_ROLE] = PLAYBOOK_ROLE_COUNT,
            [VOCAB_ACTION] = PLAYBOOK_ACTION_COUNT,
        };

        CHECK(strcmp(vocab_list(VOCAB_OPENING), "unknown, open, filled") == 0, "list is '%s'",
              vocab_list(VOCAB_OPENING));
        for (int v = 0; v < VOCAB_COUNT; v++) {
                CHECK(vocab_count((enum vocab)v) == counts[v], "vocab %d has %d words, enum %d", v,
                      vocab_count((enum vocab)v), counts[v]);
                for (int i = 0; i < counts[v]; i++) {
                        const char *n = vocab_name((enum vocab)v, i);
                        int back = -1;
                        CHECK(n != NULL, "vocab %d value %d has no name", v, i);
                        CHECK(n && vocab_parse((enum vocab)v, n, &back) && back == i,
                              "vocab %d: '%s' does not parse back", v, n ? n : "");
                        CHECK(n && strstr(vocab_list((enum vocab)v), n), "list lacks %s", n);
                }
                CHECK(vocab_name((enum vocab)v, counts[v]) == NULL, "vocab %d overflows", v);
                CHECK(vocab_name((enum vocab)v, -1) == NULL, "vocab %d underflows", v);
        }
        int out = 42;
        CHECK(!vocab_parse(VOCAB_STAGE, "Lost", &out) && out == 42, "parse is case-sensitive");
        CHECK(!vocab_parse(VOCAB_STAGE, NULL, &out), "NULL does not parse");
        CHECK(!vocab_parse(VOCAB_STAGE, "", &out), "empty does not parse");
}

static void test_moves(void)
{
        static const struct {
                enum stage from, to;
                bool ok;
        } cases[] = {
            {STAGE_VERIFY_OPENING, STAGE_CONTACT_MANAGER, true},
            {STAGE_VERIFY_OPENING, STAGE_AWAITING_RESPONSE, false},
            {STAGE_VERIFY_OPENING, STAGE_REINSTATED, false},
            {STAGE_VERIFY_OPENING, STAGE_LOST, true},
            {STAGE_VERIFY_OPENING, STAGE_VERIFY_OPENING, false},
            {STAGE_CONTACT_MANAGER, STAGE_IN_DISCUSSION, true},
            {STAGE_CONTACT_MANAGER, STAGE_VERIFY_OPENING, false},
            {STAGE_AWAITING_RESPONSE, STAGE_REINTERVIEW, true},
            {STAGE_IN_DISCUSSION, STAGE_AWAITING_RESPONSE, false},
            {STAGE_REINTERVIEW, STAGE_NEGOTIATING, true},
            {STAGE_NEGOTIATING, STAGE_REINSTATED, true},
            {STAGE_NEGOTIATING, STAGE_LOST, true},
            {STAGE_REINSTATED, STAGE_LOST, false},
            {STAGE_REINSTATED, STAGE_NEGOTIATING, false},
            {STAGE_REINSTATED, STAGE_VERIFY_OPENING, true},
            {STAGE_LOST, STAGE_CONTACT_MANAGER, true},
            {STAGE_LOST, STAGE_IN_DISCUSSION, false},
            {STAGE_COUNT, STAGE_LOST, false},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                CHECK(stages_can_move(cases[i].from, cases[i].to) == cases[i].ok,
                      "can_move(%d, %d) should be %d", cases[i].from, cases[i].to, cases[i].ok);
        CHECK(stages_is_open(STAGE_NEGOTIATING) && !stages_is_open(STAGE_LOST) &&
                  !stages_is_open(STAGE_REINSTATED) && !stages_is_open(STAGE_COUNT),
              "is_open");
}

static void test_outcomes(void)
{
        static const struct {
                enum outcome o;
                enum stage cur;
                enum stage_move want;
                enum stage to;
                enum loss_reason why;
        } cases[] = {
            {OUTCOME_STILL_OPEN, STAGE_VERIFY_OPENING, STAGE_MOVE_OK, STAGE_CONTACT_MANAGER, 0},
            {OUTCOME_STILL_OPEN, STAGE_IN_DISCUSSION, STAGE_MOVE_NONE, 0, 0},
            {OUTCOME_NO_ANSWER, STAGE_CONTACT_MANAGER, STAGE_MOVE_OK, STAGE_AWAITING_RESPONSE, 0},
            {OUTCOME_NO_ANSWER, STAGE_VERIFY_OPENING, STAGE_MOVE_NONE, 0, 0},
            {OUTCOME_LEFT_MESSAGE, STAGE_AWAITING_RESPONSE, STAGE_MOVE_NONE, 0, 0},
            {OUTCOME_CALLBACK_REQUESTED, STAGE_CONTACT_MANAGER, STAGE_MOVE_OK,
             STAGE_AWAITING_RESPONSE, 0},
            {OUTCOME_IN_DISCUSSION, STAGE_CONTACT_MANAGER, STAGE_MOVE_OK, STAGE_IN_DISCUSSION, 0},
            {OUTCOME_IN_DISCUSSION, STAGE_VERIFY_OPENING, STAGE_MOVE_REFUSED, STAGE_IN_DISCUSSION,
             0},
            {OUTCOME_IN_DISCUSSION, STAGE_NEGOTIATING, STAGE_MOVE_NONE, 0, 0},
            {OUTCOME_REINTERVIEW_OFFERED, STAGE_IN_DISCUSSION, STAGE_MOVE_OK, STAGE_REINTERVIEW, 0},
            {OUTCOME_REINTERVIEW_OFFERED, STAGE_REINTERVIEW, STAGE_MOVE_NONE, 0, 0},
            {OUTCOME_OFFER_REINSTATED, STAGE_REINTERVIEW, STAGE_MOVE_OK, STAGE_REINSTATED, 0},
            {OUTCOME_OFFER_REINSTATED, STAGE_LOST, STAGE_MOVE_REFUSED, STAGE_REINSTATED, 0},
            {OUTCOME_POSITION_FILLED, STAGE_AWAITING_RESPONSE, STAGE_MOVE_OK, STAGE_LOST,
             LOSS_POSITION_FILLED},
            {OUTCOME_POSITION_FILLED, STAGE_REINSTATED, STAGE_MOVE_REFUSED, STAGE_LOST,
             LOSS_POSITION_FILLED},
            {OUTCOME_POSITION_FILLED, STAGE_LOST, STAGE_MOVE_NONE, 0, 0},
            {OUTCOME_REJECTED, STAGE_IN_DISCUSSION, STAGE_MOVE_OK, STAGE_LOST,
             LOSS_MANAGER_DECLINED},
            {OUTCOME_COUNT, STAGE_IN_DISCUSSION, STAGE_MOVE_NONE, 0, 0},
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                enum stage to = STAGE_COUNT;
                enum loss_reason why = LOSS_COUNT;
                enum stage_move got = stages_outcome_move(cases[i].o, cases[i].cur, &to, &why);
                CHECK(got == cases[i].want, "outcome %d at %d: move %d, want %d", cases[i].o,
                      cases[i].cur, got, cases[i].want);
                if (got != STAGE_MOVE_NONE && got == cases[i].want) {
                        CHECK(to == cases[i].to, "outcome %d at %d: to %d", cases[i].o,
                              cases[i].cur, to);
                        if (to == STAGE_LOST)
                                CHECK(why == cases[i].why, "outcome %d: reason %d", cases[i].o,
                                      why);
                }
        }
}

int main(void)
{
        test_names();
        test_moves();
        test_outcomes();
        return check_done("test_stages");
}
