# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: two records of one person merged, four eyes, and undone.

On a demo database, through the accessibility bus only (the command line
and sqlite3 read and prepare the database while no window is open: the
desk locks a SQLite database):

  0. the administrator's duplicate pair comes from `certassur duplicates`;
     the second record is registered in a session of the first too, so the
     merge has a conflict to confirm;
  1. admin/demo opens the first record in Candidates and, in its possible
     duplicates, asks for a merge with the second (a reason is required);
     Merge Requests shows the request, pending, without Review and Merge;
  2. operator2/demo opens Merge Requests, the request, and the wizard:
     the records side by side; a value is chosen from each record; the
     preview lists what moves and the conflict, and Apply waits until it is
     confirmed; the second record changed meanwhile (behind the window's
     back) makes Apply refused, and the wizard shows the new value with the
     choices kept; Apply again merges;
  3. Show Merged Person opens the survivor in Candidates with the exams of
     both records (every session either was registered in);
  4. the command line sees the request applied and the second record gone
     from the register, the survivor with the values chosen;
  5. operator2 undoes the merge (after a confirmation); asks for the merge
     again and may not approve their own request (Review and Merge
     disabled); the command line sees the first request undone, the second
     pending, and both records back as they were;
  6. another operator answers the second request "Not the Same Person"
     with a reason: it is rejected, and the command line no longer proposes
     the pair as duplicates.

