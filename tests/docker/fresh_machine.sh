#!/usr/bin/env bash
# The README's two commands on a fresh Debian 12 machine, the way a newcomer
# runs them: a container of a bare debian:bookworm (no git, no sudo for
# root, no locale, no systemd) gets the project's files (tracked files
# only, no build tree), then
#   1. a user with sudo runs scripts/demo from their home: it installs what
#      is missing through sudo, builds, starts, seeds the demo agency; the
#      CLI from the build answers as a coach; a second scripts/demo says the
#      first is already running and where; no system PostgreSQL cluster was
#      created by the install;
#   2. root runs scripts/demo from /root/reinstate (mode 0700), the same
#      checks;
#   3. with --with-tests, casey runs scripts/test from /home/casey/reinstate
#      (installing what the tests need through sudo), then root from
#      /root/reinstate (REINSTATE_SKIP_DOCKER=1: no Docker inside the
#      container). --no-demo skips steps 1 and 2; --only=USER runs
#      scripts/test as that user only.
# Not part of scripts/test (a full run takes tens of minutes); run it before
# a release. Needs root and Docker (started when none runs) and the Debian
# archive; the base image is made by scripts/docker-images when missing.
#   tests/docker/fresh_machine.sh [--with-tests] [--no-demo] [--only=casey|root] [--keep]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
with_tests=0
keep=0
demo=1
users="casey root"
for a in "$@"; do
  case $a in
  --only=*) users=${a#--only=} ;;
  --with-tests) with_tests=1 ;;
  --keep) keep=1 ;;
  --no-demo) demo=0 ;;
  *) echo "usage: tests/docker/fresh_machine.sh [--with-tests] [--no-demo] [--only=casey|root] [--keep]" >&2; exit 2 ;;
  esac
done

log() { printf '%s fresh-machine: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

started_dockerd=0
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || die "no Docker here (apt-get install docker.io)"
  log "starting a Docker daemon for this test"
  dockerd >/tmp/fresh-machine-dockerd.log 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || die "dockerd did not start: $(tail -5 /tmp/fresh-machine-dockerd.log)"
fi
"$top/scripts/docker-images" --no-db >/dev/null

name=reinstate-fresh-$$
work=$(mktemp -d)
cleanup() {
  if [ "$keep" = 0 ]; then docker rm -f "$name" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  if [ "$started_dockerd" != 0 ]; then kill "$started_dockerd" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The project's files as a release tarball has them.
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$top" ls-files -z | tar -C "$top" --null -T - -cf "$work/src.tar"
else
  tar -C "$top" --exclude='./build*' -cf "$work/src.tar" .
fi

docker run -d --name "$name" --tmpfs /tmp:exec debian:bookworm sleep infinity >/dev/null
inside() { docker exec "$name" bash -c "$1"; }
docker cp "$work/src.tar" "$name:/src.tar"

log "a bare container with a sudo user, casey; the project in /home/casey/reinstate and /root/reinstate"
inside 'apt-get update -qq && apt-get install -y -qq sudo >/dev/null' || die "installing sudo"
inside 'useradd -m -s /bin/bash casey && echo "casey ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/casey'
inside 'mkdir /home/casey/reinstate && tar -C /home/casey/reinstate -xf /src.tar && chown -R casey: /home/casey/reinstate'
inside 'chmod 0700 /root && mkdir /root/reinstate && tar -C /root/reinstate -xf /src.tar'

# demo_check USER DIR: runs scripts/demo as USER from DIR until it serves,
# checks it as a coach and a second start, then stops it.
demo_check() {
  local user=$1 dir=$2 as=
  [ "$user" = root ] || as="sudo -u $user -H"
  # (the bare image has no procps: processes are followed through /proc)
  inside "cd $dir && { $as env REINSTATE_DEMO_DIR=/tmp/demo-$user timeout 1800 scripts/demo >/tmp/demo-$user.out 2>&1 & echo \$! >/tmp/demo-$user.pid; }"
  for _ in $(seq 1 900); do
    if inside "grep -q 'Demo Career Coaching\|try:\|reinstate is running' /tmp/demo-$user.out 2>/dev/null && [ -s /tmp/demo-$user/credentials ]" 2>/dev/null; then
      break
    fi
    inside "[ -d /proc/\$(cat /tmp/demo-$user.pid) ]" || die "scripts/demo as $user stopped: $(inside "tail -30 /tmp/demo-$user.out")"
    sleep 2
  done
  inside "[ -s /tmp/demo-$user/credentials ]" || die "scripts/demo as $user did not finish starting: $(inside "tail -30 /tmp/demo-$user.out")"
  log "$user: the demo runs; checking it as a coach"
  inside "cd $dir && pw=\$(awk '/^maya@/ {print \$2}' /tmp/demo-$user/credentials) &&
      cfg=\$(mktemp -d) && echo \"\$pw\" | XDG_CONFIG_HOME=\$cfg build/reinstate login --email maya@demo.agency --password-stdin >/dev/null &&
      XDG_CONFIG_HOME=\$cfg build/reinstate case list | grep -q ." || die "$user: the demo's coach cannot list cases"
  local second
  second=$(inside "cd $dir && $as env REINSTATE_DEMO_DIR=/tmp/demo-$user timeout 600 scripts/demo 2>&1" || true)
  case $second in
  *"already running"*) log "$user: a second scripts/demo says: $(printf '%s' "$second" | head -1)" ;;
  *) die "$user: a second scripts/demo did not say one is running: $second" ;;
  esac
  # SIGTERM, the demo's other stop signal: a background job ignores SIGINT.
  inside "srv=\$(cat /tmp/demo-$user/demo.pid); kill -TERM \$(cat /tmp/demo-$user.pid);
      for i in \$(seq 1 300); do [ -d /proc/\$srv ] || exit 0; sleep 0.2; done; exit 1" ||
    die "$user: the demo did not stop on SIGTERM"
}

if [ "$demo" = 1 ]; then
demo_check casey /home/casey/reinstate
inside '! ls /etc/postgresql/15/main >/dev/null 2>&1' || die "the install created a system PostgreSQL cluster"
inside '! grep -qs "[p]ostgresql/15/main" /proc/[0-9]*/cmdline' || die "a system PostgreSQL cluster runs"
log "casey: no system PostgreSQL cluster was created"
demo_check root /root/reinstate
fi

if [ "$with_tests" = 1 ]; then
  # scripts/test USER DIR: the README's second command, to the end.
  for user in $users; do
    dir=/home/casey/reinstate as=
    [ "$user" = root ] && dir=/root/reinstate
    [ "$user" = root ] || as="sudo -u $user -H"
    log "$user: scripts/test from $dir (without the Docker step)"
    inside "cd $dir && $as env REINSTATE_SKIP_DOCKER=1 scripts/test >/tmp/test-$user.out 2>&1" ||
      die "scripts/test as $user from $dir failed: $(inside "grep -E 'FAIL|Error|error:' /tmp/test-$user.out | head -40; tail -20 /tmp/test-$user.out")"
    log "$user: scripts/test passed: $(inside "grep -E 'tests passed' /tmp/test-$user.out | tr '\n' ' '")"
  done
fi
log "PASS"
