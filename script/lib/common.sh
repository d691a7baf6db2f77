# shellcheck shell=bash
# Shared helpers for script/*: finding interpreters, building the cached
# virtualenvs of the two Home Assistant legs, and running commands in a leg.
#
# Legs:
#   min     Home Assistant 2025.4.4 (hacs.json floor) on Python 3.13
#   latest  Home Assistant 2026.10.4 (newest with a test package) on Python 3.14
#   canary  the newest released Home Assistant (requirements_canary.txt, a
#           lock written by script/update-canary) on Python 3.14; no test
#           package exists for it, so it only runs the dev stack
#           (script/develop --leg canary) and script/test's canary checks
#
# Everything that is downloaded or built lives under $MB_CACHE, outside the
# tracked tree, so a second run starts in seconds.

MB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MB_CACHE="${MICBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/micboard}"
MB_SID_ROOT="$MB_CACHE/sid-root"
MB_LEGS=(min latest)
# Components the dev server loads; their Python requirements go into the dev
# virtualenv up front (and into the canary lock).
# assist_pipeline is not configured but gets loaded with MQTT's platforms on
# 2026.x; without its requirements the frontend's service list fails to load.
MB_DEV_COMPONENTS="frontend config history logbook recorder mqtt person onboarding system_log logger assist_pipeline"

mb_log() { printf '==> %s\n' "$*" >&2; }
mb_warn() { printf 'warning: %s\n' "$*" >&2; }
mb_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

mb_is_root() { [ "$(id -u)" -eq 0 ]; }

mb_check_leg() {
  case "$1" in
    min | latest) ;;
    *) mb_die "unknown leg '$1' (expected: min, latest)" ;;
  esac
}

# Python version bounds of each leg: "<major.minor> <lowest patch>".
mb_leg_python() {
  case "$1" in
    min) echo "3.13 0" ;;
    latest | canary) echo "3.14 2" ;;
  esac
}

# The canary leg's lock may be replaced by one made for a newer release
# (MICBOARD_CANARY_LOCK, set by script/test when the committed lock is behind).
mb_leg_requirements() {
  if [ "$1" = canary ]; then
    echo "${MICBOARD_CANARY_LOCK:-$MB_ROOT/requirements_canary.txt}"
  else
    echo "$MB_ROOT/requirements_test_$1.txt"
  fi
}

# The host virtualenv of the browser tests (Playwright + pytest, on the min
# leg's Python; Home Assistant runs in the leg's own dev virtualenv), and
# Debian's Chromium. Prints the virtualenv path.
mb_ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    mb_is_root || mb_die "the browser tests need Debian's Chromium: apt-get install chromium"
    mb_log "installing chromium (Debian package)"
    mb_apt_install chromium
  fi
  mb_resolve_leg min
  mb_ensure_venv min browser
}

# Prints "ok" when the interpreter runs and is minor.minor with patch >= lowest.
mb_python_fits() {
  local python="$1" minor="$2" lowest_patch="$3"
  "$python" - "$minor" "$lowest_patch" 2>/dev/null <<'PY' || true
import sys
want, lowest = sys.argv[1], int(sys.argv[2])
have = f"{sys.version_info.major}.{sys.version_info.minor}"
print("ok" if have == want and sys.version_info.micro >= lowest else "no")
PY
}

mb_apt_install() {
  mb_is_root || mb_die "need Debian packages '$*' and am not root: install them with apt-get and run again"
  command -v apt-get >/dev/null || mb_die "need packages '$*' but apt-get is not available"
  if [ ! -f "$MB_CACHE/.apt-updated" ]; then
    mkdir -p "$MB_CACHE"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && touch "$MB_CACHE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 \
    || mb_die "apt-get install $* failed"
}

# uv makes the virtualenvs (about 10x faster than pip); pip is the fallback.
mb_uv() {
  local uv_home="$MB_CACHE/tools/uv"
  if [ ! -x "$uv_home/bin/uv" ]; then
    local bootstrap
    bootstrap="$(command -v python3 || true)"
    [ -n "$bootstrap" ] || return 1
    mb_log "installing uv into $uv_home"
    rm -rf "$uv_home"
    "$bootstrap" -m venv "$uv_home" >&2 && "$uv_home/bin/pip" install -q uv >&2 || {
      rm -rf "$uv_home"
      return 1
    }
  fi
  echo "$uv_home/bin/uv"
}

