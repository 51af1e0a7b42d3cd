# Sourced by scripts/serve and scripts/test: make .venv and install erpserver (editable) into it
# only when needed. A stamp file in .venv holds a hash of pyproject.toml (the dependencies, the
# extras, the entry points): when it matches, pip is not run at all.

# ensure_venv [EXTRA]: erpserver installed in .venv, with the optional dependency group EXTRA.
ensure_venv() {
  local extra="${1:-}" stamp want
  stamp=".venv/.erpserver-installed${extra:+-$extra}"
  want="$(python3 -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')"
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "Installing erpserver${extra:+[$extra]} into .venv (again only when pyproject.toml changes)..." >&2
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extra:+[$extra]}"
  echo "$want" > "$stamp"
  if [ -n "$extra" ]; then
    echo "$want" > .venv/.erpserver-installed  # an install with extras covers the plain one
  fi
}
