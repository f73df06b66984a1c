// Session tokens and password hashing. A token is 32 random bytes shown to
// the client once (base64url, prefixed "rs1_"); the database stores only its
// BLAKE2b-256 hash, so a leaked table grants nothing. Passwords use Argon2id
// (libsodium crypto_pwhash_str) under a concurrency bound: each hash costs
// ~64 MiB.
#ifndef RS_AUTH_H
#define RS_AUTH_H

#include <stddef.h>

#define AUTH_TOKEN_PREFIX "rs1_"
// API tokens (named, for scripts) carry their own prefix: the server asks
// for their scope (read-only or not) only when it sees it.
#define AUTH_API_TOKEN_PREFIX "rsk1_"
#define AUTH_TOKEN_MAXLEN     64
// "\x" + 64 hex digits + NUL: the bytea text form of a token hash.
#define AUTH_HASH_TEXT_LEN 67

// Writes the bytea text form ("\\x...") of the hash of token into out.
void auth_token_hash_text(const char *token, char out[AUTH_HASH_TEXT_LEN]);

// Makes a fresh token (into token, AUTH_TOKEN_MAXLEN bytes) and its hash text.
// BLAKE2b-256 of len bytes at data, as bytea text ("\\x" + hex); a request's
// fingerprint for the idempotency check.
void auth_bytes_hash_text(const void *data, size_t len, char out[AUTH_HASH_TEXT_LEN]);

void auth_token_new(char token[AUTH_TOKEN_MAXLEN], char hash[AUTH_HASH_TEXT_LEN]);

// Like auth_token_new, for an API token (AUTH_API_TOKEN_PREFIX).
void auth_api_token_new(char token[AUTH_TOKEN_MAXLEN], char hash[AUTH_HASH_TEXT_LEN]);

// Whether token is an API token (by its prefix).
int auth_token_is_api(const char *token);

// Hashes a password with Argon2id into out (crypto_pwhash_STRBYTES), waiting
// for a free hashing slot. Returns 0, or -1 when memory ran out.
int auth_password_hash(const char *password, char *out, size_t outlen);

// At most AUTH_HASH_SLOTS hashes run at once; at most AUTH_HASH_QUEUE
// password checks wait for a slot, further ones are refused at once.
#define AUTH_HASH_SLOTS 2
#define AUTH_HASH_QUEUE 4

// Checks a password against a stored hash, waiting for a slot. Returns 1 on
// match, 0 otherwise, -1 when the queue is full (nothing was checked). Sets
// *rehash when the stored parameters are outdated.
int auth_password_verify(const char *stored, const char *password, int *rehash);

// Session and login-throttling policy, set once at start-up.
struct auth_config {
        int session_ttl_s; // session lifetime (default 12 h)
        int max_failures;  // failed logins before a lockout (default 5)
        int lockout_s;     // first lockout; doubles per further failure (default 60)
        int lockout_max_s; // longest lockout (default 900)
        int window_s;      // failures older than this are forgotten (default 900)
};

// Replaces the policy (values <= 0 keep their defaults).
void auth_configure(const struct auth_config *cfg);

// The policy in force.
const struct auth_config *auth_policy(void);

// Whether a new password is acceptable: PASSWORD_MIN_LEN..PASSWORD_MAX_LEN
// characters, not all one character, and not refused by cracklib (common
// passwords, dictionary words, sequences). Returns 1, or 0 with the reason
// in why.
int auth_password_acceptable(const char *pw, char *why, size_t len);

// Verifies a password against a fixed dummy hash, so that a login for an
// unknown email costs the same as one for a known email. Returns 0, or -1
// when the queue is full.
int auth_password_burn(const char *password);

#endif
