#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The test command: installs what is missing, builds, and runs every suite.
#
#   1. deps      build-aux/deps.sh
#   2. build     _build (meson setup when needed, then compile)
#   3. sqlite    suites unit core cli data style, on SQLite
#   4. pg        suite core on a private PostgreSQL server started here
#   5. asan      _build-asan: -Db_sanitize=address,undefined -Dgui=false,
#                suites unit core on SQLite (asan-sqlite) and PostgreSQL
#                (asan-pg), LeakSanitizer on with build-aux/lsan.supp
#   6. gui       suite gui under Xvfb and a private D-Bus session
#
# Every phase runs even when an earlier one failed, except that nothing runs
# after a failed install or build of _build. Exits non-zero if any phase
# failed. Works as root (CI) and as a user with sudo (for deps.sh only).
#
# Quick local runs: CAS_SKIP_PG=1, CAS_SKIP_ASAN=1, CAS_SKIP_GUI=1 skip a
# phase (ignored when CI is set: CI runs everything). CAS_BUILDDIR and
# CAS_ASAN_BUILDDIR name other build folders.
#
# Logs: BUILD/meson-logs/testlog.txt (SQLite), testlog-pg.txt (PostgreSQL),
# testlog-gui.txt; the same in _build-asan. Screenshots of the GUI tests in
# _build/gui-screenshots/.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
srcdir=$PWD

builddir=${CAS_BUILDDIR:-_build}
asan_builddir=${CAS_ASAN_BUILDDIR:-_build-asan}

export LC_ALL=C.UTF-8
# The sqlite phase is on SQLite, whatever the caller's environment says
unset CERTASSUR_TEST_POSTGRESQL

phase_names=()
phase_results=()
phase_logs=()
failures=0

pg_dir=""
pg_address=""
gui_dir=""

cleanup () {
  if [ -n "$pg_dir" ]; then
    bash "$srcdir/build-aux/pg-test-server.sh" stop "$pg_dir" || true
    rm -rf "$pg_dir"
  fi
  if [ -n "$gui_dir" ]; then
    rm -rf "$gui_dir"
  fi
}
trap cleanup EXIT
# Ctrl-C, or CI's end: exit through the EXIT trap
trap 'exit 130' INT
trap 'exit 143' TERM

banner () {
  printf '\n======== %s ========\n' "$*"
}

skipping () {
  local var=$1

  if [ -n "${CI:-}" ]; then
    if [ -n "${!var:-}" ]; then
      echo "test.sh: CI is set: ignoring $var"
    fi
    return 1
  fi
  [ -n "${!var:-}" ] && [ "${!var}" != 0 ]
}

# record NAME RESULT [MESON_JSON_LOG]
record () {
  phase_names+=("$1")
  phase_results+=("$2")
  phase_logs+=("${3:-}")
  case "$2" in
    OK | SKIPPED*) ;;
    *) failures=$((failures + 1)) ;;
  esac
}

# run_phase NAME MESON_JSON_LOG COMMAND...: runs COMMAND in a subshell with
# errexit, records OK or FAILED, leaves its status in $phase_status.
# Never call it in a condition (if, ||, &&): bash would then ignore errexit
# inside COMMAND too.
phase_status=0
run_phase () {
  local name=$1 json=$2 start=$SECONDS
  shift 2

  banner "$name"
  [ -z "$json" ] || rm -f "$json"
  set +e
  (set -e; "$@")
  phase_status=$?
  set -e
  if [ $phase_status -eq 0 ]; then
    record "$name" OK "$json"
  else
    record "$name" "FAILED (status $phase_status)" "$json"
  fi
  echo "test.sh: $name: ${phase_results[-1]} in $((SECONDS - start)) s"
}

# Counts of one meson JSON test log: "PASSED FAILED SKIPPED"
count_results () {
  /usr/bin/python3 - "$1" <<'EOF'
import json, sys
passed = failed = skipped = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            if not line.strip():
                continue
            result = json.loads(line).get('result', '')
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                failed += 1
except FileNotFoundError:
    pass
print(passed, failed, skipped)
EOF
}

summary () {
  local i passed=0 failed=0 skipped=0 p f s counts

  banner "Summary"
  for i in "${!phase_names[@]}"; do
    counts=""
    if [ -n "${phase_logs[$i]}" ] && [ -f "${phase_logs[$i]}" ]; then
      read -r p f s < <(count_results "${phase_logs[$i]}")
      passed=$((passed + p))
      failed=$((failed + f))
      skipped=$((skipped + s))
      counts=" ($p passed, $f failed, $s skipped)"
    fi
    printf '  %-12s %s%s\n' "${phase_names[$i]}" "${phase_results[$i]}" "$counts"
  done
  echo
  echo "Tests: $passed passed, $failed failed, $skipped skipped"
  if [ $failures -gt 0 ]; then
    echo "test.sh: $failures phase(s) FAILED"
  else
    echo "test.sh: all phases OK"
  fi
}

stop_here () {
  summary
  exit 1
}

