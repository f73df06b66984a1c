#!/bin/sh
# reinstate-certs: put a server certificate where the server and the CLI
# find it (REINSTATE_TLS_DIR, a volume shared with the server):
#   server.crt  server.key  ca.crt
#
# - The agency's own: when REINSTATE_TLS_PROVIDED_DIR (default /provided,
#   bind-mounted from docker/tls) holds server.crt and server.key (and,
#   unless a public CA signed them, ca.crt), those are installed, after
#   checking that key and certificate belong together.
# - Otherwise a private CA is created once in REINSTATE_CA_DIR (a volume
#   only this service mounts) and signs a server certificate for
#   localhost, 127.0.0.1, the service names "server" and "reinstate", and
#   the names in REINSTATE_TLS_NAMES (comma separated: the host name or
#   address laptops dial). An existing certificate is kept while it is
#   from the same source, names the same hosts and is valid for 30 more
#   days; otherwise it is reissued by the same CA, so laptops keep their
#   ca.crt.
#
# Runs as root in the certs service (so that it can read a key of any
# owner), and hands the files to REINSTATE_TLS_OWNER (the server's uid).
set -eu

out=${REINSTATE_TLS_DIR:-/var/lib/reinstate/tls}
cadir=${REINSTATE_CA_DIR:-/var/lib/reinstate/ca}
provided=${REINSTATE_TLS_PROVIDED_DIR:-/provided}
owner=${REINSTATE_TLS_OWNER:-10001:10001}
days=${REINSTATE_TLS_DAYS:-825}
ca_days=${REINSTATE_CA_DAYS:-3650}
extra=${REINSTATE_TLS_NAMES:-}

log() { printf 'reinstate-certs: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

mkdir -p "$out" "$cadir"
chmod 0700 "$cadir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Public key of a certificate or a private key, for "do they match".
cert_pub() { openssl x509 -in "$1" -noout -pubkey 2>/dev/null; }
key_pub() { openssl pkey -in "$1" -pubout 2>/dev/null; }
pair_matches() {
  a=$(cert_pub "$1") && b=$(key_pub "$2") && [ -n "$a" ] && [ "$a" = "$b" ]
}

install_files() { # CERT KEY CA SOURCE-TAG
  cp "$1" "$tmp/server.crt.new"
  cp "$2" "$tmp/server.key.new"
  cp "$3" "$tmp/ca.crt.new"
  printf '%s\n' "$4" >"$tmp/source.new"
  for f in server.crt server.key ca.crt source; do
    install -m 0644 -o "${owner%%:*}" -g "${owner##*:}" "$tmp/$f.new" "$out/.$f.new"
  done
  chmod 0600 "$out/.server.key.new"
  # Rename last, key before certificate, so a reader never sees a
  # certificate without its key.
  mv -f "$out/.server.key.new" "$out/server.key"
  mv -f "$out/.ca.crt.new" "$out/ca.crt"
  mv -f "$out/.server.crt.new" "$out/server.crt"
  mv -f "$out/.source.new" "$out/source"
}

# --- The agency's own certificate. ---
if [ -s "$provided/server.crt" ] && [ -s "$provided/server.key" ]; then
  pair_matches "$provided/server.crt" "$provided/server.key" ||
    die "$provided/server.key does not belong to $provided/server.crt"
  openssl x509 -in "$provided/server.crt" -noout -checkend 0 >/dev/null ||
    die "$provided/server.crt has expired"
  openssl x509 -in "$provided/server.crt" -noout -checkend 2592000 >/dev/null ||
    log "warning: $provided/server.crt expires within 30 days"
  if [ -s "$provided/ca.crt" ]; then
    ca=$provided/ca.crt
    openssl verify -CAfile "$ca" -untrusted "$provided/server.crt" "$provided/server.crt" >/dev/null ||
      die "$provided/server.crt is not signed by $provided/ca.crt"
  else
    log "no $provided/ca.crt: clients verify against the system's CA list"
    ca=/etc/ssl/certs/ca-certificates.crt
  fi
  tag="provided $(openssl x509 -in "$provided/server.crt" -noout -fingerprint -sha256)"
  if [ "$(cat "$out/source" 2>/dev/null)" = "$tag" ] && cmp -s "$provided/server.key" "$out/server.key"; then
    log "the agency's certificate is installed already"
  else
    install_files "$provided/server.crt" "$provided/server.key" "$ca" "$tag"
    log "installed the agency's certificate from $provided"
  fi
  openssl x509 -in "$out/server.crt" -noout -subject -enddate -ext subjectAltName >&2 2>/dev/null || true
  exit 0
fi

# --- A private CA and a certificate it signs. ---
# Host names are matched as DNS names by the CLI's TLS library, addresses too,
# so an address goes in both as IP and as DNS entry.
sans="DNS:localhost,DNS:server,DNS:reinstate,IP:127.0.0.1,DNS:127.0.0.1"
old_ifs=$IFS
IFS=,
for n in $extra; do
  n=$(printf '%s' "$n" | tr -d ' ')
  [ -n "$n" ] || continue
  case $n in
  *[!0-9.]* | '')
    case $n in
    *:*) sans="$sans,IP:$n,DNS:$n" ;; # IPv6 address
    *) sans="$sans,DNS:$n" ;;
    esac
    ;;
  *) sans="$sans,IP:$n,DNS:$n" ;;
  esac
