#!/usr/bin/env bash
# End-to-end test of the Docker Compose deployment (docker/compose.yaml).
#
# What it does, for real:
#   - makes a Docker engine available (installs docker.io, docker-compose and
#     debootstrap and starts dockerd in the background when none runs);
#   - makes the base images available (scripts/docker-images: pulled, or
#     built from Debian packages when no registry is reachable);
#   - builds the reinstate image and starts the stack (db, certs, server,
#     backup) as its own compose project, published on 127.0.0.1 only;
#   - copies the generated CA out of the stack and runs a coach session
#     with the host's CLI over TLS (admin creates a coach; the coach adds a
#     client, opens a case, logs an attempt, adds a note);
#   - restarts the stack and checks that every record survived;
#   - takes backups (the scheduled one at start, then on demand, checking
#     that only the newest BACKUP_KEEP are kept), restores the newest into a
#     fresh stack with its own volumes and database password, and checks the
#     records there;
#   - `down -v` both stacks and checks that no container, volume or network
#     of theirs is left. Base images stay cached.
#
# Exit: 0 passed, 1 failed (with a message), 77 skipped (no Docker engine
# can be run here).
#
# Environment:
#   COMPOSE            compose command: "docker compose" or "docker-compose"
#                      (default: the v2 plugin when present, else 1.29)
#   REINSTATE_CLI      the host CLI binary (default: $RS_BIN/reinstate when
#                      built, else built here from the working tree)
#   KEEP_IMAGES=1      keep the reinstate image and its build stage (faster
#                      reruns)
#   KEEP_DOCKERD=1     leave a dockerd this test started running
#   TEST_TMPDIR        where the work directory goes (default /tmp)
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
compose_file=$top/docker/compose.yaml
test_started=$(date +%s)

work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/reinstate-compose-test.XXXXXX")
chmod 0755 "$work"
proj=rscompose$$
proj2=${proj}restore
image=reinstate:compose-test-$$
started_dockerd=
compose_cmd=()
current_step=setup
declare -a timings=()
step_started=$test_started

# --- Reporting. -------------------------------------------------------------

log() { printf '%s\n' "$*"; }
step_done() {
  if [ "$current_step" != setup ]; then
    timings+=("$(printf '%4ds  %s' $(($(date +%s) - step_started)) "$current_step")")
  fi
}
step() {
  step_done
  current_step=$*
  step_started=$(date +%s)
  log "== step: $*"
}
fail() {
  log "FAIL: [$current_step] $*"
  dump_logs
  exit 1
}
skip() {
  log "SKIP: $*"
  exit 77
}

# --- Clean-up (always). -----------------------------------------------------

dump_logs() {
  local p
  [ "${#compose_cmd[@]}" -gt 0 ] || return 0
  for p in "$proj" "$proj2"; do
    if docker ps -a -q --filter "label=com.docker.compose.project=$p" 2>/dev/null | grep -q .; then
      log "--- logs of compose project $p (last 60 lines per service) ---"
      timeout 60 "${compose_cmd[@]}" -f "$compose_file" -p "$p" --env-file "$work/$p.env" \
        logs --no-color --tail=60 2>&1 | sed 's/^/    /'
    fi
  done
}

remove_project() { # PROJECT: everything compose made for it
  local p=$1
  if [ -f "$work/$p.env" ]; then
    timeout 180 "${compose_cmd[@]}" -f "$compose_file" -p "$p" --env-file "$work/$p.env" \
      --profile cli down -v --remove-orphans -t 20 >"$work/down-$p.log" 2>&1 ||
      timeout 180 "${compose_cmd[@]}" -f "$compose_file" -p "$p" --env-file "$work/$p.env" \
        down -v --remove-orphans -t 20 >>"$work/down-$p.log" 2>&1 || true
  fi
  # Whatever down missed (one-off `run` containers, a half-created stack).
  docker ps -a -q --filter "label=com.docker.compose.project=$p" 2>/dev/null |
    xargs -r docker rm -f -v >/dev/null 2>&1
  docker volume ls -q --filter "label=com.docker.compose.project=$p" 2>/dev/null |
    xargs -r docker volume rm -f >/dev/null 2>&1
  docker network ls -q --filter "label=com.docker.compose.project=$p" 2>/dev/null |
    xargs -r docker network rm >/dev/null 2>&1
  true
}

