#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the rules of .editorconfig that a machine can check, and the SPDX
# line. Prints FILE:LINE: RULE for each violation; exits 1 if there is any.
#
# Usage: build-aux/check-style.sh [SOURCE_DIR]
#
#   C and headers (*.c, *.h): no tabs, no trailing whitespace, at most 100
#     columns, a final newline
#   *.ui, *.xml, *.xml.in, *.py, *.sh, meson.build: no tabs, no trailing
#     whitespace, a final newline
#   *.c, *.h, *.ui, *.py, *.sh, meson.build: an SPDX-License-Identifier line
#     within the first 5 lines
#   po/POTFILES.in: names every file of src/ and ui/ with translatable
#     strings (_(), N_(), C_(), NC_(), translatable="yes"), and only files
#     that exist
#
# Files: those git tracks, plus new ones it does not ignore, in a git
# checkout; otherwise every file outside build folders.

set -euo pipefail

src=${1:-$(dirname "$0")/..}
cd "$src"

# Columns are characters, not bytes
export LC_ALL=C.UTF-8

list_files () {
  if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    # Build folders are ignored in .gitignore; be safe where they are not
    git ls-files --cached --others --exclude-standard \
      | grep -vE '^(_build[^/]*|build|builddir|\.flatpak-builder)/' || true
  else
    find . \( -name '.git' -o -name '_build*' -o -name 'build' -o -name 'builddir' \
              -o -name '.flatpak-builder' -o -name 'subprojects' \) -prune \
           -o -type f -print | sed 's|^\./||'
  fi
}

# One Python process reads every file: a few processes per file took half
# a minute on a loaded 2-core machine
list_files | sort | python3 -c '
import re
import sys

violations = 0
translatable = re.compile (r"\b(?:_|N_|C_|NC_)\s*\(|translatable=\"yes\"")
checked = 0

def report (path, line, rule):
    global violations
    print (f"{path}:{line}: {rule}")
    violations += 1

paths = sys.stdin.read ().splitlines ()
try:
    with open ("po/POTFILES.in", encoding="utf-8") as f:
        potfiles = [l.strip () for l in f if l.strip () and not l.startswith ("#")]
except FileNotFoundError:
    potfiles = None

for path in paths:
    if potfiles is None or not path.startswith (("src/", "ui/")) or \
       not path.endswith ((".c", ".ui")) or path in potfiles:
        continue
    try:
        with open (path, encoding="utf-8", errors="replace") as f:
            if translatable.search (f.read ()):
                report ("po/POTFILES.in", 1, f"{path} has translatable strings and is not listed")
    except FileNotFoundError:
        continue
for path in potfiles or []:
    if path not in paths:
        report ("po/POTFILES.in", 1, f"{path} is listed and does not exist")

for path in paths:
    name = path.rsplit ("/", 1)[-1]
    if path.endswith ((".c", ".h")):
        rules = ("whitespace", "length", "spdx")
    elif path.endswith ((".ui", ".py", ".sh")) or name == "meson.build":
        rules = ("whitespace", "spdx")
    elif path.endswith ((".xml", ".xml.in")):
        rules = ("whitespace",)
    else:
        continue
    try:
        with open (path, encoding="utf-8", errors="replace", newline="") as f:
            text = f.read ()
    except (FileNotFoundError, IsADirectoryError):
        continue
    checked += 1
    lines = text.split ("\n")
    if lines and lines[-1] == "":
        lines.pop ()
    for number, line in enumerate (lines, 1):
        if "\t" in line:
            report (path, number, "tab (indent with spaces)")
        if line != line.rstrip ():
            report (path, number, "trailing whitespace")
        if "length" in rules and len (line) > 100:
            report (path, number, "longer than 100 columns")
    if text and not text.endswith ("\n"):
        report (path, len (lines) + 1, "no newline at end of file")
    if "spdx" in rules and "SPDX-License-Identifier:" not in "\n".join (lines[:5]):
        report (path, 1, "no SPDX-License-Identifier line in the first 5 lines")

if violations:
    print (f"check-style: {violations} violation(s) in {checked} files")
    sys.exit (1)
print (f"check-style: {checked} files OK")
'