done
IFS=$old_ifs
tag="generated $sans"

if [ "$(cat "$out/source" 2>/dev/null)" = "$tag" ] &&
  [ -s "$cadir/ca.crt" ] && cmp -s "$cadir/ca.crt" "$out/ca.crt" &&
  pair_matches "$out/server.crt" "$out/server.key" &&
  openssl verify -CAfile "$cadir/ca.crt" "$out/server.crt" >/dev/null 2>&1 &&
  openssl x509 -in "$out/server.crt" -noout -checkend 2592000 >/dev/null 2>&1; then
  log "the server certificate in $out is current; nothing to do"
  exit 0
fi

if [ -s "$cadir/ca.key" ] && [ -s "$cadir/ca.crt" ] &&
  pair_matches "$cadir/ca.crt" "$cadir/ca.key" &&
  openssl x509 -in "$cadir/ca.crt" -noout -checkend $((days * 86400)) >/dev/null 2>&1; then
  log "reusing the private CA in $cadir"
else
  log "creating a private CA in $cadir"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$tmp/ca.key" -sha256 -days "$ca_days" \
    -subj "/O=reinstate/CN=reinstate private CA $(date -u +%Y%m%d%H%M%S)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$tmp/ca.crt"
  install -m 0600 "$tmp/ca.key" "$cadir/ca.key"
  install -m 0644 "$tmp/ca.crt" "$cadir/ca.crt"
fi

log "issuing a server certificate for $sans"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/server.key" 2>/dev/null
openssl req -new -key "$tmp/server.key" -subj "/O=reinstate/CN=localhost" -out "$tmp/server.csr"
cat >"$tmp/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
subjectAltName=$sans
EXT
openssl x509 -req -in "$tmp/server.csr" -CA "$cadir/ca.crt" -CAkey "$cadir/ca.key" \
  -CAcreateserial -CAserial "$cadir/ca.srl" -days "$days" -sha256 \
  -extfile "$tmp/ext.cnf" -out "$tmp/server.crt" 2>/dev/null
openssl verify -CAfile "$cadir/ca.crt" "$tmp/server.crt" >/dev/null ||
  die "the new certificate does not verify against the CA"
install_files "$tmp/server.crt" "$tmp/server.key" "$cadir/ca.crt" "$tag"
log "wrote server.crt, server.key and ca.crt to $out"
openssl x509 -in "$out/server.crt" -noout -subject -enddate >&2