leftovers() { # PROJECT: prints what is left of it
  local p=$1
  docker ps -a -q --filter "label=com.docker.compose.project=$p"
  docker volume ls -q --filter "label=com.docker.compose.project=$p"
  docker network ls -q --filter "label=com.docker.compose.project=$p"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "${#compose_cmd[@]}" -gt 0 ] && docker info >/dev/null 2>&1; then
    remove_project "$proj"
    remove_project "$proj2"
    if [ -f "$work/volumes-before" ]; then
      docker volume ls -q -f dangling=true | sort | comm -13 "$work/volumes-before" - |
        xargs -r docker volume rm -f >/dev/null 2>&1
    fi
    if [ "${KEEP_IMAGES:-0}" != 1 ]; then
      docker image rm -f "$image" >/dev/null 2>&1 || true
      docker image prune -f --filter "label=org.reinstate.image=build-stage" >/dev/null 2>&1 || true
    fi
  fi
  if [ -n "$started_dockerd" ] && [ "${KEEP_DOCKERD:-0}" != 1 ]; then
    kill "$started_dockerd" 2>/dev/null
    for _ in $(seq 1 30); do
      kill -0 "$started_dockerd" 2>/dev/null || break
      sleep 1
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# --- Helpers. ---------------------------------------------------------------

c1() { timeout "${T:-300}" "${compose_cmd[@]}" -f "$compose_file" -p "$proj" --env-file "$work/$proj.env" "$@"; }
c2() { timeout "${T:-300}" "${compose_cmd[@]}" -f "$compose_file" -p "$proj2" --env-file "$work/$proj2.env" "$@"; }

container_of() { # PROJECT SERVICE
  docker ps -a -q --filter "label=com.docker.compose.project=$1" \
    --filter "label=com.docker.compose.service=$2" --filter "label=com.docker.compose.oneoff=False" |
    head -n 1
}

# wait_healthy PROJECT SERVICE TIMEOUT [NOT-STARTED-AT]: until the service's
# container is healthy (and, when given, started after that time).
wait_healthy() {
  local p=$1 s=$2 limit=$3 not_before=${4:-} id status started deadline
  deadline=$(($(date +%s) + limit))
  while :; do
    id=$(container_of "$p" "$s")
    if [ -n "$id" ]; then
      status=$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id" 2>/dev/null)
      started=$(docker inspect -f '{{.State.StartedAt}}' "$id" 2>/dev/null)
      if [ "$status" = "running healthy" ] && [ "$started" != "$not_before" ]; then
        return 0
      fi
      case $status in
      exited* | dead*) fail "$s exited before it became healthy ($status)" ;;
      esac
    fi
    [ "$(date +%s)" -lt "$deadline" ] || fail "$s not healthy after ${limit}s (${status:-no container})"
    sleep 2
  done
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! ss -H -ltn "sport = :$port" 2>/dev/null | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# The id a create command printed: "id" of --json output, else the first
# number in the text.
extract_id() {
  local out=$1 id
  id=$(printf '%s' "$out" | grep -o -E '"id"[[:space:]]*:[[:space:]]*"?[0-9]+' | head -n 1 | grep -o -E '[0-9]+$')
  [ -n "$id" ] || id=$(printf '%s' "$out" | grep -o -E '[0-9]+' | head -n 1)
  printf '%s' "$id"
}

# cli CONFIG-NAME PORT CA ARGS...: the host CLI with its own config directory.
cli() {
  local cfg=$1 port=$2 ca=$3
  shift 3
  XDG_CONFIG_HOME=$work/xdg-$cfg REINSTATE_SERVER=tls+tcp://localhost:$port \
    REINSTATE_CA_FILE=$ca timeout 60 "$CLI" "$@"
}

