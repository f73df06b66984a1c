// Token and password primitives over libsodium. The hashing bound is a
// counting semaphore: a burst of logins queues instead of allocating
// 64 MiB per concurrent attempt.
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <crack.h>
#include <sodium.h>

#include "password.h"
#include "banned.h"

static pthread_mutex_t slots_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_cv = PTHREAD_COND_INITIALIZER;
// At most this many Argon2id hashes run at once (~64 MiB each).
static int slots_free = AUTH_HASH_SLOTS;
// Guesses waiting for a slot; beyond AUTH_HASH_QUEUE a guess is shed.
static int slots_waiting;

static void slot_take(void)
{
        pthread_mutex_lock(&slots_mtx);
        while (slots_free == 0)
                pthread_cond_wait(&slots_cv, &slots_mtx);
        slots_free--;
        pthread_mutex_unlock(&slots_mtx);
}

// Like slot_take, but returns -1 at once when AUTH_HASH_QUEUE guesses are
// already waiting: a flood is refused instead of holding every worker.
static int slot_take_bounded(void)
{
        int rv = 0;

        pthread_mutex_lock(&slots_mtx);
        if (slots_free == 0 && slots_waiting >= AUTH_HASH_QUEUE) {
                rv = -1;
        } else {
                slots_waiting++;
                while (slots_free == 0)
                        pthread_cond_wait(&slots_cv, &slots_mtx);
                slots_waiting--;
                slots_free--;
        }
        pthread_mutex_unlock(&slots_mtx);
        return rv;
}

static void slot_give(void)
{
        pthread_mutex_lock(&slots_mtx);
        slots_free++;
        pthread_cond_signal(&slots_cv);
        pthread_mutex_unlock(&slots_mtx);
}

void auth_token_hash_text(const char *token, char out[AUTH_HASH_TEXT_LEN])
{
        unsigned char h[32];

        crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
        out[0] = '\\';
        out[1] = 'x';
        sodium_bin2hex(out + 2, AUTH_HASH_TEXT_LEN - 2, h, sizeof(h));
}

void auth_bytes_hash_text(const void *data, size_t len, char out[AUTH_HASH_TEXT_LEN])
{
        unsigned char h[32];

        crypto_generichash(h, sizeof(h), data, len, NULL, 0);
        out[0] = '\\';
        out[1] = 'x';
        sodium_bin2hex(out + 2, AUTH_HASH_TEXT_LEN - 2, h, sizeof(h));
}

static void token_new(const char *prefix, char token[AUTH_TOKEN_MAXLEN],
                      char hash[AUTH_HASH_TEXT_LEN])
{
        unsigned char raw[32];
        size_t plen = strlen(prefix);

        randombytes_buf(raw, sizeof(raw));
        memcpy(token, prefix, plen);
        sodium_bin2base64(token + plen, AUTH_TOKEN_MAXLEN - plen, raw, sizeof(raw),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(raw, sizeof(raw));
        auth_token_hash_text(token, hash);
}

void auth_token_new(char token[AUTH_TOKEN_MAXLEN], char hash[AUTH_HASH_TEXT_LEN])
{
        token_new(AUTH_TOKEN_PREFIX, token, hash);
}

void auth_api_token_new(char token[AUTH_TOKEN_MAXLEN], char hash[AUTH_HASH_TEXT_LEN])
{
        token_new(AUTH_API_TOKEN_PREFIX, token, hash);
}

int auth_token_is_api(const char *token)
{
        return strncmp(token, AUTH_API_TOKEN_PREFIX, strlen(AUTH_API_TOKEN_PREFIX)) == 0;
}

int auth_password_hash(const char *password, char *out, size_t outlen)
{
        int rv;

        if (outlen < crypto_pwhash_STRBYTES)
                return -1;
        slot_take();
        rv = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
        slot_give();
        return rv == 0 ? 0 : -1;
}

int auth_password_verify(const char *stored, const char *password, int *rehash)
{
        int ok;

        *rehash = 0;
        if (slot_take_bounded() != 0)
                return -1;
        ok = crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
        slot_give();
        if (ok)
                *rehash = crypto_pwhash_str_needs_rehash(stored, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
        return ok;
}

static struct auth_config policy = {12 * 3600, 5, 60, 900, 900};

void auth_configure(const struct auth_config *cfg)
{
        if (cfg->session_ttl_s > 0)
                policy.session_ttl_s = cfg->session_ttl_s;
        if (cfg->max_failures > 0)
                policy.max_failures = cfg->max_failures;
        if (cfg->lockout_s > 0)
                policy.lockout_s = cfg->lockout_s;
        if (cfg->lockout_max_s > 0)
                policy.lockout_max_s = cfg->lockout_max_s;
        if (cfg->window_s > 0)
                policy.window_s = cfg->window_s;
}

const struct auth_config *auth_policy(void)
{
        return &policy;
}

// The common-password check: cracklib's dictionary of words and known
// passwords (Debian's cracklib-runtime), which also refuses keyboard runs and
// sequences such as "1234567890". cracklib keeps static state: one at a time.
static int password_not_common(const char *pw, char *why, size_t len)
{
        static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
        char msg[256] = "";
        const char *res = NULL;
        int ok;

        pthread_mutex_lock(&mtx);
        ok = __DEBIAN_SPECIFIC__SafeFascistCheck(pw, GetDefaultCracklibDict(), msg, sizeof(msg));
        pthread_mutex_unlock(&mtx);
        if (!ok) {
                // No dictionary: refuse rather than accept an unchecked password.
                snprintf(why, len, "cannot be checked against the common-password list now");
                return 0;
        }
        res = msg[0] ? msg : NULL;
        if (res) {
                snprintf(why, len, "is too easy to guess (%s)", res);
                return 0;
        }
        return 1;
}

int auth_password_acceptable(const char *pw, char *why, size_t len)
{
        size_t n = strlen(pw), same = 0;

        if (n < PASSWORD_MIN_LEN || n > PASSWORD_MAX_LEN) {
                snprintf(why, len, "must be %d-%d characters", PASSWORD_MIN_LEN, PASSWORD_MAX_LEN);
                return 0;
        }
        for (size_t i = 1; i < n; i++)
                same += pw[i] == pw[0];
        if (same == n - 1) {
                snprintf(why, len, "must not repeat a single character");
                return 0;
        }
        return password_not_common(pw, why, len);
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
        if (crypto_pwhash_str(dummy_hash, "reinstate-dummy-password", 24,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
                dummy_hash[0] = '\0';
}

int auth_password_burn(const char *password)
{
        int rehash;

        pthread_once(&dummy_once, make_dummy);
        if (dummy_hash[0] && auth_password_verify(dummy_hash, password, &rehash) < 0)
                return -1;
        return 0;
}
