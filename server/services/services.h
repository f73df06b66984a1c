// The registration struct each svc_*.c exports; services.c lists them all.
#ifndef RS_SERVICES_H
#define RS_SERVICES_H

#include "rpc.h"

extern const struct rpc_service svc_health;
extern const struct rpc_service svc_reflection;
extern const struct rpc_service svc_auth;
extern const struct rpc_service svc_coaches;
extern const struct rpc_service svc_audit;
extern const struct rpc_service svc_clients;
extern const struct rpc_service svc_cases;
extern const struct rpc_service svc_attempts;
extern const struct rpc_service svc_notes;
extern const struct rpc_service svc_tasks;
extern const struct rpc_service svc_settings;
extern const struct rpc_service svc_playbook;
extern const struct rpc_service svc_access;
extern const struct rpc_service svc_reports;
extern const struct rpc_service svc_outbox;
extern const struct rpc_service svc_calendar;
extern const struct rpc_service svc_imports;
extern const struct rpc_service svc_exports;
extern const struct rpc_service svc_search;
extern const struct rpc_service svc_privacy;
extern const struct rpc_service svc_tokens;

#endif
