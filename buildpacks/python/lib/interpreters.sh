# Sourced by bin/runtime: where CPython interpreters come from. With pyenv (a pyenv command, or
# $PYENV_ROOT/versions), its versions; without it, the python3.X executables on PATH (first of
# each name wins), so a server without pyenv still builds, with the versions its system has.

if command -v pyenv >/dev/null || [[ -n ${PYENV_ROOT:-} && -d $PYENV_ROOT/versions ]]; then
  source_kind=pyenv
  root=${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}
else
  source_kind=path
  declare -A on_path=() # X.Y.Z -> interpreter
  IFS=: read -r -a path_dirs <<<"${PATH:-}"
  declare -A seen=()
  for dir in "${path_dirs[@]}"; do
    for exe in "$dir"/python3.*; do
      name=${exe##*/}
      [[ $name =~ ^python3\.[0-9]+$ && -x $exe && -z ${seen[$name]:-} ]] || continue
      seen[$name]=1
      v=$("$exe" -c 'import platform; print(platform.python_version())' 2>/dev/null || true)
      [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] && on_path[$v]=$exe
    done
  done
  echo " !     warning: pyenv not found (no pyenv command, no \$PYENV_ROOT/versions): using the interpreters on PATH:" \
    "$(for v in "${!on_path[@]}"; do printf '%s (%s) ' "${on_path[$v]##*/}" "$v"; done)"
  echo " !     install pyenv to choose exact Python versions"
fi

where_from() { [[ $source_kind == pyenv ]] && echo "pyenv, $root/versions" || echo "python3.X on PATH"; }

installed() { # CPython X.Y.Z versions available, oldest first
  if [[ $source_kind == pyenv ]]; then
    find "$root/versions" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' \
      | sort -V || true
  else
    for v in "${!on_path[@]}"; do echo "$v"; done | sort -V
  fi
}

interpreter() { # the executable of version $1, or nothing
  if [[ $source_kind == pyenv ]]; then
    [[ -x $root/versions/$1/bin/python ]] && echo "$root/versions/$1/bin/python" || true
  else
    echo "${on_path[$1]:-}"
  fi
}

installable() {
  [[ $source_kind == pyenv ]] && command -v pyenv >/dev/null \
    && pyenv install --list 2>/dev/null | sed 's/^ *//' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V || true
}

newest_of() { grep -E "^$(sed 's/\./\\./g' <<<"$1")\.[0-9]+$" | tail -n 1 || true; }

pyenv_install() { # pyenv install $1, its output streamed; on failure say the cause
  local limit=${GITDEPLOY_PYENV_INSTALL_TIMEOUT:-900} log status cause
  log=$(mktemp)
  echo "       Python $1 is not installed: pyenv install $1"
  set +e
  timeout "$limit" pyenv install -s "$1" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  if (( status == 0 )); then rm -f "$log"; return 0; fi
  if (( status == 124 )); then
    cause="timed out after $limit s (GITDEPLOY_PYENV_INSTALL_TIMEOUT)"
  else
    cause=$({ grep -m 1 -E '^(error|ERROR)[: ]' "$log"; grep -E '^curl: \(' "$log" | tail -n 1; } \
      | paste -sd ';' - | sed 's/;/; /g' || true)
    [[ -n $cause ]] || cause=$(grep -vE '^[[:space:]]*$' "$log" | tail -n 1 || true)
  fi
  rm -f "$log"
  echo " !     pyenv install $1 failed: ${cause:-exit $status}"
  return 1
}
