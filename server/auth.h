// Session tokens and password hashing. A token is 32 random bytes shown to
// the client once (base64url, prefixed "rs1_"); the database stores only its
// BLAKE2b-256 hash, so a leaked table grants nothing. Passwords use Argon2id
// (libsodium crypto_pwhash_str) under a concurrency bound: each hash costs
// ~64 MiB.
#ifndef RS_AUTH_H
#define RS_AUTH_H

#include <stddef.h>

#define AUTH_TOKEN_PREFIX "rs1_"
#define AUTH_TOKEN_MAXLEN 64
// "\x" + 64 hex digits + NUL: the bytea text form of a token hash.
#define AUTH_HASH_TEXT_LEN 67

// Writes the bytea text form ("\\x...") of the hash of token into out.
void auth_token_hash_text(const char *token, char out[AUTH_HASH_TEXT_LEN]);

// Makes a fresh token (into token, AUTH_TOKEN_MAXLEN bytes) and its hash text.
void auth_token_new(char token[AUTH_TOKEN_MAXLEN], char hash[AUTH_HASH_TEXT_LEN]);

// Hashes a password with Argon2id into out (crypto_pwhash_STRBYTES), waiting
// for a free hashing slot. Returns 0, or -1 when memory ran out.
int auth_password_hash(const char *password, char *out, size_t outlen);

// Checks a password against a stored hash, waiting for a slot. Returns 1 on
// match, 0 otherwise. Sets *rehash when the stored parameters are outdated.
int auth_password_verify(const char *stored, const char *password, int *rehash);

// Sets how many Argon2id hashes may run at once (default 2).
void auth_set_hash_concurrency(int n);

#endif
