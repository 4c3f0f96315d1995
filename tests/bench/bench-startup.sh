#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start of certassur-desk to its first drawn frame (the login page) on a
# demo database, under Xvfb: RUNS starts per renderer, printing the median
# and the range, from the launch of the process (program loading included)
# and from main (). Uses the CERTASSUR_BENCH_STARTUP hook of the window.
#
#   tests/bench/bench-startup.sh BUILDDIR [RUNS]
set -eu

builddir=$(cd "${1:?usage: bench-startup.sh BUILDDIR [RUNS]}" && pwd)
runs=${2:-15}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CERTASSUR_PWHASH=fast "$builddir/src/cli/certassur" --database "$tmp/demo.db" seed-demo >/dev/null

export GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=memory
export CERTASSUR_BENCH_STARTUP=1 ADW_DISABLE_PORTAL=1 NO_AT_BRIDGE=1
export desk="$builddir/src/gui/certassur-desk" db="$tmp/demo.db" runs

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  median () { sort -n | awk "{a[NR]=\$1} END {printf \"median %6.1f ms   range %6.1f to %6.1f ms\", a[int((NR+1)/2)], a[1], a[NR]}"; }
  # "default": as users start it (without a GPU render node the desk itself
  # draws with cairo and leaves OpenGL unloaded, see src/gui/main.c);
  # "cairo" and "gl": GTK with OpenGL loaded, drawing with cairo or OpenGL
  # (under Xvfb, Mesa llvmpipe, whose set-up alone costs about 100 ms)
  for renderer in default cairo gl; do
    : >"$db.launch"; : >"$db.main"
    "$desk" --database "$db" >/dev/null 2>&1 || true   # warm the caches once
    for i in $(seq "$runs"); do
      start=$(date +%s%6N)
      if [ "$renderer" = default ]; then
        line=$("$desk" --database "$db" 2>/dev/null | grep "first frame")
      else
        line=$(GDK_DEBUG=misc GSK_RENDERER=$renderer "$desk" --database "$db" 2>/dev/null |
               grep "first frame")
      fi
      main_ms=$(echo "$line" | sed -E "s/.*first frame ([0-9.]+) ms.*/\1/")
      at=$(echo "$line" | sed -E "s/.* at ([0-9]+) us.*/\1/")
      echo "$main_ms" >>"$db.main"
      awk -v a="$at" -v s="$start" "BEGIN { printf \"%.1f\\n\", (a - s) / 1000 }" >>"$db.launch"
    done
    printf "%-7s from launch: %s\n" "$renderer" "$(median <"$db.launch")"
    printf "%-7s from main:   %s\n" "$renderer" "$(median <"$db.main")"
  done'
