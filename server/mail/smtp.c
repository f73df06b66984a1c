// SMTP through libcurl: it speaks the protocol, negotiates STARTTLS and
// authentication, and enforces timeouts, so none of that is written here.
#include <stdio.h>
#include <string.h>
#include <curl/curl.h>

#include "smtp.h"
#include "banned.h"

void smtp_global_init(void)
{
        curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct reader {
        const char *p;
        size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
        struct reader *r = arg;
        size_t n = size * nmemb;

        if (n > r->left)
                n = r->left;
        memcpy(buf, r->p, n);
        r->p += n;
        r->left -= n;
        return n;
}

int smtp_send(const struct smtp_relay *relay, const char *from, const char *to, const char *msg,
              size_t len, char *err, size_t errlen, int *permanent)
{
        char errbuf[CURL_ERROR_SIZE] = "";
        struct curl_slist *rcpt = NULL;
        struct reader rd = {msg, len};
        long reply = 0;
        CURLcode rc;
        CURL *h;

        *permanent = 0;
        if ((h = curl_easy_init()) == NULL) {
                snprintf(err, errlen, "cannot initialise the mail transport");
                return -1;
        }
        rcpt = curl_slist_append(NULL, to);
        curl_easy_setopt(h, CURLOPT_URL, relay->url);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        // STARTTLS when offered; smtps:// is TLS regardless.
        curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
        if (relay->password)
                curl_easy_setopt(h, CURLOPT_PASSWORD, relay->password);
        if (relay->ca_file)
                curl_easy_setopt(h, CURLOPT_CAINFO, relay->ca_file);
        curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
        curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
        curl_easy_setopt(h, CURLOPT_READDATA, &rd);
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, relay->timeout_s > 0 ? relay->timeout_s : 30L);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
        rc = curl_easy_perform(h);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
        curl_slist_free_all(rcpt);
        curl_easy_cleanup(h);
        if (rc == CURLE_OK)
                return 0;
        // 5xx: the relay refused for good (unknown recipient, policy).
        // Anything else (4xx, connection, TLS, timeout) may pass later.
        *permanent = reply >= 500 && reply < 600;
        snprintf(err, errlen, "%s%s%s (smtp %ld)", curl_easy_strerror(rc), errbuf[0] ? ": " : "",
                 errbuf, reply);
        err[strcspn(err, "\r\n")] = '\0';
        return -1;
}

void smtp_describe(const struct smtp_relay *relay, char *out, size_t len)
{
        CURLU *u = curl_url();
        char *s = NULL;

        // Through curl's URL parser, so a password in the URL never shows.
        if (u &&
            curl_url_set(u, CURLUPART_URL, relay->url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
                curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
                if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK) {
                        snprintf(out, len, "%s", s);
                        curl_free(s);
                        curl_url_cleanup(u);
                        return;
                }
        }
        curl_url_cleanup(u);
        snprintf(out, len, "(unreadable relay URL)");
}
