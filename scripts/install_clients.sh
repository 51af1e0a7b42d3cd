#!/usr/bin/env bash
# Install the real Odoo clients that tests/clients/ drives (see tests/clients/README.md), from
# the registries this project reaches: Debian's packages (Ruby, Perl, PHP, Java clients), npm
# (Node clients, into .clients/node), PyPI (the Python clients that cannot share .venv, each in
# a virtualenv of its own under .clients/). odooly 2.5.8, ERPpeek, OdooRPC and odoo-client-lib
# come with .venv (the "test" extra of pyproject.toml).
#
# Idempotent and quiet when everything is there: apt-get runs only for a missing package, npm
# and pip only when the pinned versions below change. Anything that cannot be installed stops
# the script with a non-zero status: a client is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  ruby ruby-xmlrpc                      # Ruby's xmlrpc 0.3.2
  librpc-xml-perl                       # RPC::XML::Client
  libfrontier-rpc-perl                  # Frontier::Client
  libxmlrpc-lite-perl                   # XMLRPC::Lite (SOAP::Lite)
  php-cli php-xmlrpc                    # PHP's xmlrpc extension, what ripcord wraps
  libaxmlrpc-java openjdk-17-jdk-headless  # aXMLRPC, and a JDK to run its script as source
)
# node and npm may come from elsewhere (NodeSource's nodejs carries its own npm): Debian's only
# when there is no npm at all.
command -v npm >/dev/null || DEBIAN_PACKAGES+=(nodejs npm)
NPM_PACKAGES=(xmlrpc@1.3.2 odoo-xmlrpc@1.0.8 odoo-await@3.4.1)
# odooly >= 2.6 has no XML-RPC left, 2.5.8 (in .venv) no JSON-RPC-only mode: one of each.
VENV_PACKAGES=("odooly26:odooly==2.6.7" "oerplib3:oerplib3==1.0.0")
CLIENTS=.clients

fail() { echo "install_clients: $*" >&2; exit 1; }

missing_debian_packages() {
  local package
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

install_debian_packages() {
  local missing
  missing="$(missing_debian_packages)"
  [ -z "$missing" ] && return 0
  # shellcheck disable=SC2086 # one word per package
  echo "install_clients: installing Debian packages:" $missing >&2
  command -v apt-get >/dev/null || fail "no apt-get to install: $missing"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || fail "apt-get update failed"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || fail "apt-get install failed for: $missing"
  missing="$(missing_debian_packages)"
  [ -z "$missing" ] || fail "still missing after apt-get install: $missing"
}

# stamped DIR WANT: true when DIR holds an install made for WANT (a text naming the versions)
stamped() { [ -f "$1/.installed" ] && [ "$(cat "$1/.installed")" = "$2" ]; }

install_npm_packages() {
  local dir="$CLIENTS/node" want="${NPM_PACKAGES[*]}"
  stamped "$dir" "$want" && return 0
  echo "install_clients: npm install ${NPM_PACKAGES[*]} into $dir" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "${NPM_PACKAGES[@]}" >&2 \
    || fail "npm install failed"
  echo "$want" > "$dir/.installed"
}

install_virtualenvs() {
  local entry name requirement dir
  for entry in "${VENV_PACKAGES[@]}"; do
    name="${entry%%:*}" requirement="${entry#*:}" dir="$CLIENTS/venv-${entry%%:*}"
    stamped "$dir" "$requirement" && continue
    echo "install_clients: $requirement into $dir" >&2
    rm -rf "$dir"
    python3 -m venv "$dir" || fail "cannot make the virtualenv $dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement" \
      || fail "pip install $requirement failed"
    echo "$requirement" > "$dir/.installed"
  done
}

# Each client answers a one-line question in its own runtime, so a broken install fails here.
verify() {
  local failures=()
  ruby -e 'require "xmlrpc/client"' 2>/dev/null || failures+=("ruby xmlrpc")
  perl -MRPC::XML::Client -MFrontier::Client -MXMLRPC::Lite -e1 2>/dev/null || failures+=("perl clients")
  php -r 'exit(function_exists("xmlrpc_encode_request") ? 0 : 1);' 2>/dev/null || failures+=("php xmlrpc")
  [ -f /usr/share/java/axmlrpc.jar ] && command -v javac >/dev/null || failures+=("aXMLRPC / JDK")
  NODE_PATH="$CLIENTS/node/node_modules" node -e 'for (const m of ["xmlrpc", "odoo-xmlrpc", "odoo-await"]) require(m)' \
    2>/dev/null || failures+=("node clients")
  "$CLIENTS/venv-odooly26/bin/python" -c 'import odooly' 2>/dev/null || failures+=("odooly 2.6")
  "$CLIENTS/venv-oerplib3/bin/python" -c 'import oerplib3' 2>/dev/null || failures+=("oerplib3")
  [ ${#failures[@]} -eq 0 ] || fail "not usable after install: ${failures[*]}"
}

install_debian_packages
mkdir -p "$CLIENTS"
install_npm_packages
install_virtualenvs
verify
