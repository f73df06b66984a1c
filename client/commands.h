// Every noun, one per cmd_*.c, listed in commands.c in help order.
#ifndef RS_COMMANDS_H
#define RS_COMMANDS_H

#include "cli.h"

extern const struct cli_noun noun_health;
extern const struct cli_noun noun_rpc;
extern const struct cli_noun noun_login;
extern const struct cli_noun noun_logout;
extern const struct cli_noun noun_whoami;
extern const struct cli_noun noun_passwd;
extern const struct cli_noun noun_token;
extern const struct cli_noun noun_coach;
extern const struct cli_noun noun_audit;
extern const struct cli_noun noun_client;
extern const struct cli_noun noun_case;
extern const struct cli_noun noun_attempt;
extern const struct cli_noun noun_note;
extern const struct cli_noun noun_task;
extern const struct cli_noun noun_today;
extern const struct cli_noun noun_settings;
extern const struct cli_noun noun_report;
extern const struct cli_noun noun_digest;
extern const struct cli_noun noun_calendar;
extern const struct cli_noun noun_outbox;
extern const struct cli_noun noun_status;
extern const struct cli_noun noun_config;
extern const struct cli_noun noun_completion;
extern const struct cli_noun noun_complete;
extern const struct cli_noun noun_man;
extern const struct cli_noun noun_doc;

extern const struct cli_noun noun_search;
extern const struct cli_noun noun_import;
extern const struct cli_noun noun_export;

// Verbs of `client` that deal with a client's personal data (cmd_privacy.c),
// with their rows.
int cmd_client_export(struct cli *cli, struct args *a);
int cmd_client_erase(struct cli *cli, struct args *a);
extern const struct opt client_export_opts[];
extern const struct opt client_erase_opts[];

// Verbs of `case` that live with the access codes (cmd_status.c).
int cmd_case_share(struct cli *cli, struct args *a);
int cmd_case_unshare(struct cli *cli, struct args *a);
int cmd_case_shares(struct cli *cli, struct args *a);

#endif