# run DESCRIPTION COMMAND...: run it, its output (stdout and stderr) in $out;
# fail with that output unless it exits 0. Feed stdin with <<<, not a pipe,
# so that a failure stops the test and not a subshell.
out=
run() {
  local what=$1
  shift
  if ! out=$("$@" 2>&1); then
    fail "$what failed: $out"
  fi
}

contains() { # TEXT NEEDLE WHAT
  printf '%s' "$1" | grep -q -F -- "$2" || fail "$3: '$2' missing from: $1"
}

# --- The steps. -------------------------------------------------------------

step "docker engine"
if ! command -v docker >/dev/null 2>&1 || ! command -v dockerd >/dev/null 2>&1 ||
  ! command -v debootstrap >/dev/null 2>&1 ||
  { ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing docker.io docker-compose debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    { timeout 300 apt-get update -qq && timeout 600 apt-get install -y -qq docker.io docker-compose debootstrap; } \
      >"$work/apt.log" 2>&1 || log "apt-get failed: $(tail -n 3 "$work/apt.log")"
  fi
fi
command -v docker >/dev/null 2>&1 || skip "docker is not installed and cannot be installed here"
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null 2>&1 || skip "no Docker engine runs and dockerd is not installed"
  [ "$(id -u)" = 0 ] || skip "no Docker engine runs and starting one needs root"
  log "starting dockerd (log: /tmp/reinstate-compose-test-dockerd.log)"
  dockerd >/tmp/reinstate-compose-test-dockerd.log 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$started_dockerd" 2>/dev/null || break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    tail -n 20 /tmp/reinstate-compose-test-dockerd.log
    started_dockerd=
    skip "dockerd did not start (log above)"
  fi
fi
log "engine: $(docker version -f '{{.Server.Version}}' 2>/dev/null)"

if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then
    COMPOSE="docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then
    COMPOSE=docker-compose
  else
    fail "neither 'docker compose' nor 'docker-compose' is available"
  fi
fi
read -r -a compose_cmd <<<"$COMPOSE"
log "compose: $COMPOSE ($($COMPOSE version --short 2>/dev/null || $COMPOSE version | head -n 1))"

# Anonymous volumes (an image's VOLUME) carry no project label: compare.
docker volume ls -q | sort >"$work/volumes-before"

step "base images"
images_started=$(date +%s)
db_line=$(timeout 900 "$top/scripts/docker-images") || fail "scripts/docker-images failed"
db_image=${db_line#REINSTATE_DB_IMAGE=}
if [ -z "$db_image" ] || [ "$db_line" = "$db_image" ]; then
  fail "scripts/docker-images named no database image"
fi
log "database image: $db_image ($(($(date +%s) - images_started)) s)"

step "host CLI"
CLI=${REINSTATE_CLI:-}
if [ -z "$CLI" ] && [ -n "${RS_BIN:-}" ] && [ -x "$RS_BIN/reinstate" ]; then
  CLI=$RS_BIN/reinstate
fi
if [ -z "$CLI" ]; then
  log "building the CLI from the working tree"
  { cmake -S "$top" -B "$work/hostbuild" -DCMAKE_BUILD_TYPE=Release -DREINSTATE_TESTS=OFF &&
    cmake --build "$work/hostbuild" -j"$(nproc)" --target reinstate; } >"$work/hostbuild.log" 2>&1 ||
    fail "building the host CLI failed: $(tail -n 20 "$work/hostbuild.log")"
  CLI=$work/hostbuild/reinstate
fi
[ -x "$CLI" ] || fail "no CLI at $CLI"
log "CLI: $CLI"

step "configuration (env files, secrets, ports)"
for p in "$proj" "$proj2"; do
  mkdir -p "$work/$p/secrets" "$work/$p/tls"
  chmod 0700 "$work/$p/secrets"
done
admin_email=admin@compose-test.example
admin_pw="admin $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
coach_email=casey@compose-test.example
coach_pw="coach $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "db-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$work/$proj/secrets/db_password"
printf '%s\n' "$admin_pw" >"$work/$proj/secrets/admin_password"
for p in "$proj" "$proj2"; do
  printf '%s\n' "app-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$work/$p/secrets/db_app_password"
done
# The restored stack has a database password of its own; its admin password
# is never used: the admin comes from the backup.
printf '%s\n' "db2-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$work/$proj2/secrets/db_password"
printf '%s\n' "unused $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$work/$proj2/secrets/admin_password"
: >"$work/$proj/secrets/smtp_password"
: >"$work/$proj2/secrets/smtp_password"
chmod 0644 "$work"/*/secrets/*
# Four distinct host ports: each stack's RPC port and its web door (HTTPS),
# since the restored stack runs beside the first.
ports=()
while [ ${#ports[@]} -lt 4 ]; do
  p=$(free_port) || fail "no free TCP port"
  case " ${ports[*]} " in *" $p "*) ;; *) ports+=("$p") ;; esac
done
port1=${ports[0]} port2=${ports[1]}
for p in "$proj" "$proj2"; do
  port=$port1 https_port=${ports[2]}
  [ "$p" = "$proj" ] || { port=$port2; https_port=${ports[3]}; }
  cat >"$work/$p.env" <<EOF
REINSTATE_IMAGE=$image
REINSTATE_DB_IMAGE=$db_image
REINSTATE_SECRETS_DIR=$work/$p/secrets
REINSTATE_TLS_PROVIDED_DIR=$work/$p/tls
REINSTATE_BIND=127.0.0.1
REINSTATE_PORT=$port
REINSTATE_HTTPS_PORT=$https_port
REINSTATE_TLS_NAMES=reinstate.test
REINSTATE_ADMIN_EMAIL=$admin_email
REINSTATE_ADMIN_NAME=Test Admin
REINSTATE_BACKUP_INTERVAL=1d
REINSTATE_BACKUP_KEEP=2
REINSTATE_WORKERS=2
EOF
done
# The developer's own settings must not leak into the test.
for v in $(compgen -e | grep -E '^(REINSTATE_|COMPOSE_|DATABASE_URL$|PG[A-Z]+$)'); do
  [ "$v" = REINSTATE_CLI ] || unset "$v"
done
log "projects $proj (port $port1) and $proj2 (port $port2), work dir $work"

step "compose config validates (every compose implementation here)"
validated=0
for impl in "docker compose" docker-compose; do
  read -r -a impl_cmd <<<"$impl"
  "${impl_cmd[@]}" version >/dev/null 2>&1 || continue
  out=$(timeout 60 "${impl_cmd[@]}" -f "$compose_file" -p "$proj" --env-file "$work/$proj.env" config 2>&1) ||
    fail "$impl config: $out"
  contains "$out" "127.0.0.1" "$impl config (published address)"
  contains "$out" "$db_image" "$impl config (database image)"
  ! printf '%s' "$out" | grep -q -F "$(cat "$work/$proj/secrets/db_password")" ||
    fail "$impl config shows the database password"
  log "$impl: ok"
  validated=$((validated + 1))
done
[ "$validated" -gt 0 ] || fail "no compose implementation validated the file"

step "build the reinstate image"
build_started=$(date +%s)
T=1500 c1 build server >"$work/build.log" 2>&1 || fail "image build failed: $(tail -n 40 "$work/build.log")"
docker image inspect "$image" >/dev/null 2>&1 || fail "the build produced no $image"
image_build_s=$(($(date +%s) - build_started))
log "built $image in ${image_build_s}s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
[ "$(docker image inspect -f '{{.Config.User}}' "$image")" = reinstate ] || fail "the image does not run as user reinstate"
run "reinstated --help in the image" docker run --rm --entrypoint reinstated "$image" --help
run "reinstate --help in the image" docker run --rm --entrypoint reinstate "$image" --help

step "compose up"
c1 up -d >"$work/up.log" 2>&1 || fail "compose up failed: $(tail -n 30 "$work/up.log")"
wait_healthy "$proj" db 180
wait_healthy "$proj" server 240
certs_id=$(container_of "$proj" certs)
[ "$(docker inspect -f '{{.State.ExitCode}}' "$certs_id")" = 0 ] || fail "certs did not exit 0"
server_id=$(container_of "$proj" server)
[ "$(docker exec "$server_id" id -u)" != 0 ] || fail "the server runs as root"
docker port "$server_id" 7443 | grep -q "^127.0.0.1:$port1$" || fail "server not published on 127.0.0.1:$port1: $(docker port "$server_id")"
log "db healthy, certs exited 0, server healthy as uid $(docker exec "$server_id" id -u)"

step "database roles: the server's request connections are not a superuser's"
db_id=$(container_of "$proj" db)
roles=$(docker exec -u postgres "$db_id" psql -X -At -U postgres -d reinstate -c \
  "SELECT string_agg(DISTINCT a.usename || ':' || r.rolsuper, ',') FROM pg_stat_activity a
     JOIN pg_roles r ON r.rolname = a.usename WHERE a.application_name = 'reinstated'") ||
  fail "cannot query the db container"
[ "$roles" = "reinstate_app:false" ] || fail "request connections log in as '$roles', not reinstate_app:false"
owner=$(docker exec -u postgres "$db_id" psql -X -At -U postgres -d reinstate -c \
  "SELECT r.rolname || ':' || r.rolsuper || ':' || r.rolcreaterole FROM pg_database d
     JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = 'reinstate'") || fail "cannot query the owner"
[ "$owner" = "reinstate:false:false" ] || fail "the database owner is '$owner', not reinstate:false:false"
reset=$(docker exec -u postgres -e PGPASSWORD="$(cat "$work/$proj/secrets/db_app_password")" "$db_id" \
  psql -X -q -At -h 127.0.0.1 -U reinstate_app -d reinstate -c "RESET ROLE" -c "SELECT current_user" \
  -c "SELECT count(*) FROM coaches") || fail "the runtime role cannot log in over TCP"
[ "$reset" = "reinstate_app
0" ] || fail "as reinstate_app after RESET ROLE: $reset"
if docker exec -u postgres -e PGPASSWORD="$(cat "$work/$proj/secrets/db_password")" "$db_id" \
  psql -X -At -h 127.0.0.1 -U postgres -d reinstate -c "SELECT 1" >/dev/null 2>&1; then
  fail "the superuser logs in over TCP with the database password"
fi
log "request connections: $roles; owner: $owner; superuser: no password login"

step "CA out of the stack; health over TLS from the host"
c1 run --rm -T --no-deps --entrypoint cat cli /var/lib/reinstate/tls/ca.crt >"$work/ca1.crt" 2>"$work/ca.err" ||
  fail "copying ca.crt out failed: $(cat "$work/ca.err")"
grep -q 'BEGIN CERTIFICATE' "$work/ca1.crt" || fail "ca.crt is not a certificate"
run "reinstate health over TLS" cli admin "$port1" "$work/ca1.crt" health
# A CA that did not sign the server's certificate must be refused.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/other.key" \
  -subj /CN=other -days 1 -out "$work/other.crt" >/dev/null 2>&1 || fail "openssl failed"
if cli admin "$port1" "$work/other.crt" health >/dev/null 2>&1; then
  fail "the CLI accepted the server under a CA that did not sign it"
fi
log "health is SERVING with the stack's CA and refused with another CA"

step "coach session with the host CLI"
run "admin login" cli admin "$port1" "$work/ca1.crt" \
  login --email "$admin_email" --password-stdin <<<"$admin_pw"
coach_help=$(cli admin "$port1" "$work/ca1.crt" coach add --help 2>&1 || true)
if printf '%s' "$coach_help" | grep -q -- '--password-stdin'; then
  run "coach add" cli admin "$port1" "$work/ca1.crt" \
    coach add --email "$coach_email" --name "Casey Coach" --password-stdin <<<"$coach_pw"
else
  run "coach add" cli admin "$port1" "$work/ca1.crt" \
    coach add --email "$coach_email" --name "Casey Coach"
  # Without --password-stdin the server hands out an initial password.
  coach_pw=$(printf '%s' "$out" | grep -i -o -E 'password[^:]*:[[:space:]]*[^[:space:]]+' | head -n 1 |
    sed -E 's/.*:[[:space:]]*//')
  [ -n "$coach_pw" ] || fail "coach add printed no initial password and has no --password-stdin: $out"
fi
run "coach login" cli coach "$port1" "$work/ca1.crt" \
  login --email "$coach_email" --password-stdin <<<"$coach_pw"
run "client add" cli coach "$port1" "$work/ca1.crt" client add --name "Jordan Example"
client_id=$(extract_id "$out")
[ -n "$client_id" ] || fail "client add printed no id: $out"
run "case open" cli coach "$port1" "$work/ca1.crt" case open --client "$client_id" \
  --company "Acme Rockets" --role "Staff Engineer" --manager "Morgan Manager"
case_id=$(extract_id "$out")
[ -n "$case_id" ] || fail "case open printed no id: $out"
run "attempt log" cli coach "$port1" "$work/ca1.crt" attempt log "$case_id" --channel phone \
  --contact-role hiring_manager --contact "Morgan Manager" --outcome in_discussion
run "note add" cli coach "$port1" "$work/ca1.crt" note add "$case_id" \
  "Morgan wants a 30/60/90-day plan before the re-interview"

# check_records LABEL CONFIG PORT CA: every record of the session is there.
check_records() {
  local what=$1 cfg=$2 port=$3 ca=$4 needle
  run "client list ($what)" cli "$cfg" "$port" "$ca" client list
  contains "$out" "Jordan Example" "client list ($what)"
  run "case list ($what)" cli "$cfg" "$port" "$ca" case list
  contains "$out" "Acme Rockets" "case list ($what)"
  run "case show ($what)" cli "$cfg" "$port" "$ca" case show "$case_id"
  contains "$out" "Acme Rockets" "case show $case_id ($what)"
  run "case show --json ($what)" cli "$cfg" "$port" "$ca" --json case show "$case_id"
  for needle in "Acme Rockets" "Staff Engineer" "Morgan Manager" "30/60/90-day plan" "in_discussion"; do
    contains "$out" "$needle" "case show --json $case_id ($what)"
  done
}
check_records "before restart" coach "$port1" "$work/ca1.crt"
log "client $client_id and case $case_id with its attempt and note are recorded"

step "compose restart; every record survives"
server_started=$(docker inspect -f '{{.State.StartedAt}}' "$server_id")
# The first admin comes from the secret on the first boot only: a changed
# secret must not touch the existing admin.
printf '%s\n' "changed $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  >"$work/$proj/secrets/admin_password"
c1 restart >"$work/restart.log" 2>&1 || fail "compose restart failed: $(tail -n 20 "$work/restart.log")"
wait_healthy "$proj" db 180
wait_healthy "$proj" server 240 "$server_started"
check_records "after restart" coach "$port1" "$work/ca1.crt"
run "admin login with the first boot's password after restart" cli admin "$port1" "$work/ca1.crt" \
  login --email "$admin_email" --password-stdin <<<"$admin_pw"
log "server restarted at $(docker inspect -f '{{.State.StartedAt}}' "$server_id"); records intact"

step "backups (scheduled and on demand, keeping the newest 2)"
backup_id=$(container_of "$proj" backup)
[ -n "$backup_id" ] || fail "no backup container"
[ "$(docker inspect -f '{{.State.Status}}' "$backup_id")" = running ] || fail "the backup service is not running"
# The logs are read whole, then searched (grep -q closing the pipe early
# would fail the pipeline under pipefail); the first backup may still run.
for _ in $(seq 1 60); do
  backup_log=$(c1 logs --no-color backup 2>&1 || true)
  case $backup_log in *"backup reinstate-"*".dump written"*) break ;; esac
  sleep 1
done
case $backup_log in
*"backup reinstate-"*".dump written"*) ;;
*) fail "the scheduled backup did not run at start: $(printf '%s\n' "$backup_log" | tail -n 5)" ;;
esac
for i in 1 2 3; do
  c1 run --rm -T backup once >"$work/backup-$i.log" 2>&1 || fail "backup once ($i) failed: $(cat "$work/backup-$i.log")"
