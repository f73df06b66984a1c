// Fuzz target: the playbook engine and its date arithmetic on arbitrary
// cases. The bytes become a case (enums and dates unconstrained, names of
// any length and content), up to 16 attempts, settings and "today"; the
// engine must always produce a step with a rule id and NUL-terminated text.
// Dates also go through the ISO parser and back.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "access_code.h"
#include "playbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reader {
        const uint8_t *p;
        size_t left;
};

static uint32_t take(struct reader *r, size_t n)
{
        uint32_t v = 0;

        for (size_t i = 0; i < n && r->left; i++, r->left--)
                v = v << 8 | *r->p++;
        return v;
}

// A NUL-terminated string of up to 300 bytes taken from the input.
static const char *take_str(struct reader *r, char *buf)
{
        size_t n = take(r, 1) % 300;

        if (n > r->left)
                n = r->left;
        memcpy(buf, r->p, n);
        buf[n] = '\0';
        r->p += n;
        r->left -= n;
        return buf;
}

static pb_day take_day(struct reader *r)
{
        uint32_t v = take(r, 4);

        // Mostly plausible days, sometimes anything at all.
        return (v & 0x80000000u) ? (pb_day)v : (pb_day)(v % 40000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct reader r = {data, size};
        char names[5][301], date[PLAYBOOK_DATE_SIZE], code[ACCESS_CODE_NORM_SIZE];
        struct playbook_attempt att[16];
        struct playbook_case c;
        struct playbook_settings s;
        struct playbook_step st;
        size_t n;
        pb_day d, today;

        memset(&c, 0, sizeof(c));
        c.client_name = take_str(&r, names[0]);
        c.company = take_str(&r, names[1]);
        c.role_title = take_str(&r, names[2]);
        c.manager_name = take_str(&r, names[3]);
        c.hr_name = take_str(&r, names[4]);
        c.stage = (enum playbook_stage)(take(&r, 1) % (PLAYBOOK_STAGE_COUNT + 2));
        c.loss_reason = (enum playbook_loss_reason)(take(&r, 1) % 7);
        c.opening = (enum playbook_opening)(take(&r, 1) % 4);
        c.opening_verified_on = take_day(&r);
        c.declined_on = take_day(&r);
        c.opened_on = take_day(&r);
        c.stage_changed_on = take_day(&r);
        c.interview_on = take_day(&r);
        c.start_on = take_day(&r);
        s.reverify_after_days = (int32_t)take(&r, 4);
        s.follow_up_after_days = (int32_t)take(&r, 4);
        s.late_decline_days = (int32_t)take(&r, 4);
        s.stale_after_days = (int32_t)take(&r, 4);
        today = take_day(&r);
        n = take(&r, 1) % 17;
        for (size_t i = 0; i < n; i++) {
                memset(&att[i], 0, sizeof(att[i]));
                att[i].on = take_day(&r);
                att[i].seq = (int64_t)take(&r, 4);
                att[i].channel = (enum playbook_channel)(take(&r, 1) % 9);
                att[i].contact_role = (enum playbook_contact_role)(take(&r, 1) % 7);
                att[i].contact_name = i % 2 ? c.manager_name : NULL;
                att[i].accepted_responsibility = take(&r, 1) & 1;
                att[i].conveyed_commitment = take(&r, 1) & 1;
                att[i].offered_reinterview = take(&r, 1) & 1;
                att[i].outcome = (enum playbook_outcome)(take(&r, 1) % 11);
                att[i].follow_up_on = take_day(&r);
        }
        playbook_next_step(&c, att, n, today, take(&r, 1) & 1 ? &s : NULL, &st);
        if (st.rule_id == NULL || memchr(st.title, 0, sizeof(st.title)) == NULL ||
            memchr(st.detail, 0, sizeof(st.detail)) == NULL ||
            memchr(st.client_wording, 0, sizeof(st.client_wording)) == NULL ||
            st.n_warnings > PLAYBOOK_MAX_WARNINGS)
                abort();

        d = take_day(&r);
        if (playbook_date_format(d, date, sizeof(date))) {
                pb_day back;
                if (!playbook_date_parse(date, &back) || back != d)
                        abort();
        }
        (void)playbook_add_business_days(d, (int32_t)take(&r, 4));
        (void)playbook_business_days_between(d, take_day(&r));
        (void)access_code_normalise(take_str(&r, names[0]), code);
        return 0;
}
