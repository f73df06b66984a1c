// The vocabulary's words, generated from vocab.def: one name table per
// vocabulary, the joined lists built by the preprocessor, and the extra
// columns (closed stages, the job seeker's words, channel phrases, outcome
// moves) as parallel tables. Adding a row to vocab.def changes all of them.
#include "vocab.h"

#include <stddef.h>
#include <string.h>

#include "banned.h"

// Value enums private to this file, so OUTCOME rows can name stages and loss
// reasons by their ids.
enum {
#define STAGE(id, word, closed, seeker) V_STAGE_##id,
#include "vocab.def"
        V_STAGE_COUNT,
        V_STAGE_ANY = -1,
        V_STAGE_NONE = -1,
};
enum {
#define LOSS(id, word) V_LOSS_##id,
#include "vocab.def"
        V_LOSS_COUNT,
};

static const char *const stage_words[] = {
#define STAGE(id, word, closed, seeker) #word,
#include "vocab.def"
};
static const char *const outcome_words[] = {
#define OUTCOME(id, word, to, loss, from, awaits) #word,
#include "vocab.def"
};
static const char *const loss_words[] = {
#define LOSS(id, word) #word,
#include "vocab.def"
};
static const char *const opening_words[] = {
#define OPENING(id, word) #word,
#include "vocab.def"
};
static const char *const channel_words[] = {
#define CHANNEL(id, word, phrase) #word,
#include "vocab.def"
};
static const char *const role_words[] = {
#define ROLE(id, word) #word,
#include "vocab.def"
};
static const char *const action_words[] = {
#define ACTION(id, word) #word,
#include "vocab.def"
};

// Each word is preceded by ", "; vocab_list skips the first two characters.
#define LISTED(word) ", " #word
static const char stage_list[] = ""
#define STAGE(id, word, closed, seeker) LISTED(word)
#include "vocab.def"
    ;
static const char outcome_list[] = ""
#define OUTCOME(id, word, to, loss, from, awaits) LISTED(word)
#include "vocab.def"
    ;
static const char loss_list[] = ""
#define LOSS(id, word) LISTED(word)
#include "vocab.def"
    ;
static const char opening_list[] = ""
#define OPENING(id, word) LISTED(word)
#include "vocab.def"
    ;
static const char channel_list[] = ""
#define CHANNEL(id, word, phrase) LISTED(word)
#include "vocab.def"
    ;
static const char role_list[] = ""
#define ROLE(id, word) LISTED(word)
#include "vocab.def"
    ;
static const char action_list[] = ""
#define ACTION(id, word) LISTED(word)
#include "vocab.def"
    ;

static const struct {
        const char *kind;
        const char *const *words;
        int count;
        const char *list; // ", a, b, c"
} vocabs[VOCAB_COUNT] = {
#define V(e, kind, words, list) [e] = {kind, words, (int)(sizeof(words) / sizeof(words[0])), list}
    V(VOCAB_STAGE, "stage", stage_words, stage_list),
    V(VOCAB_OUTCOME, "outcome", outcome_words, outcome_list),
    V(VOCAB_LOSS_REASON, "loss reason", loss_words, loss_list),
    V(VOCAB_OPENING, "opening status", opening_words, opening_list),
    V(VOCAB_CHANNEL, "channel", channel_words, channel_list),
    V(VOCAB_CONTACT_ROLE, "contact role", role_words, role_list),
    V(VOCAB_ACTION, "action", action_words, action_list),
#undef V
};

static const bool stage_closed[] = {
#define STAGE(id, word, closed, seeker) closed,
#include "vocab.def"
};
static const char *const stage_seeker[] = {
#define STAGE(id, word, closed, seeker) seeker,
#include "vocab.def"
};
static const char *const channel_phrase[] = {
#define CHANNEL(id, word, phrase) phrase,
#include "vocab.def"
};
static const struct {
        int to, loss, from;
        bool awaits;
} outcome_move[] = {
#define OUTCOME(id, word, to, loss, from, awaits)                                                  \
        {V_STAGE_##to, V_LOSS_##loss, V_STAGE_##from, awaits},
#include "vocab.def"
};

static bool valid(enum vocab voc)
{
        return (int)voc >= 0 && voc < VOCAB_COUNT;
}

int vocab_count(enum vocab voc)
{
        return valid(voc) ? vocabs[voc].count : 0;
}

const char *vocab_name(enum vocab voc, int v)
{
        return valid(voc) && v >= 0 && v < vocabs[voc].count ? vocabs[voc].words[v] : NULL;
}

bool vocab_parse(enum vocab voc, const char *s, int *out)
{
        if (!valid(voc) || s == NULL)
                return false;
        for (int i = 0; i < vocabs[voc].count; i++)
                if (strcmp(vocabs[voc].words[i], s) == 0) {
                        if (out)
                                *out = i;
                        return true;
                }
        return false;
}

const char *vocab_list(enum vocab voc)
{
        return valid(voc) ? vocabs[voc].list + 2 : "";
}

const char *vocab_kind(enum vocab voc)
{
        return valid(voc) ? vocabs[voc].kind : "";
}

bool vocab_stage_closed(int v)
{
        return v >= 0 && v < V_STAGE_COUNT && stage_closed[v];
}

const char *vocab_stage_seeker_words(int v)
{
        return v >= 0 && v < V_STAGE_COUNT ? stage_seeker[v] : NULL;
}

const char *vocab_channel_phrase(int v)
{
        return vocab_name(VOCAB_CHANNEL, v) ? channel_phrase[v] : NULL;
}

bool vocab_outcome_move(int v, int *to, int *loss, int *from, bool *awaits)
{
        if (vocab_name(VOCAB_OUTCOME, v) == NULL)
                return false;
        if (to)
                *to = outcome_move[v].to;
        if (loss)
                *loss = outcome_move[v].loss;
        if (from)
                *from = outcome_move[v].from;
        if (awaits)
                *awaits = outcome_move[v].awaits;
        return true;
}