# Finds a host interpreter for a leg. Sets MB_FOUND_PYTHON, or leaves it empty
# and sets MB_LOOKED_FOR to a description of every place that was tried.
mb_find_host_python() {
  local leg="$1" minor lowest candidate uv
  read -r minor lowest < <(mb_leg_python "$leg")
  MB_FOUND_PYTHON=""
  MB_LOOKED_FOR="python$minor and python3 on PATH"
  for candidate in "python$minor" python3; do
    candidate="$(command -v "$candidate" 2>/dev/null || true)"
    if [ -n "$candidate" ] && [ "$(mb_python_fits "$candidate" "$minor" "$lowest")" = ok ]; then
      MB_FOUND_PYTHON="$candidate"
      return 0
    fi
  done
  local pyenv_root="${PYENV_ROOT:-}"
  if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null; then
    pyenv_root="$(pyenv root 2>/dev/null || true)"
  fi
  [ -n "$pyenv_root" ] || pyenv_root="$HOME/.pyenv"
  MB_LOOKED_FOR="$MB_LOOKED_FOR; $pyenv_root/versions/$minor.*/bin/python$minor"
  for candidate in $(ls -d "$pyenv_root"/versions/"$minor".*/bin/python"$minor" 2>/dev/null | sort -rV); do
    if [ "$(mb_python_fits "$candidate" "$minor" "$lowest")" = ok ]; then
      MB_FOUND_PYTHON="$candidate"
      return 0
    fi
  done
  MB_LOOKED_FOR="$MB_LOOKED_FOR; 'uv python find $minor'"
  if uv="$(mb_uv)"; then
    candidate="$("$uv" python find --no-python-downloads "$minor" 2>/dev/null || true)"
    if [ -n "$candidate" ] && [ "$(mb_python_fits "$candidate" "$minor" "$lowest")" = ok ]; then
      MB_FOUND_PYTHON="$candidate"
      return 0
    fi
  fi
  return 1
}

# A Debian sid root with python3.14 (and mosquitto), for machines without
# Python 3.14. Only as root and with debootstrap; mounts stay confined to an
# `unshare -m` namespace for the duration of one command.
mb_ensure_sid_root() {
  if [ -x "$MB_SID_ROOT/usr/bin/python3.14" ] && [ -f "$MB_SID_ROOT/.micboard-ready" ]; then
    return 0
  fi
  mb_is_root || return 1
  command -v debootstrap >/dev/null || mb_apt_install debootstrap
  command -v unshare >/dev/null || return 1
  mb_log "building a Debian sid root with Python 3.14 in $MB_SID_ROOT (about a minute)"
  rm -rf "$MB_SID_ROOT.tmp"
  mkdir -p "$MB_CACHE"
  debootstrap --variant=minbase \
    --include=python3.14,python3.14-venv,python3.14-dev,g++,ca-certificates,mosquitto \
    sid "$MB_SID_ROOT.tmp" >"$MB_CACHE/debootstrap.log" 2>&1 \
    || mb_die "debootstrap failed; see $MB_CACHE/debootstrap.log"
  rm -rf "$MB_SID_ROOT"
  mv "$MB_SID_ROOT.tmp" "$MB_SID_ROOT"
  touch "$MB_SID_ROOT/.micboard-ready"
}

# Refreshes the sid root's package lists. The mirror this machine reaches may
# be a frozen snapshot whose Release file has passed its Valid-Until date;
# its packages are still the ones the root was built from, so that date is
# not checked.
mb_sid_apt_update() {
  mb_leg_exec apt-get -o Acquire::Check-Valid-Until=false update -qq
}