Screenshots: merge-requested, merge-wizard, merge-changed, merge-preview,
merge-applied, merged-person, merge-undone, merge-not-same.
"""

import csv
import os
import re
import sqlite3
import sys
import tempfile
import time

import pyatspi

import casgui

os.environ['CERTASSUR_PASSWORD'] = 'demo'
REASON = 'Same NRN, first and last name swapped by the old system'
NEW_PHONE = '+32470999888'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def cli(database, user, *args):
    return casgui.run_cli('--database', database, '--user', user, *args).stdout


def persons(database, folder, name):
    """The persons the command line, as operator, exports, by reference."""
    return {p['external_ref']: p
            for p in casgui.export_persons(database, folder, name, user='operator')}


def merge_list(database):
    """The requests as `certassur merge list` prints them: {id: status}."""
    out = cli(database, 'operator', 'merge', 'list')
    statuses = {}
    for line in out.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2 and fields[0].isdigit():
            statuses[int(fields[0])] = fields[1]
    return statuses


def admin_pair(database):
    """The first duplicate pair the administrator sees: two references."""
    out = cli(database, 'admin', 'duplicates')
    rows = list(csv.DictReader(out.splitlines()))
    check(rows and rows[0].get('ref_a'), 'admin sees no duplicate pair:\n%s' % out)
    return rows[0]['ref_a'], rows[0]['ref_b']


def read_person(db, ref):
    row = db.execute('SELECT id, first_name, last_name, email FROM person '
                     'WHERE external_ref = ?', (ref,)).fetchone()
    check(row is not None, 'no person %s' % ref)
    return {'id': row[0], 'first': row[1], 'last': row[2], 'email': row[3], 'ref': ref}


def sessions_of(db, person_id):
    return {r[0] for r in db.execute("SELECT session_id FROM registration WHERE person_id = ? "
                                     "AND status <> 'cancelled'", (person_id,))}


def prepare(database):
    """The pair, and a registration of the second record in a session of the
    first (a conflict for the merge)."""
    ref_a, ref_b = admin_pair(database)
    db = sqlite3.connect(database, timeout=10)
    try:
        a, b = read_person(db, ref_a), read_person(db, ref_b)
        shared = sorted(sessions_of(db, a['id']) - sessions_of(db, b['id']))
        check(shared, '%s has no session of its own' % ref_a)
        db.execute("INSERT INTO registration (person_id, session_id, status, registered_at) "
                   "VALUES (?, ?, 'registered', '2026-01-05T10:00:00Z')", (b['id'], shared[0]))
        db.commit()
        sessions = sessions_of(db, a['id']) | sessions_of(db, b['id'])
    finally:
        db.close()
    return a, b, len(sessions)


def change_phone(database, person_id):
    """Someone else saves the person: a new phone, the revision goes up."""
    db = sqlite3.connect(database, timeout=10)
    try:
        db.execute('UPDATE person SET revision = revision + 1, phone = ? WHERE id = ?',
                   (NEW_PHONE, person_id))
        db.commit()
    finally:
        db.close()


def log_in(app, login):
    app.type_text(app.find('text', 'Login'), login)
    app.type_text(app.find('password text', 'Password'), 'demo')
    app.click(app.find('push button', 'Log In'))
    app.find('list', 'Views')


def open_view(app, title):
    views = app.find('list', 'Views')
    app.click(app.find('list item', title, parent=views))


def show_candidate(app, person):
    open_view(app, 'Candidates')
    app.type_text(app.find('entry', 'Search candidates'), person['email'])
    candidates = app.find('list', 'Candidates')
    row = app.find(None, re.compile('^%s, %s, .*%s' % (re.escape(person['last']),
                                                       re.escape(person['first']),
                                                       re.escape(person['email']))),
                   parent=candidates)
    app.click(row)


def exams_shown(app):
    label = app.wait_until(lambda: app.find_all('label', re.compile(r'^\d+ exams? · '),
                                                showing=False),
                           'the count of exams')[0]
    return int(label.name.split()[0])


def request_merge(database, a, b):
    with casgui.App(database=database) as app:
        log_in(app, 'admin')
        show_candidate(app, a)
        # Below the exams: found whether scrolled to or not
        duplicates = app.find('list', 'Possible Duplicates', showing=False)
        app.find('list item', re.compile(re.escape(b['ref'])), parent=duplicates, showing=False)
        app.click(app.find('push button', re.compile('Request Merge…$'), parent=duplicates,
                           showing=False))
        dialog = app.find(None, 'Request a Merge?', recursive=False)
        send = app.find('push button', re.compile('Request Merge$'), parent=dialog)
        check(not send.getState().contains(pyatspi.STATE_SENSITIVE),
              'a merge can be requested without a reason')
        app.type_text(app.find('text', 'Reason', parent=dialog), REASON)
        app.wait_sensitive(send)
        app.click(send)
        app.find('label', re.compile(r'^Merge request #\d+ sent'))
        app.screenshot('merge-requested')

        # The administrator follows the request, and cannot approve it
        open_view(app, 'Merge Requests')
        requests = app.find('list', 'Merge requests')
        app.click(app.find('list item', None, parent=requests))
        app.find('label', REASON)
        check(not app.find_all('push button', re.compile('Review and Merge')),
              'an administrator is offered to approve a merge')


def apply_merge(database, a, b, n_sessions):
    with casgui.App(database=database) as app:
        log_in(app, 'operator2')
        open_view(app, 'Merge Requests')
        requests = app.find('list', 'Merge requests')
        app.click(app.find('list item', None, parent=requests))
        app.find('label', REASON)
        app.click(app.find('push button', re.compile('Review and Merge…$')))
        wizard = app.find(None, 'Merge Records', recursive=False)

        # A value from each record: the first name of the first, the e-mail
        # of the second
        # GTK 4.8 shows toggle buttons as push buttons
        first = app.find('push button', 'First name of #%d: %s' % (a['id'], a['first']),
                         parent=wizard)
        email = app.find('push button', 'E-mail of #%d: %s' % (b['id'], b['email']),
                         parent=wizard)
        app.click(app.find('push button', 'First name of #%d: %s' % (b['id'], b['first']),
                           parent=wizard))
        app.click(first)
        app.click(email)
        # What was chosen is checked on the preview
        app.screenshot('merge-wizard')

        def preview_and_confirm():
            app.click(app.find('push button', 'Preview', parent=wizard))
            app.find('label', re.compile(r'^What Moves \(\d+\)$'), parent=wizard)
            app.find(None, re.compile('%s \\(from #%d\\)' % (re.escape(b['email']), b['id'])),
                     parent=wizard)
            apply = app.find('push button', 'Apply', parent=wizard)
            confirms = app.find_all('check box', re.compile('^Confirm: '), parent=wizard)
            check(confirms, 'the preview shows no conflict to confirm')
            # Attestations that carry another name are re-issued only if asked
            for box in app.find_all('check box', re.compile('^Re-issue the '), parent=wizard):
                check(not box.getState().contains(pyatspi.STATE_CHECKED),
                      'attestations are re-issued by default')
            check(not apply.getState().contains(pyatspi.STATE_SENSITIVE),
                  'Apply is possible before the conflicts are confirmed')
            for box in confirms:
                app.click(box)
            app.wait_sensitive(apply)
            return apply

        # Someone changes the second record meanwhile: Apply is refused, and
        # the wizard shows the new value, the choices kept
        apply = preview_and_confirm()
        change_phone(database, b['id'])
        app.click(apply)
        app.find('label', re.compile('changed'), parent=wizard)
        app.find('push button', 'Phone of #%d: %s' % (b['id'], NEW_PHONE), parent=wizard)
        app.screenshot('merge-changed')

        apply = preview_and_confirm()
        app.screenshot('merge-preview')
        app.click(apply)
        app.wait_until(lambda: not [n for n in app.node if n.name == 'Merge Records'],
                       'the wizard closing')
        app.find('label', re.compile('^applied$', re.I))
        app.screenshot('merge-applied')

        # The survivor in Candidates, with the exams of both (the button is
        # below the decision: found whether scrolled to or not)
        app.click(app.find('push button', 'Show Merged Person', showing=False))
        app.find('label', b['email'])
        shown = exams_shown(app)
        check(shown == n_sessions, 'the survivor shows %d exams, expected %d (both records)'
              % (shown, n_sessions))
        app.screenshot('merged-person')


def undo_merge(database, a):
    with casgui.App(database=database) as app:
        log_in(app, 'operator2')
        open_view(app, 'Merge Requests')
        requests = app.find('list', 'Merge requests')
        app.click(app.find('list item', None, parent=requests))
        app.click(app.find('push button', re.compile('Undo Merge…$'), showing=False))
        dialog = app.find(None, 'Undo the Merge?', recursive=False)
        app.click(app.find('push button', re.compile('Undo Merge$'), parent=dialog))
        # The status, not the toast: a toast may be gone on a busy machine
        app.find('label', re.compile('^undone$', re.I))
        app.screenshot('merge-undone')

        # operator2 asks again, and may not approve their own request
        show_candidate(app, a)
        duplicates = app.find('list', 'Possible Duplicates', showing=False)
        app.click(app.find('push button', re.compile('Request Merge…$'), parent=duplicates,
                           showing=False))
        dialog = app.find(None, 'Request a Merge?', recursive=False)
        app.type_text(app.find('text', 'Reason', parent=dialog), 'Asked again')
        app.click(app.find('push button', re.compile('Request Merge$'), parent=dialog))
        open_view(app, 'Merge Requests')
        requests = app.find('list', 'Merge requests')
        app.click(app.find('list item', re.compile('^#2 '), parent=requests))
        review = app.find('push button', re.compile('Review and Merge…$'), showing=False)
        check(not review.getState().contains(pyatspi.STATE_SENSITIVE),
              'an operator may approve their own request')


def not_same(database):
    with casgui.App(database=database) as app:
        log_in(app, 'operator')
        open_view(app, 'Merge Requests')
        requests = app.find('list', 'Merge requests')
        app.click(app.find('list item', re.compile('^#2 '), parent=requests))
        app.click(app.find('push button', re.compile('Not the Same Person…$'), showing=False))
        dialog = app.find(None, 'Not the Same Person?', recursive=False)
        app.type_text(app.find('text', 'Reason', parent=dialog),
                      'Two cousins: different NRNs on their identity cards')
        app.click(app.find('push button', re.compile('Not the Same Person$'), parent=dialog))
        app.find('label', re.compile('^rejected$', re.I))
        app.screenshot('merge-not-same')


def main():
    database = casgui.new_database(seed_demo=True)
    scratch = tempfile.mkdtemp(prefix='merge-', dir=os.environ.get('CAS_GUI_TMPDIR'))

    a, b, n_sessions = prepare(database)
    before = persons(database, scratch, 'before.csv')

    request_merge(database, a, b)
    check(list(merge_list(database).values()) == ['pending'],
          'expected one pending request: %r' % merge_list(database))

    apply_merge(database, a, b, n_sessions)
    statuses = merge_list(database)
    check(list(statuses.values()) == ['applied'], 'expected the request applied: %r' % statuses)
    merged = persons(database, scratch, 'merged.csv')
    check(b['ref'] not in merged, '%s is still in the register after the merge' % b['ref'])
    survivor = merged.get(a['ref'])
    check(survivor is not None and survivor['first_name'] == a['first']
          and survivor['email'] == b['email'],
          'the survivor does not hold the values chosen: %r' % survivor)
    check(len(merged) == len(before) - 1, '%d persons before, %d after the merge'
          % (len(before), len(merged)))

    undo_merge(database, a)
    statuses = merge_list(database)
    check(sorted(statuses.values()) == ['pending', 'undone'],
          'expected the request undone and the second pending: %r' % statuses)
    after = persons(database, scratch, 'after.csv')
    # As before the merge, with the phone changed in step 2
    before[b['ref']]['phone'] = NEW_PHONE
    check(after == before, 'the register differs after the undo: %r / %r'
          % (after.get(a['ref']), after.get(b['ref'])))

    # Another operator: not the same person, for good
    not_same(database)
    statuses = merge_list(database)
    check(sorted(statuses.values()) == ['rejected', 'undone'],
          'expected the second request rejected: %r' % statuses)
    pairs = [line for line in cli(database, 'operator', 'duplicates', '--min-score',
                                  'possible').splitlines()
             if a['ref'] in line and b['ref'] in line]
    check(not pairs, 'the pair is still proposed as duplicates: %r' % pairs)


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError, StopIteration) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-merge')
