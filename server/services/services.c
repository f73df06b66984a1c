// The one table of services the server dispatches. Adding a service: write
// server/svc_<name>.c exporting a struct rpc_service, declare it in
// services.h, list it here.
#include "services.h"

// clang-format off
const struct rpc_service *const rpc_services[] = {
    &svc_health,
    &svc_reflection,
    &svc_auth,
    &svc_coaches,
    &svc_audit,
    &svc_settings,
    &svc_playbook,
    &svc_clients,
    &svc_cases,
    &svc_attempts,
    &svc_notes,
    &svc_tasks,
    &svc_access,
    &svc_reports,
    &svc_outbox,
    &svc_calendar,
    &svc_imports,
    &svc_exports,
    &svc_search,
    &svc_privacy,
    &svc_tokens,
};
// clang-format on

const size_t rpc_services_count = sizeof(rpc_services) / sizeof(rpc_services[0]);