# Some of Home Assistant 2026.10's pinned requirements (the voice pipeline's
# pymicro-vad and pyspeex-noise, which the dev server's frontend needs) have
# no Python 3.14 wheels: they build from source, so the root needs a compiler.
# Roots made before this was needed get it here (a few seconds).
mb_ensure_sid_compiler() {
  [ -x "$MB_SID_ROOT/usr/bin/g++" ] && [ -f "$MB_SID_ROOT/usr/include/python3.14/Python.h" ] && return 0
  mb_log "installing a C++ compiler and Python headers into the Debian sid root"
  { mb_sid_apt_update && mb_leg_exec /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ python3.14-dev; } >&2 \
    || mb_die "could not install g++ and python3.14-dev into $MB_SID_ROOT"
}

mb_sync_sid_root_files() {
  cp /etc/resolv.conf "$MB_SID_ROOT/etc/resolv.conf" 2>/dev/null || true
  local bundle
  for bundle in "${SSL_CERT_FILE:-}" "${PIP_CERT:-}" /etc/ssl/certs/ca-certificates.crt; do
    if [ -n "$bundle" ] && [ -f "$bundle" ]; then
      cp "$bundle" "$MB_SID_ROOT/etc/ssl/certs/ca-certificates.crt"
      break
    fi
  done
  local uv
  if uv="$(mb_uv)"; then
    cmp -s "$uv" "$MB_SID_ROOT/usr/local/bin/uv" || install -m 0755 "$uv" "$MB_SID_ROOT/usr/local/bin/uv"
  fi
}

# Decides how a leg runs. Sets MB_LEG_MODE (host|sid) and MB_LEG_PYTHON (a path
# valid where the leg runs).
mb_resolve_leg() {
  local leg="$1"
  if mb_find_host_python "$leg"; then
    MB_LEG_MODE=host
    MB_LEG_PYTHON="$MB_FOUND_PYTHON"
    return 0
  fi
  if [[ "$leg" =~ ^(latest|canary)$ ]] && mb_is_root && { command -v debootstrap >/dev/null || command -v apt-get >/dev/null; }; then
    mb_ensure_sid_root
    mb_sync_sid_root_files
    MB_LEG_MODE=sid
    MB_LEG_PYTHON=/usr/bin/python3.14
    mb_ensure_sid_compiler
    return 0
  fi
  local minor lowest
  read -r minor lowest < <(mb_leg_python "$leg")
  local hint=""
  [[ "$leg" =~ ^(latest|canary)$ ]] && hint=" (the Debian sid fallback needs root and debootstrap)"
  mb_die "leg '$leg' needs Python $minor (>= $minor.$lowest); looked for: $MB_LOOKED_FOR$hint"
}

# Runs a command inside the resolved leg: directly on the host, or chrooted
# into the sid root with the repository bind-mounted at the same path.
# With MB_EXEC=1 (in a background subshell) it replaces the shell, so $! is
# the process itself and a signal to it reaches the program. MB_LEG_BIND names
# one more host directory to bind-mount at the same path (a state directory
# outside the repository).
mb_leg_exec() {
  local exec_prefix=()
  [ "${MB_EXEC:-0}" = 1 ] && exec_prefix=(exec)
  if [ "$MB_LEG_MODE" = host ]; then
    "${exec_prefix[@]}" "$@"
    return
  fi
  local quoted extra="${MB_LEG_BIND:-}"
  printf -v quoted '%q ' "$@"
  mkdir -p "$MB_SID_ROOT$MB_ROOT"
  [ -n "$extra" ] && mkdir -p "$extra" "$MB_SID_ROOT$extra"
  "${exec_prefix[@]}" unshare -m --propagation private bash -c '
    set -e
    root="$1"; repo="$2"; extra="$3"; shift 3
    mount --bind "$repo" "$root$repo"
    [ -z "$extra" ] || mount --bind "$extra" "$root$extra"
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
      PATH=/usr/local/bin:/usr/bin:/bin CI="${CI:-}" TERM="${TERM:-dumb}" \
      SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
      PYTHONDONTWRITEBYTECODE="${PYTHONDONTWRITEBYTECODE:-}" \
      MICBOARD_LEG_MODE=sid /bin/bash -c "cd \"\$0\" && exec $*" "$repo"
  ' micboard-leg "$MB_SID_ROOT" "$MB_ROOT" "$extra" "$quoted"
}

