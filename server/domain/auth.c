// Token and password primitives over libsodium. The hashing bound is a
// counting semaphore: a burst of logins queues instead of allocating
// 64 MiB per concurrent attempt.
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "password.h"
#include "banned.h"

static pthread_mutex_t slots_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_cv = PTHREAD_COND_INITIALIZER;
// At most this many Argon2id hashes run at once (~64 MiB each).
static int slots_free = 2;

static void slot_take(void)
{
        pthread_mutex_lock(&slots_mtx);
        while (slots_free == 0)
                pthread_cond_wait(&slots_cv, &slots_mtx);
        slots_free--;
        pthread_mutex_unlock(&slots_mtx);
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

void auth_token_new(char token[AUTH_TOKEN_MAXLEN], char hash[AUTH_HASH_TEXT_LEN])
{
        unsigned char raw[32];
        size_t plen = strlen(AUTH_TOKEN_PREFIX);

        randombytes_buf(raw, sizeof(raw));
        memcpy(token, AUTH_TOKEN_PREFIX, plen);
        sodium_bin2base64(token + plen, AUTH_TOKEN_MAXLEN - plen, raw, sizeof(raw),
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(raw, sizeof(raw));
        auth_token_hash_text(token, hash);
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
        slot_take();
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
        return 1;
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
        if (dummy_hash[0])
                (void)auth_password_verify(dummy_hash, password, &rehash);
        return 0;
}
