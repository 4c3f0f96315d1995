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

violations=0
checked=0

report () {
  # grep -n output "LINE:TEXT" -> "FILE:LINE: RULE"
  local file=$1 rule=$2 line

  while IFS=: read -r line _; do
    echo "$file:$line: $rule"
    violations=$((violations + 1))
  done
}

check_whitespace () {
  local file=$1

  report "$file" "tab (indent with spaces)" < <(grep -n $'\t' "$file" || true)
  report "$file" "trailing whitespace" < <(grep -nE '[[:space:]]+$' "$file" || true)
  if [ -s "$file" ] && [ -n "$(tail -c 1 "$file")" ]; then
    echo "$file:$(($(wc -l < "$file") + 1)): no newline at end of file"
    violations=$((violations + 1))
  fi
}

check_length () {
  local file=$1

  report "$file" "longer than 100 columns" < <(grep -nE '^.{101,}' "$file" || true)
}

check_spdx () {
  local file=$1

  if ! head -n 5 "$file" | grep -q 'SPDX-License-Identifier:'; then
    echo "$file:1: no SPDX-License-Identifier line in the first 5 lines"
    violations=$((violations + 1))
  fi
}

while IFS= read -r file; do
  [ -f "$file" ] || continue
  case "$file" in
    *.c | *.h)
      check_whitespace "$file"
      check_length "$file"
      check_spdx "$file"
      ;;
    *.ui | *.py | *.sh | meson.build | */meson.build)
      check_whitespace "$file"
      check_spdx "$file"
      ;;
    *.xml | *.xml.in)
      check_whitespace "$file"
      ;;
    *)
      continue
      ;;
  esac
  checked=$((checked + 1))
done < <(list_files | sort)

if [ $violations -gt 0 ]; then
  echo "check-style: $violations violation(s) in $checked files"
  exit 1
fi
echo "check-style: $checked files OK"