# setup_build DIR [MESON OPTIONS...]
setup_build () {
  local dir=$1
  shift

  if [ -f "$dir/build.ninja" ]; then
    # meson reconfigures by itself when a meson.build changed; the options
    # are set again in case someone changed them in this folder
    if [ $# -gt 0 ]; then
      meson configure "$dir" "$@"
    fi
    return 0
  fi
  if [ -d "$dir/meson-private" ]; then
    meson setup --wipe "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
}

build () {
  local dir=$1
  shift

  setup_build "$dir" "$@"
  meson compile -C "$dir"
}

# meson_test DIR LOGBASE [ARGS...]
meson_test () {
  local dir=$1 logbase=$2
  shift 2

  meson test -C "$dir" --print-errorlogs --logbase "$logbase" "$@"
}

# Starts the server in the main shell, so that the EXIT trap stops it
pg_start () {
  local line

  pg_dir=$(mktemp -d -t certassur-pg-XXXXXX)
  line=$(bash "$srcdir/build-aux/pg-test-server.sh" start "$pg_dir") || return 1
  pg_address=${line#export CERTASSUR_TEST_POSTGRESQL=}
  [ -n "$pg_address" ] && [ "$pg_address" != "$line" ]
}

pg_tests () {
  CERTASSUR_TEST_POSTGRESQL=$pg_address meson_test "$builddir" testlog-pg --suite core
}

# Sanitizers. Leaks are reported, except the ones inside libgda and the
# libraries under it that build-aux/lsan.supp lists. fast_unwind_on_malloc=0
# unwinds through libraries built without frame pointers: without it the
# stacks stop in GLib and no suppression matches. 20 frames are enough to
# reach the library functions the suppressions name, and cost half of the
# default 30.
asan_env () {
  local asan=(
    detect_leaks=1 halt_on_error=1 abort_on_error=1 print_summary=1
    detect_stack_use_after_return=1 check_initialization_order=1 strict_init_order=1
    strict_string_checks=1 fast_unwind_on_malloc=0 malloc_context_size=20
  )

  ASAN_OPTIONS=$(IFS=:; echo "${asan[*]}")
  export ASAN_OPTIONS
  export LSAN_OPTIONS="suppressions=$srcdir/build-aux/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:print_summary=1"
  # GSlice keeps its own pools: let every allocation be malloc's
  export G_SLICE=always-malloc
  export G_DEBUG=gc-friendly
}

asan_sqlite_tests () {
  asan_env
  meson_test "$asan_builddir" testlog --suite unit --suite core --timeout-multiplier 4
}

asan_pg_tests () {
  asan_env
  export CERTASSUR_TEST_POSTGRESQL=$pg_address
  meson_test "$asan_builddir" testlog-pg --suite core --timeout-multiplier 4
}

gui_tests () {
  # The session's settings live in $gui_dir, not in the desktop's dconf
  # database; run-gui-test.sh sees CAS_GUI_SESSION and does not start
  # another Xvfb. ($1 is the inner shell's.)
  # shellcheck disable=SC2016
  XDG_CONFIG_HOME="$gui_dir" GSETTINGS_BACKEND=keyfile CAS_GUI_SESSION=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- bash -c '
      set -euo pipefail
      gsettings set org.gnome.desktop.interface toolkit-accessibility true
      meson test -C "$1" --print-errorlogs --logbase testlog-gui --suite gui
    ' gui-session "$builddir"
}

# 1. Packages, 2. build: nothing else can run without them
run_phase deps "" bash "$srcdir/build-aux/deps.sh"
[ $phase_status -eq 0 ] || stop_here
run_phase build "" build "$builddir"
[ $phase_status -eq 0 ] || stop_here

# 3. Everything but gui on SQLite
run_phase sqlite "$builddir/meson-logs/testlog.json" \
  meson_test "$builddir" testlog \
  --suite unit --suite core --suite cli --suite data --suite style

# 4. The core suite on PostgreSQL; the server stays up for asan-pg
if skipping CAS_SKIP_PG; then
  record pg "SKIPPED (CAS_SKIP_PG)"
else
  banner "PostgreSQL test server"
  if pg_start; then
    echo "test.sh: server at postgresql://...@${pg_address##*@}"
    run_phase pg "$builddir/meson-logs/testlog-pg.json" pg_tests
  else
    record pg "FAILED (server did not start)"
  fi
fi

# 5. Sanitizers
if skipping CAS_SKIP_ASAN; then
  record asan "SKIPPED (CAS_SKIP_ASAN)"
else
  run_phase asan-build "" build "$asan_builddir" -Db_sanitize=address,undefined -Dgui=false
  if [ $phase_status -ne 0 ]; then
    record asan-tests "SKIPPED (no build)"
  else
    run_phase asan-sqlite "$asan_builddir/meson-logs/testlog.json" asan_sqlite_tests
    if skipping CAS_SKIP_PG; then
      record asan-pg "SKIPPED (CAS_SKIP_PG)"
    elif [ -z "$pg_address" ]; then
      record asan-pg "FAILED (no PostgreSQL server)"
    else
      run_phase asan-pg "$asan_builddir/meson-logs/testlog-pg.json" asan_pg_tests
    fi
  fi
fi

# 6. The window, through the accessibility bus
if skipping CAS_SKIP_GUI; then
  record gui "SKIPPED (CAS_SKIP_GUI)"
else
  gui_dir=$(mktemp -d -t certassur-gui-session-XXXXXX)
  run_phase gui "$builddir/meson-logs/testlog-gui.json" gui_tests
fi

summary
[ $failures -eq 0 ]
