#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Crash safety of merges: "certassur merge approve" and "merge undo" killed
# with SIGKILL at random moments, again and again; after each kill the
# database is either wholly before or wholly after the merge (or the undo),
# and "certassur check" holds. Usage: test-merge-crash.sh PATH/TO/certassur [RUNS]
set -u

cli=${1:?usage: test-merge-crash.sh CERTASSUR [RUNS]}
runs=${2:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CERTASSUR_PWHASH=fast LC_ALL=C.UTF-8
db=$tmp/crash.db
failures=0
killed=0
n_before=0
n_after=0

fail () {
  echo "not ok - $*"
  failures=$((failures + 1))
}

as () {
  local user=$1
  shift
  CERTASSUR_PASSWORD="$user-password" "$cli" --database "$db" --user "$user" "$@"
}

CERTASSUR_NEW_PASSWORD=op1-password "$cli" --database "$db" init --operator op1 >/dev/null || exit 1
cat >"$tmp/persons.csv" <<'CSV'
external_ref,first_name,last_name,birth_date,email,phone,street,postcode,city
K-1,Lotte,Wouters,1991-06-14,lotte.wouters@telenet.be,+32478556677,Tiensestraat 20,3000,Leuven
K-2,LOTTE,WOUTERS,1991-06-14,l.wouters@work.be,0478 55 66 77,,3000,Leuven
CSV
as op1 import-persons "$tmp/persons.csv" >/dev/null || exit 1
CERTASSUR_NEW_PASSWORD=op2-password as op1 accounts create op2 >/dev/null || exit 1
as op1 accounts grant op2 operator >/dev/null || exit 1
CERTASSUR_NEW_PASSWORD=lotte1-password as op1 accounts create lotte1 --person K-1 >/dev/null || exit 1
CERTASSUR_NEW_PASSWORD=lotte2-password as op1 accounts create lotte2 --person K-2 >/dev/null || exit 1

# Sessions, with 30 registrations of each record, some results, and one
# session each staffs: straight into the file, the test is not about them
sqlite3 "$db" <<'SQL' || exit 1
INSERT INTO company (name, is_exam_centre, created_at) VALUES ('Crash centre', 1, '2026-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO exam_session (exam_id, company_id, starts_at, duration_minutes, location, capacity,
                          language, created_at)
SELECT 1 + i % 4, (SELECT MAX(id) FROM company), printf ('2027-%02d-%02dT09:00', 1 + i % 12, 1 + i % 28),
       90, 'Leuven', 20, 'nl', '2026-01-01T00:00:00Z' FROM n;
INSERT INTO registration (person_id, session_id, status, score, registered_at)
SELECT CASE WHEN id <= 30 THEN 1 ELSE 2 END, id,
       CASE WHEN id % 3 = 0 THEN 'passed' ELSE 'registered' END,
       CASE WHEN id % 3 = 0 THEN 70 END, '2026-01-01T00:00:00Z' FROM exam_session;
INSERT INTO session_staff (session_id, person_id, role) VALUES (1, 2, 'controller');
INSERT INTO session_staff (session_id, person_id, role) VALUES (40, 1, 'admin');
SQL

# The rows a merge moves, as text
state () {
  sqlite3 "$db" "SELECT group_concat(r) FROM (SELECT id || ':' || person_id AS r
                                              FROM registration ORDER BY id);
                 SELECT group_concat(r) FROM (SELECT session_id || ':' || person_id || ':' || role
                                              AS r FROM session_staff ORDER BY 1);
                 SELECT group_concat(r) FROM (SELECT id || ':' || coalesce(merged_into, '') || ':'
                                                     || revision || ':'
                                                     || coalesce(email_secondary, '') AS r
                                              FROM person ORDER BY id);
                 SELECT group_concat(r) FROM (SELECT id || ':' || disabled || ':'
                                                     || coalesce(person_id, '') AS r
                                              FROM account ORDER BY id);
                 SELECT group_concat(r) FROM (SELECT account_id || ':' || role || ':'
                                                     || coalesce(company_id, '') AS r
                                              FROM account_role ORDER BY 1);"
}

status_of () {
  sqlite3 "$db" "SELECT status FROM merge_request WHERE id = $1"
}

checked () {
  if ! as op1 check >"$tmp/check" 2>&1; then
    fail "check after $1: $(cat "$tmp/check")"
  fi
}

# Runs certassur as USER and kills it after a random 0 to 1.5 s (a start
# takes some 0.5 s, the merge itself some 50 ms)
kill_at_random () {
  local user=$1
  shift
  (CERTASSUR_PASSWORD="$user-password" exec "$cli" --database "$db" --user "$user" "$@") \
    >/dev/null 2>&1 &
  local pid=$!
  local ms=$((RANDOM % 1500))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  if kill -KILL "$pid" 2>/dev/null; then
    killed=$((killed + 1))
  fi
  wait "$pid" 2>/dev/null
}

before=$(state)
after=""
request=$(as op1 merge request K-1 K-2 --reason "crash test" | grep -o '#[0-9]*' | tr -d '#')

for run in $(seq 1 "$runs"); do
  kill_at_random op2 merge approve "$request" --survivor K-1
  case "$(status_of "$request")" in
    pending)
      n_before=$((n_before + 1))
      [ "$(state)" = "$before" ] || fail "run $run: a killed approval left a partial merge"
      ;;
    applied)
      n_after=$((n_after + 1))
      if [ -z "$after" ]; then
        after=$(state)
      elif [ "$(state)" != "$after" ]; then
        fail "run $run: the merge differs from the first one"
      fi
      checked "approve of run $run"
      kill_at_random op1 merge undo "$request"
      case "$(status_of "$request")" in
        applied) [ "$(state)" = "$after" ] || fail "run $run: a killed undo left a partial undo" ;;
        undone) ;;
        *) fail "run $run: request is $(status_of "$request") after undo" ;;
      esac
      if [ "$(status_of "$request")" = applied ]; then
        as op1 merge undo "$request" >"$tmp/undo" 2>&1 ||
          fail "run $run: undo after a killed undo: $(cat "$tmp/undo")"
      fi
      [ "$(state)" = "$before" ] || fail "run $run: undo did not restore the rows"
      checked "undo of run $run"
      request=$(as op1 merge request K-1 K-2 --reason "crash test" | grep -o '#[0-9]*' | tr -d '#')
      ;;
    *)
      fail "run $run: request is $(status_of "$request")"
      ;;
  esac
done

echo "1..1"
if [ "$failures" -gt 0 ]; then
  echo "$failures failures in $runs runs ($killed processes killed)"
  exit 1
fi
echo "ok - $runs runs, $killed processes killed before they ended: $n_before approvals left" \
     "nothing, $n_after applied the whole merge"
