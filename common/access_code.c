// Access codes: generation and forgiving input.
#include "access_code.h"

#include <string.h>
#include <sodium.h>

#include "banned.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The symbol a typed character stands for, or 0.
static char symbol(char ch)
{
        if (ch >= 'a' && ch <= 'z')
                ch = (char)(ch - 'a' + 'A');
        if (ch == 'I' || ch == 'L')
                return '1';
        if (ch == 'O')
                return '0';
        if (ch != '\0' && strchr(alphabet, ch) != NULL)
                return ch;
        return 0;
}

int access_code_normalise(const char *in, char out[ACCESS_CODE_NORM_SIZE])
{
        size_t n = 0, seen = 0;

        out[0] = '\0';
        for (const char *p = in; *p; p++) {
                char s;
                // Bounds the work on garbage: a code with generous spacing
                // is well under 64 characters.
                if (++seen > 64)
                        return -1;
                if (*p == '-' || *p == ' ')
                        continue;
                if ((s = symbol(*p)) == 0 || n == ACCESS_CODE_LEN)
                        return -1;
                out[n++] = s;
        }
        if (n != ACCESS_CODE_LEN) {
                out[0] = '\0';
                return -1;
        }
        out[n] = '\0';
        return 0;
}

int access_code_plausible(const char *norm)
{
        unsigned seen = 0;
        int distinct = 0;

        for (size_t i = 0; i < ACCESS_CODE_LEN && norm[i]; i++) {
                const char *p = strchr(alphabet, norm[i]);
                if (p == NULL)
                        return 0;
                if (!(seen & (1u << (p - alphabet)))) {
                        seen |= 1u << (p - alphabet);
                        distinct++;
                }
        }
        return distinct >= 6;
}

void access_code_format(const char *norm, char out[ACCESS_CODE_SIZE])
{
        size_t k = 0;

        for (size_t i = 0; i < ACCESS_CODE_LEN && norm[i]; i++) {
                if (i && i % 4 == 0)
                        out[k++] = '-';
                out[k++] = norm[i];
        }
        out[k] = '\0';
}

void access_code_new(char out[ACCESS_CODE_SIZE])
{
        unsigned char raw[10];
        char norm[ACCESS_CODE_NORM_SIZE];

        do {
                randombytes_buf(raw, sizeof(raw));
                // 80 bits, five at a time, most significant first.
                for (size_t i = 0; i < ACCESS_CODE_LEN; i++) {
                        size_t bit = i * 5, byte = bit / 8, shift = bit % 8;
                        unsigned v = (unsigned)raw[byte] << 8;
                        if (byte + 1 < sizeof(raw))
                                v |= raw[byte + 1];
                        norm[i] = alphabet[(v >> (11 - shift)) & 31];
                }
                norm[ACCESS_CODE_LEN] = '\0';
        } while (!access_code_plausible(norm));
        access_code_format(norm, out);
        sodium_memzero(raw, sizeof(raw));
        sodium_memzero(norm, sizeof(norm));
}