# Prints the virtualenv path of a leg (valid where the leg runs), creating it
# when its requirements changed. The key hashes the requirement files and
# the interpreter version. Flavour "dev" also holds the runtime requirements
# of the Home Assistant components the dev server loads ($MB_DEV_COMPONENTS).
mb_ensure_venv() {
  local leg="$1" flavour="${2:-test}" key venv_base venv reqs
  # The browser flavour holds only Playwright and pytest (requirements_browser.txt).
  reqs="$(mb_leg_requirements "$leg")"
  [ "$flavour" = browser ] && reqs="$MB_ROOT/requirements_browser.txt"
  key="$({
    # The canary lock stands alone (no test tools): only it keys that leg.
    [ "$flavour" = browser ] || [ "$leg" = canary ] || cat "$MB_ROOT/requirements_test.txt"
    cat "$reqs"
    mb_leg_exec "$MB_LEG_PYTHON" -c 'import sys; print(sys.version)'
    [ "$flavour" = dev ] && echo "$MB_DEV_COMPONENTS"
  } | sha256sum | cut -c1-12)"
  if [ "$MB_LEG_MODE" = host ]; then
    venv_base="$MB_CACHE/venvs"
  else
    venv_base="/opt/micboard/venvs"
  fi
  venv="$venv_base/$leg-$flavour-$key"
  local host_venv="$venv"
  [ "$MB_LEG_MODE" = sid ] && host_venv="$MB_SID_ROOT$venv"
  if [ -f "$host_venv/.micboard-ready" ]; then
    echo "$venv"
    return 0
  fi
  mb_log "creating the $leg $flavour virtualenv ($venv)"
  rm -rf "$host_venv"
  mkdir -p "$(dirname "$host_venv")"
  local uv_cmd=""
  if [ "$MB_LEG_MODE" = sid ]; then
    [ -x "$MB_SID_ROOT/usr/local/bin/uv" ] && uv_cmd=/usr/local/bin/uv
  else
    uv_cmd="$(mb_uv || true)"
  fi
  mb_venv_install() {
    if [ -n "$uv_cmd" ]; then
      mb_leg_exec /usr/bin/env VIRTUAL_ENV="$venv" "$uv_cmd" pip install -q "$@" >&2
    else
      mb_leg_exec "$venv/bin/python" -m pip install -q "$@" >&2
    fi
  }
  if [ -n "$uv_cmd" ]; then
    mb_leg_exec "$uv_cmd" venv -q -p "$MB_LEG_PYTHON" "$venv" >&2
  else
    mb_leg_exec "$MB_LEG_PYTHON" -m venv "$venv" >&2
  fi
  mb_venv_install -r "$reqs" || mb_die "installing $reqs into $venv failed"
  if [ "$flavour" = dev ]; then
    local extra
    # shellcheck disable=SC2086  # the component list is a word list on purpose
    extra="$(mb_leg_exec "$venv/bin/python" "$MB_ROOT/script/devtools/ha_requirements.py" $MB_DEV_COMPONENTS)"
    if [ -n "$extra" ]; then
      # shellcheck disable=SC2086
      mb_venv_install $extra || mb_die "installing the dev server's requirements failed"
    fi
  fi
  touch "$host_venv/.micboard-ready"
  echo "$venv"
}

# Reports whether a TCP port on 127.0.0.1 is free to listen on.
mb_port_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not "in use"
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# What mypy checks per leg. The integration is type-checked against the
# oldest supported Home Assistant; 2026.9+ swapped voluptuous for probatio and
# moved enums between modules, which a single source supporting both cannot
# satisfy in both type checkers (the tests run it on both). The HA-free
# library and the simulator are checked on every leg.
mb_mypy_targets() {
  if [ "$1" = min ]; then
    echo ""
  else
    echo "--follow-imports=silent custom_components/micboard/shure simulator"
  fi
}
