#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one end-to-end GUI test: /usr/bin/python3 TEST.py [ARGS], with
#   CERTASSUR_CLI, CERTASSUR_DESK   the programs of the build tree
#   GSETTINGS_SCHEMA_DIR            the build tree's compiled schemas
#   XDG_CONFIG_HOME, XDG_DATA_HOME,
#   XDG_CACHE_HOME                  new, empty, removed afterwards
#   GSETTINGS_BACKEND=keyfile       settings in that XDG_CONFIG_HOME, shared
#                                   by the test and the app (the memory
#                                   backend is per process; dconf would write
#                                   to the desktop's real database)
#   CAS_GUI_SCREENSHOTS             BUILD/gui-screenshots/TEST/, kept
#   CAS_GUI_TMPDIR                  a scratch folder, removed afterwards
#
# The build tree is $CAS_BUILD_ROOT (meson sets it), else _build.
# Outside a session made for it (build-aux/test.sh makes one), the test runs
# in its own Xvfb and D-Bus session: `meson test --suite gui` works anywhere.
# CAS_GUI_USE_DISPLAY=1 uses the current display and session bus instead.

set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 TEST.py [ARGS]" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
test_py=$(realpath "$1")
shift

if [ -z "${CAS_GUI_SESSION:-}" ] && [ -z "${CAS_GUI_USE_DISPLAY:-}" ]; then
  export CAS_GUI_SESSION=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- "$self" "$test_py" "$@"
fi

build_root=$(realpath "${CAS_BUILD_ROOT:-$here/../../_build}")
name=$(basename "$test_py" .py)

tmp=$(mktemp -d -t "certassur-gui-$name-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

export XDG_CONFIG_HOME="$tmp/config"
export XDG_DATA_HOME="$tmp/data"
export XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="$tmp/runtime"
  mkdir -m 0700 "$XDG_RUNTIME_DIR"
fi
export CAS_GUI_TMPDIR="$tmp"

export GSETTINGS_BACKEND=keyfile
export GSETTINGS_SCHEMA_DIR="$build_root/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export CERTASSUR_LOCALEDIR="$build_root/po"
# What dogtail checks before it starts
gsettings set org.gnome.desktop.interface toolkit-accessibility true

export CERTASSUR_CLI="$build_root/src/cli/certassur"
export CERTASSUR_DESK="$build_root/src/gui/certassur-desk"

export CAS_GUI_SCREENSHOTS="$build_root/gui-screenshots/$name"
rm -rf "$CAS_GUI_SCREENSHOTS"
mkdir -p "$CAS_GUI_SCREENSHOTS"

export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export LC_ALL=C.UTF-8
# A critical warning of the window (a reference dropped twice, say) fails
# the test instead of passing by in its log
export G_DEBUG=fatal-criticals
# dogtail types through XTest: the app must be an X client
if [ -n "${DISPLAY:-}" ]; then
  export GDK_BACKEND=x11
fi

# Not exec: the trap removes the scratch folder
status=0
/usr/bin/python3 "$test_py" "$@" || status=$?
exit $status
