// Token and password primitives over libsodium. The hashing bound is a
// counting semaphore: a burst of logins queues instead of allocating
// 64 MiB per concurrent attempt.
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "banned.h"

static pthread_mutex_t slots_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_cv = PTHREAD_COND_INITIALIZER;
static int slots_free = 2;

void auth_set_hash_concurrency(int n)
{
        pthread_mutex_lock(&slots_mtx);
        slots_free = n > 0 ? n : 1;
        pthread_mutex_unlock(&slots_mtx);
}

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
