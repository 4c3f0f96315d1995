#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Certassur Desk needs to build, run and be
# tested. A machine that already has them all does not run apt at all.
#
# Usage: build-aux/deps.sh [--check]
#   --check  only list what is missing; exit 1 if anything is

set -euo pipefail

packages=(
  # Build
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev
  libgda-5.0-dev libgda-5.0-postgres
  # libgda's SQLite provider dlopens the system libsqlite3; nothing in
  # libgda's packages pulls it in
  libsqlite3-dev sqlite3
  libicu-dev libjson-glib-dev libpoppler-glib-dev libqrencode-dev libsodium-dev
  # data suite
  desktop-file-utils appstream gsettings-desktop-schemas
  # the Flatpak manifest is checked with flatpak-builder --show-manifest
  flatpak-builder
  # gui suite: Xvfb, a D-Bus session, accessibility, dogtail
  xvfb xauth dbus dbus-x11 at-spi2-core python3-dogtail python3-pyatspi
  imagemagick fonts-dejavu-core
  # PDF and QR code checks in tests
  poppler-utils zbar-tools
  # core suite on PostgreSQL (a private cluster, see pg-test-server.sh)
  postgresql
  # clang's sanitizer runtimes, for a sanitizer build with clang
  libclang-rt-14-dev
)

check_only=0
if [ "${1:-}" = "--check" ]; then
  check_only=1
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "deps.sh: missing: ${missing[*]}"
if [ $check_only -eq 1 ]; then
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo > /dev/null; then
  sudo=(sudo)
else
  echo "deps.sh: not root and sudo is not installed: install the packages above as root" >&2
  exit 1
fi

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
# With recommends: libgtk-4-1 recommends the SVG pixbuf loader (symbolic
# icons) and libgtk-4-bin, which a desktop program wants
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
