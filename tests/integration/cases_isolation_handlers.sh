#!/usr/bin/env bash
# The isolation matrix of cases_isolation.sh with row-level security turned
# off on every table: each handler's own scoping (the first lock) must keep
# one coach out of another's records without the second lock's help.
# cases_isolation.sh itself keeps proving that row-level security holds alone.
RS_WITHOUT_RLS=1 exec bash "$RS_TESTS/integration/cases_isolation.sh"
