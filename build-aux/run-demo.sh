#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Certassur Desk and opens it on a demo database, without installing.
#
# Usage: build-aux/run-demo.sh [DATABASE]
#
# DATABASE defaults to ${XDG_DATA_HOME:-~/.local/share}/certassur/demo.db; a
# file that does not exist yet is filled with `certassur seed-demo` first.
# A postgresql:// address is opened as it is (seed it yourself with
# `_build/src/cli/certassur --database ADDRESS seed-demo`).
# seed-demo prints the demo accounts and their password.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
srcdir=$PWD
builddir=_build

db=${1:-${XDG_DATA_HOME:-$HOME/.local/share}/certassur/demo.db}

say () {
  echo "run-demo: $*" >&2
}

# Said first: no need to build for nothing
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  say "no display: neither DISPLAY nor WAYLAND_DISPLAY is set."
  say "Run this from a desktop session, or on a virtual screen:"
  say "  xvfb-run -a -s '-screen 0 1280x800x24' build-aux/run-demo.sh"
  exit 1
fi

"$srcdir/build-aux/deps.sh"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir"

cli="$builddir/src/cli/certassur"
desk="$builddir/src/gui/certassur-desk"
if [ ! -x "$desk" ]; then
  say "$desk was not built (is the build configured with -Dgui=false?)"
  exit 1
fi

case "$db" in
  postgresql://* | postgres://*)
    ;;
  *)
    db=$(realpath -m "$db")
    if [ ! -e "$db" ]; then
      say "creating the demo database $db (a minute or so)"
      mkdir -p "$(dirname "$db")"
      # Under another name until complete: an interrupted run leaves no
      # half-filled demo.db behind for the next one to open
      partial="$(dirname "$db")/.seeding-$$.db"
      trap 'rm -f "$partial" "$partial-journal" "$partial-wal" "$partial-shm"' EXIT
      "$cli" --database "$partial" seed-demo
      mv "$partial" "$db"
      trap - EXIT
    fi
    ;;
esac

# The settings schema from the build tree, compiled by data/meson.build
export GSETTINGS_SCHEMA_DIR="$srcdir/$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export CERTASSUR_LOCALEDIR="$srcdir/$builddir/po"

say "opening $db"
exec "$desk" --database "$db"
