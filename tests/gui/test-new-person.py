# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: a candidate who exists already is not registered twice.

Certassur asks the desks, when the person exists under another e-mail
address, to update that address instead of creating a second record. On a
demo database, through the accessibility bus only:

  1. admin/demo logs in and opens New Candidate (Ctrl+N);
  2. a national register number with a wrong check digit gets its message
     under the field while it is typed;
  3. a person of the admin's centre typed again (name, birth date as
     DD/MM/YYYY, a new e-mail) brings the warning "Likely the same person",
     with the reasons;
  4. "Use This Record and Update Its E-mail" closes the dialog and shows
     the record, with the new address, in the Candidates view;
  5. typed once more, Create asks why a second record is made, and creates
     it only with a reason;
  6. a person another exam centre holds, typed with a new e-mail, shows
     that centre's record by its minimal identity, and "Register and Ask
     Certassur to Merge…" registers the candidate with the admin's centre
     and requests the merge of the two records, with a reason.

Afterwards the command line checks that step 4 made no new record and gave
the existing one the new address (the former one kept as secondary), and
that steps 5 and 6 made exactly one record each, and that an operator
finds step 6's merge request pending. Screenshots: the form with its
warning, the confirmation, the other centre's record.
"""

import os
import re
import sys
import tempfile

import pyatspi

import casgui

os.environ['CERTASSUR_PASSWORD'] = 'demo'
NEW_EMAIL = 'nouvelle.adresse@example.org'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def wrong_nrn(birth_date):
    """An NRN for BIRTH_DATE (YYYY-MM-DD) whose check digit is wrong."""
    year, month, day = birth_date.split('-')
    base = '%s%s%s%03d' % (year[2:], month, day, 33)
    number = int(('2' if int(year) >= 2000 else '') + base)
    good = 97 - number % 97
    return '%s%02d' % (base, (good % 97) + 1)


def wait_closed(app):
    """Waits for the New Candidate dialog (not the header button of the
    Candidates view, which has the same name) to close."""
    app.wait_until(lambda: not [n for n in app.node if n.name == 'New Candidate'],
                   'the New Candidate dialog closing')


def type_person(app, dialog, person, email):
    app.type_text(app.find('text', 'First Name', parent=dialog), person['first_name'])
    app.type_text(app.find('text', 'Last Name', parent=dialog), person['last_name'])
    year, month, day = person['birth_date'].split('-')
    app.type_text(app.find('text', 'Birth Date', parent=dialog), '%s/%s/%s' % (day, month, year))
    app.type_text(app.find('text', 'E-mail', parent=dialog), email)


def main():
    database = casgui.new_database(seed_demo=True)
    scratch = tempfile.mkdtemp(prefix='new-person-', dir=os.environ.get('CAS_GUI_TMPDIR'))

    before = casgui.export_persons(database, scratch, 'before.csv')
    known = next(p for p in before if p['email'] and p['birth_date'] and p['external_ref']
                 and p['email'] != NEW_EMAIL)
    # A person only another centre holds: the operator sees them, the admin does not
    refs = {p['external_ref'] for p in before}
    everyone = casgui.export_persons(database, scratch, 'everyone.csv', user='operator')
    elsewhere = next(p for p in everyone if p['birth_date'] and p['external_ref']
                     and p['external_ref'] not in refs)

    with casgui.App(database=database) as app:
        # 1. New Candidate
        app.type_text(app.find('text', 'Login'), 'admin')
        app.type_text(app.find('password text', 'Password'), 'demo')
        app.click(app.find('push button', 'Log In'))
        app.find('list item', 'Sessions')
        app.key_combo('<Control>n')
        dialog = app.find(None, 'New Candidate', recursive=False)

        # 2. A wrong check digit, said under the field
        nrn = app.find('text', 'National Register Number', parent=dialog)
        app.type_text(nrn, wrong_nrn(known['birth_date']))
        app.find('label', re.compile('check digit'), parent=dialog)
        app.type_text(nrn, '')

        # 3. The person again, with another e-mail
        type_person(app, dialog, known, NEW_EMAIL)
        panel = app.find('panel', 'Already Registered?', parent=dialog)
        app.find('label', 'Likely the same person', parent=panel)
        app.find('label', re.compile('same birth date'), parent=panel)
        app.find('label', re.compile(re.escape(known['external_ref'])), parent=panel)
        app.screenshot('duplicate-warning')

        # 4. Update the existing record's e-mail
        app.click(app.find('push button', 'Use This Record and Update Its E-mail', parent=panel))
        wait_closed(app)
        # The record is shown in Candidates, with the new address
        app.find('label', NEW_EMAIL)
        app.screenshot('email-updated')

        # 5. Creating a second record anyway needs a reason
        app.key_combo('<Control>n')
        dialog = app.find(None, 'New Candidate', recursive=False)
        type_person(app, dialog, known, 'another.person@example.org')
        panel = app.find('panel', 'Already Registered?', parent=dialog)
        app.find('label', 'Likely the same person', parent=panel)
        app.click(app.find('push button', re.compile('Create$'), parent=dialog))
        confirm = app.find(None, 'Create a Second Record?', recursive=False)
        create = app.find('push button', re.compile('Create Anyway$'), parent=confirm)
        check(not create.getState().contains(pyatspi.STATE_SENSITIVE),
              'a second record can be created without a reason')
        app.type_text(app.find('text', 'Reason', parent=confirm),
                      'Namesake: another NRN on the identity card')
        app.wait_sensitive(create)
        app.screenshot('confirm-second-record')
        app.click(create)
        wait_closed(app)

        # 6. A person another centre holds: register, and ask Certassur to merge
        app.key_combo('<Control>n')
        dialog = app.find(None, 'New Candidate', recursive=False)
        type_person(app, dialog, elsewhere, 'transfer.%s@example.org' % elsewhere['last_name']
                    .lower().replace(' ', ''))
        panel = app.find('panel', 'Already Registered?', parent=dialog)
        app.find('label', re.compile('^Another exam centre holds this record'), parent=panel)
        ask = app.find('push button', 'Register and Ask Certassur to Merge…', parent=panel)
        app.screenshot('other-centre')
        app.click(ask)
        confirm = app.find(None, 'Register and Ask Certassur to Merge?', recursive=False)
        register = app.find('push button', re.compile('Register and Ask$'), parent=confirm)
        check(not register.getState().contains(pyatspi.STATE_SENSITIVE),
              'a merge can be requested without a reason')
        app.type_text(app.find('text', 'Reason', parent=confirm), 'Moved to our centre in 2026')
        app.wait_sensitive(register)
        app.screenshot('confirm-merge-request')
        app.click(register)
        wait_closed(app)

    after = casgui.export_persons(database, scratch, 'after.csv')
    check(len(after) == len(before) + 2,
          '%d persons before, %d after: expected exactly two more' % (len(before), len(after)))
    updated = [p for p in after if p['external_ref'] == known['external_ref']]
    check(len(updated) == 1 and updated[0]['email'] == NEW_EMAIL,
          'the existing record did not get the new e-mail: %r' % updated)
    name = '%s %s' % (elsewhere['first_name'], elsewhere['last_name'])
    requests = casgui.run_cli('--database', database, '--user', 'operator', 'merge', 'list',
                              '--status', 'pending').stdout
    line = next((l for l in requests.splitlines() if name in l and 'admin' in l), None)
    check(line is not None, 'no pending merge request of %s by admin: %s' % (name, requests))
    shown = casgui.run_cli('--database', database, '--user', 'operator', 'merge', 'show',
                           line.split()[0]).stdout
    check('Moved to our centre in 2026' in shown and elsewhere['external_ref'] in shown,
          'the merge request lacks its reason or the record of %s: %s'
          % (elsewhere['external_ref'], shown))


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError, StopIteration) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-new-person')