done
listing=$(c1 run --rm -T backup list 2>/dev/null) || fail "backup list failed"
n=$(printf '%s\n' "$listing" | grep -c '\.dump')
[ "$n" = 2 ] || fail "expected the newest 2 backups to be kept, found $n: $listing"
newest=$(printf '%s\n' "$listing" | grep -o 'reinstate-[0-9TZ]*\.dump' | tail -n 1)
log "kept: $(printf '%s\n' "$listing" | grep -o 'reinstate-[0-9TZ]*\.dump' | tr '\n' ' ')"
mkdir -p "$work/restore"
docker cp "$backup_id:/backups/$newest" "$work/restore/" || fail "docker cp of $newest failed"
docker cp "$backup_id:/backups/${newest%.dump}.roles.sql" "$work/restore/" || fail "docker cp of the roles file failed"
chmod 0644 "$work/restore"/*
[ -s "$work/restore/$newest" ] || fail "$newest is empty"

step "restore into a fresh stack"
c2 up -d db >"$work/up2-db.log" 2>&1 || fail "compose up db (restore stack) failed: $(tail -n 20 "$work/up2-db.log")"
wait_healthy "$proj2" db 180
c2 run --rm -T -v "$work/restore:/restore:ro" backup restore "/restore/$newest" >"$work/restore.log" 2>&1 ||
  fail "restore failed: $(cat "$work/restore.log")"
# Restoring over a database that has tables needs --clean.
if c2 run --rm -T -v "$work/restore:/restore:ro" backup restore "/restore/$newest" >"$work/restore2.log" 2>&1; then
  fail "a second restore over the restored data succeeded without --clean"
fi
c2 up -d >"$work/up2.log" 2>&1 || fail "compose up (restore stack) failed: $(tail -n 20 "$work/up2.log")"
wait_healthy "$proj2" server 240
c2 run --rm -T --no-deps --entrypoint cat cli /var/lib/reinstate/tls/ca.crt >"$work/ca2.crt" 2>/dev/null ||
  fail "copying the restore stack's ca.crt failed"
# The coach's password and records come from the backup.
run "coach login (restored)" cli coach2 "$port2" "$work/ca2.crt" \
  login --email "$coach_email" --password-stdin <<<"$coach_pw"
check_records "restored" coach2 "$port2" "$work/ca2.crt"
run "admin login with the original password (restored)" cli admin2 "$port2" "$work/ca2.crt" \
  login --email "$admin_email" --password-stdin <<<"$admin_pw"
log "the restored stack serves client $client_id and case $case_id"

step "compose down -v; nothing left behind"
remove_project "$proj"
remove_project "$proj2"
left=$( (leftovers "$proj"; leftovers "$proj2") | tr '\n' ' ')
[ -z "${left// /}" ] || fail "left behind: $left"
new_volumes=$(docker volume ls -q | sort | comm -13 "$work/volumes-before" -)
if [ -n "$new_volumes" ]; then
  printf '%s\n' "$new_volumes" | xargs -r docker volume rm -f >/dev/null 2>&1
  fail "anonymous volumes left behind: ${new_volumes//$'\n'/ }"
fi
log "no containers, volumes or networks of $proj or $proj2 remain"
step_done

log ""
log "== timings"
printf '  %s\n' "${timings[@]}"
log "  image build ${image_build_s}s, whole test $(($(date +%s) - test_started))s"
log "compose_test: 1 passed, 0 failed"
