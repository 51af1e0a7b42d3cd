#!/bin/sh
# The Docker image's entrypoint. On the first start it creates the database the server will
# serve, then it runs the command (by default `erpserver serve`); later starts find the database
# and create nothing. Only a server command (erpserver serve, gunicorn) triggers the creation.
#
#   ERPSERVER_DB_NAME         the database to create when missing (default: erpserver)
#   ERPSERVER_ADMIN_LOGIN     its administrator's login (default: admin)
#   ERPSERVER_ADMIN_PASSWORD  its administrator's password (default: generated and printed once)
#   ERPSERVER_DEMO=1          load the demo data into it too
#   ERPSERVER_SKIP_INIT=1     create nothing
#   ERPSERVER_INIT_TIMEOUT    seconds to wait for the database server to answer (default: 60)
#
# Every other ERPSERVER_<OPTION> variable configures erpserver itself (see config.example.ini).
set -eu

say() { echo "erpserver-entrypoint: $*" >&2; }

init() {
  db="${ERPSERVER_DB_NAME:-erpserver}"
  login="${ERPSERVER_ADMIN_LOGIN:-admin}"
  demo=""
  case "${ERPSERVER_DEMO:-0}" in 1 | true | yes) demo="--demo" ;; esac
  # A PostgreSQL server started beside this container may not answer yet.
  errors="$(mktemp)"
  waited=0
  until listing="$(erpserver db list 2>"$errors")"; do
    if [ "$waited" -ge "${ERPSERVER_INIT_TIMEOUT:-60}" ]; then
      cat "$errors" >&2
      rm -f "$errors"
      say "cannot list the databases after ${waited} s; giving up"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$errors"
  if printf '%s\n' "$listing" | grep -qxF "$db"; then
    say "database '$db' is there"
    return
  fi
  if [ -n "${ERPSERVER_ADMIN_PASSWORD:-}" ]; then
    erpserver db create "$db" --admin-login "$login" --admin-password "$ERPSERVER_ADMIN_PASSWORD" $demo
    return
  fi
  password="$(erpserver db create "$db" --admin-login "$login" $demo)"
  cat <<BLOCK
================================================================================
GENERATED ADMINISTRATOR PASSWORD: $password
(database '$db', login '$login'; printed only this once. To set a new one:
 erpserver user password --db $db --login $login)
================================================================================
BLOCK
}

if [ "$#" -eq 0 ]; then
  set -- erpserver serve
fi
case "$1 ${2:-}" in
  "erpserver serve" | gunicorn\ *)
    case "${ERPSERVER_SKIP_INIT:-0}" in
      1 | true | yes) say "ERPSERVER_SKIP_INIT is set: no database created" ;;
      *) init ;;
    esac
    ;;
esac
exec "$@"
