#include <stdio.h>
#include <string.h>

#include "compose.h"
#include "banned.h"

#define PART_MAX (512u << 10)

void mail_parts_init(struct mail_parts *m)
{
        buf_init(&m->subject, 300);
        buf_init(&m->text, PART_MAX);
        buf_init(&m->html, PART_MAX);
}

void mail_parts_fini(struct mail_parts *m)
{
        buf_fini(&m->subject);
        buf_fini(&m->text);
        buf_fini(&m->html);
}

int html_escape(struct buf *b, const char *s)
{
        int rv = 0;

        for (; *s && rv == 0; s++) {
                switch (*s) {
                case '<':
                        rv = buf_adds(b, "&lt;");
                        break;
                case '>':
                        rv = buf_adds(b, "&gt;");
                        break;
                case '&':
                        rv = buf_adds(b, "&amp;");
                        break;
                case '"':
                        rv = buf_adds(b, "&quot;");
                        break;
                case '\'':
                        rv = buf_adds(b, "&#39;");
                        break;
                default:
                        rv = buf_add(b, s, 1);
                }
        }
        return rv;
}

static const char STYLE[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a1a1a;"
    "line-height:1.45;max-width:40em;margin:0 auto;padding:1em}"
    "h1{font-size:1.25em}h2{font-size:1.05em;margin-top:1.5em}"
    "li{margin-bottom:.8em}.why{color:#444}.late{color:#8a1c1c;font-weight:600}"
    "footer{color:#555;font-size:.9em;margin-top:2em}";

static const char *when_words(const struct digest_item *it, char *buf, size_t len)
{
        if (it->overdue_days > 1)
                snprintf(buf, len, "%d days overdue (due %s)", it->overdue_days, it->due_on);
        else if (it->overdue_days == 1)
                snprintf(buf, len, "1 day overdue (due %s)", it->due_on);
        else if (it->overdue_days == 0)
                snprintf(buf, len, "due today");
        else
                snprintf(buf, len, "due %s", it->due_on);
        return buf;
}

int compose_digest(const struct digest *d, struct mail_parts *m)
{
        size_t overdue = 0, total = d->n_items + d->n_more;
        int rv = 0;

        for (size_t i = 0; i < d->n_items; i++)
                overdue += d->items[i].overdue_days > 0;
        if (d->weekly)
                rv |= buf_printf(&m->subject, "%s: overdue steps per coach, week of %s", d->agency,
                                 d->day);
        else if (total == 0)
                rv |= buf_printf(&m->subject, "%s: nothing due today (%s)", d->agency, d->day);
        else
                rv |= buf_printf(&m->subject, "%s: %zu due today%s%.0zu%s (%s)", d->agency, total,
                                 overdue ? ", " : "", overdue, overdue ? " overdue" : "", d->day);

        rv |= buf_printf(&m->text, "Good morning, %s.\n\n", d->coach_name);
        rv |= buf_adds(&m->html, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                                 "<meta name=\"viewport\" content=\"width=device-width\"><title>");
        rv |= html_escape(&m->html, buf_str(&m->subject));
        rv |=
            buf_printf(&m->html, "</title><style>%s</style></head><body><h1>Good morning, ", STYLE);
        rv |= html_escape(&m->html, d->coach_name);
        rv |= buf_adds(&m->html, ".</h1>");

        if (total == 0) {
                rv |= buf_adds(&m->text, "Nothing is due today.\n");
                rv |= buf_adds(&m->html, "<p>Nothing is due today.</p>");
        } else if (d->weekly) {
                rv |= buf_adds(&m->text, "Overdue next steps, per coach:\n\n");
                rv |= buf_adds(&m->html, "<p>Overdue next steps, per coach:</p><ul>");
                for (size_t i = 0; i < d->n_items; i++) {
                        const struct digest_item *it = &d->items[i];
                        rv |= buf_printf(&m->text, "- %s: %s\n", it->client, it->title);
                        rv |= buf_adds(&m->html, "<li><strong>");
                        rv |= html_escape(&m->html, it->client);
                        rv |= buf_adds(&m->html, "</strong>: ");
                        rv |= html_escape(&m->html, it->title);
                        rv |= buf_adds(&m->html, "</li>");
                }
                rv |= buf_adds(&m->html, "</ul>");
        } else {
                rv |= buf_printf(&m->text, "%zu due today, most urgent first:\n\n", total);
                rv |= buf_printf(&m->html, "<p>%zu due today, most urgent first:</p><ol>", total);
                for (size_t i = 0; i < d->n_items; i++) {
                        const struct digest_item *it = &d->items[i];
                        char when[64];
                        when_words(it, when, sizeof(when));
                        rv |= buf_printf(&m->text, "%zu. %s\n   case %lld: %s at %s, %s\n", i + 1,
                                         it->title, (long long)it->case_id, it->client, it->company,
                                         when);
                        if (it->reason && it->reason[0])
                                rv |= buf_printf(&m->text, "   why: %s\n", it->reason);
                        rv |= buf_adds(&m->text, "\n");

                        rv |= buf_adds(&m->html, "<li><strong>");
                        rv |= html_escape(&m->html, it->title);
                        rv |= buf_printf(&m->html,
                                         "</strong><br>case %lld: ", (long long)it->case_id);
                        rv |= html_escape(&m->html, it->client);
                        rv |= buf_adds(&m->html, " at ");
                        rv |= html_escape(&m->html, it->company);
                        rv |= buf_printf(&m->html, ", <span%s>%s</span>",
                                         it->overdue_days > 0 ? " class=\"late\"" : "", when);
                        if (it->reason && it->reason[0]) {
                                rv |= buf_adds(&m->html, "<br><span class=\"why\">why: ");
                                rv |= html_escape(&m->html, it->reason);
                                rv |= buf_adds(&m->html, "</span>");
                        }
                        rv |= buf_adds(&m->html, "</li>");
                }
                rv |= buf_adds(&m->html, "</ol>");
                if (d->n_more) {
                        rv |= buf_printf(&m->text, "... and %zu more.\n", d->n_more);
                        rv |= buf_printf(&m->html, "<p>… and %zu more.</p>", d->n_more);
                }
        }
        rv |= buf_printf(&m->text,
                         "\nThe details: reinstate today, or reinstate case next ID.\n"
                         "-- \n%s (change the time or stop these: reinstate coach edit --digest)\n",
                         d->agency);
        rv |= buf_adds(&m->html, "<footer>The details: <code>reinstate today</code>, or "
                                 "<code>reinstate case next ID</code>.<br>");
        rv |= html_escape(&m->html, d->agency);
        rv |= buf_adds(&m->html, " (change the time or stop these: <code>reinstate coach edit "
                                 "--digest</code>)</footer></body></html>");
        return rv ? -1 : 0;
}

int compose_seeker_update(const struct seeker_update *u, struct mail_parts *m)
{
        int rv = 0;

        rv |= buf_printf(&m->subject, "Your %s application at %s: an update", u->role_title,
                         u->company);
        rv |= buf_printf(&m->text,
                         "Hello,\n\nThere is news about your application for %s at %s.\n\n"
                         "Where it stands: %s\nWhat happens next: %s\n\n"
                         "See the details with your access code: %s\n\n"
                         "%s, your coach at %s\n\n"
                         "-- \nStop these updates: %s\n",
                         u->role_title, u->company, u->stage_words, u->next_step, u->status_url,
                         u->coach_name, u->agency, u->unsubscribe_url);
        rv |= buf_adds(&m->html, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                                 "<meta name=\"viewport\" content=\"width=device-width\"><title>");
        rv |= html_escape(&m->html, buf_str(&m->subject));
        rv |= buf_printf(&m->html, "</title><style>%s</style></head><body><p>Hello,</p><p>", STYLE);
        rv |= buf_adds(&m->html, "There is news about your application for ");
        rv |= html_escape(&m->html, u->role_title);
        rv |= buf_adds(&m->html, " at ");
        rv |= html_escape(&m->html, u->company);
        rv |= buf_adds(&m->html, ".</p><p><strong>Where it stands:</strong> ");
        rv |= html_escape(&m->html, u->stage_words);
        rv |= buf_adds(&m->html, "<br><strong>What happens next:</strong> ");
        rv |= html_escape(&m->html, u->next_step);
        rv |= buf_adds(&m->html, "</p><p><a href=\"");
        rv |= html_escape(&m->html, u->status_url);
        rv |= buf_adds(&m->html, "\">See the details with your access code</a></p><p>");
        rv |= html_escape(&m->html, u->coach_name);
        rv |= buf_adds(&m->html, ", your coach at ");
        rv |= html_escape(&m->html, u->agency);
        rv |= buf_adds(&m->html, "</p><footer><a href=\"");
        rv |= html_escape(&m->html, u->unsubscribe_url);
        rv |= buf_adds(&m->html, "\">Stop these updates</a></footer></body></html>");
        return rv ? -1 : 0;
}
