# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: a CSV file of candidates imported after a review.

On a demo database, through the accessibility bus only:

  1. admin/demo logs in and opens Import Candidates… from the main menu;
  2. a PDF chosen by mistake is refused on the first page, with the file's
     name and the reason, and nothing else happens;
  3. the CSV file (chosen through the real file chooser) has two new
     candidates, a row with an impossible date, a person of the admin's
     centre with a new e-mail, and the first new candidate again: the
     review lists the two flagged rows with their reasons, Import waits
     for their decisions, the Errors page names the line and column of
     the bad row, the File page shows the rows as read;
  4. the known person's row updates the existing record, the repeated row
     is skipped; Import writes it and says what it did;
  5. a file of 200,000 new candidates: Stop during the check goes back to
     the first page, saying nothing was imported. (Stop during the import
     is left to the core's tests: on a quiet machine the import of a file
     of that size is over before the test finds the button.)

Afterwards the command line checks that exactly the two new candidates were
added, that the known record got the new e-mail, that the bad row and the
repeated one were not written, and that nothing of the large file was.
Screenshots: the PDF refused, the review, the errors, the file, the
outcome, the import stopped.
"""

import csv
import os
import re
import sys
import tempfile
import time

import pyatspi

import casgui

os.environ['CERTASSUR_PASSWORD'] = 'demo'
NEW_EMAIL = 'adresse.importee@example.org'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def write_csv(path, known):
    fields = ['first_name', 'last_name', 'birth_date', 'email', 'phone', 'postcode', 'city']
    rows = [
        # line 2, 3: new
        ['Zoë', 'Vanderimport', '1991-04-12', 'zoe.vanderimport@example.be', '+32470123456',
         '2000', 'Antwerpen'],
        ['Lucas', 'Importmartin', '1988-09-30', 'lucas.importmartin@example.be', '', '4000',
         'Liège'],
        # line 4: 30 February
        ['Jan', 'Importjanssens', '1990-02-30', 'jan.importjanssens@example.be', '', '', ''],
        # line 5: registered already, with another e-mail
        [known['first_name'], known['last_name'], known['birth_date'], NEW_EMAIL,
         known['phone'], known['postcode'], known['city']],
        # line 6: line 2 again
        ['Zoë', 'Vanderimport', '1991-04-12', 'zoe.vanderimport@example.be', '+32470999999',
         '', ''],
    ]
    with open(path, 'w', newline='', encoding='utf-8') as f:
        writer = csv.writer(f)
        writer.writerow(fields)
        writer.writerows(rows)


def letters(n):
    """N written in letters (a name has no digits): 0 a, 1 b, 26 ba..."""
    word = ''
    while True:
        word = chr(ord('a') + n % 26) + word
        n //= 26
        if n == 0:
            return word


def write_large_csv(path, n):
    """N new candidates, every one of them different."""
    with open(path, 'w', newline='', encoding='utf-8') as f:
        writer = csv.writer(f)
        writer.writerow(['first_name', 'last_name', 'birth_date', 'email'])
        for i in range(n):
            writer.writerow(['Prénom' + letters(i), 'Grandfichier' + letters(i * 7919 % n),
                             '%04d-%02d-%02d' % (1950 + i % 50, 1 + i % 12, 1 + i % 28),
                             'candidat%d@grandfichier.example' % i])


def type_in_chooser(app, chooser, path):
    """Types PATH into the location field Ctrl+L opens in the file chooser."""
    app.key_combo('<Control>l')
    location = app.wait_until(lambda: app.find_all('text', None, parent=chooser),
                              'the location field of the file chooser')[0]
    app.type_text(location, path, keyboard=True)
    time.sleep(0.5)
    app.press_key('Return')


def choose_file(app, dialog, path):
    app.click(app.find('push button', re.compile('Choose File…$'), parent=dialog))
    chooser = app.find(None, 'Choose a CSV File', recursive=False)
    type_in_chooser(app, chooser, path)
    app.wait_until(lambda: not [n for n in app.node if n.name == 'Choose a CSV File'],
                   'the file chooser closing')


def flagged_row(app, dialog, line, name):
    return app.find('panel', re.compile(r'^Line %d · %s' % (line, re.escape(name))),
                    parent=dialog)


def is_pressed(node):
    states = node.getState()
    return states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_CHECKED)


def main():
    database = casgui.new_database(seed_demo=True)
    # Not beside the database, to keep the file chooser simple
    scratch = tempfile.mkdtemp(prefix='import-', dir=os.environ.get('CAS_GUI_TMPDIR'))

    before = casgui.export_persons(database, scratch, 'before.csv')
    known = next(p for p in before if p['email'] and p['birth_date'] and p['external_ref']
                 and p['phone'] and p['city'])
    path = os.path.join(scratch, 'candidates.csv')
    write_csv(path, known)
    large = os.path.join(scratch, 'large.csv')
    write_large_csv(large, 200000)
    not_csv = os.path.join(scratch, 'list.pdf')
    with open(not_csv, 'wb') as f:
        f.write(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n')

    with casgui.App(database=database) as app:
        # 1. Import Candidates…, from the main menu
        app.type_text(app.find('text', 'Login'), 'admin')
        app.type_text(app.find('password text', 'Password'), 'demo')
        app.click(app.find('push button', 'Log In'))
        app.find('list item', 'Sessions')
        app.key_combo('F10')
        app.click(app.find('menu item', re.compile('Import Candidates…$'), showing=False))
        dialog = app.find(None, 'Import Candidates', recursive=False)

        # 2. Not a CSV file: said on the first page
        choose_file(app, dialog, not_csv)
        app.find('label', re.compile(r'^list\.pdf: .*PDF.*not a CSV'), parent=dialog)
        app.screenshot('import-not-csv')

        # 3. The review
        choose_file(app, dialog, path)
        app.find('label', re.compile(r'^5 rows in the file: 2 to create, 0 to update, 1 to skip'),
                 parent=dialog)
        import_button = app.find('push button', 'Import', parent=dialog)
        check(not import_button.getState().contains(pyatspi.STATE_SENSITIVE),
              'Import is offered before the flagged rows have a decision')
        known_name = '%s %s' % (known['first_name'], known['last_name'])
        row = flagged_row(app, dialog, 5, known_name)
        check('Likely the same person' in row.name and 'same birth date' in row.name
              and known['external_ref'] in row.name,
              'the known person\'s row does not say why: %r' % row.name)
        again = flagged_row(app, dialog, 6, 'Zoë Vanderimport')
        check('as line 2' in again.name, 'the repeated row does not name line 2: %r' % again.name)
        app.screenshot('import-review')

        # 4. Decisions: update the known record, skip the repeated row
        app.click(app.find('push button', 'Update', parent=row))
        app.click(app.find('push button', 'Skip', parent=again))
        app.wait_sensitive(import_button)
        app.find('label', re.compile(r'^5 rows in the file: 2 to create, 1 to update, 2 to skip'),
                 parent=dialog)
        check(is_pressed(app.find('push button', 'Update', parent=row)),
              'the decision is not shown on its row')

        # The errors, by line and column; the file as read
        app.click(app.find(None, re.compile('^Errors'), parent=dialog))
        app.find('panel', re.compile(r'^Line 4, column birth_date: '), parent=dialog)
        app.screenshot('import-errors')
        app.click(app.find(None, re.compile('^File'), parent=dialog))
        app.find('label', 'Vanderimport', parent=dialog)
        app.screenshot('import-file')

        app.click(import_button)
        app.find('label', 'Candidates Imported', parent=dialog)
        app.find('label', '2 created, 1 updated, 2 skipped.', parent=dialog)
        app.screenshot('import-done')
        app.click(app.find('push button', re.compile('Close$'), parent=dialog))
        app.wait_until(lambda: not [n for n in app.node if n.name == 'Import Candidates'],
                       'the Import dialog closing')

        # 5. Stopped while checking, then while importing: nothing written
        app.key_combo('F10')
        app.click(app.find('menu item', re.compile('Import Candidates…$'), showing=False))
        dialog = app.find(None, 'Import Candidates', recursive=False)
        choose_file(app, dialog, large)
        app.click(app.find('push button', re.compile('Stop$'), parent=dialog))
        app.find('label', 'The check was stopped: nothing was imported.', parent=dialog)
        app.screenshot('import-stopped')
        app.click(app.find('push button', 'Cancel', parent=dialog))

    after = casgui.export_persons(database, scratch, 'after.csv')
    check(len(after) == len(before) + 2,
          '%d persons before, %d after: expected exactly two more' % (len(before), len(after)))
    names = [(p['first_name'], p['last_name']) for p in after]
    check(names.count(('Zoë', 'Vanderimport')) == 1 and ('Lucas', 'Importmartin') in names,
          'the new candidates are not there exactly once')
    check(('Jan', 'Importjanssens') not in names, 'the row with an impossible date was written')
    check(not [p for p in after if p['last_name'].startswith('Grandfichier')],
          'a row of the check stopped was written')
    updated = [p for p in after if p['external_ref'] == known['external_ref']]
    check(len(updated) == 1 and updated[0]['email'] == NEW_EMAIL,
          'the existing record did not get the new e-mail: %r' % updated)


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError, StopIteration) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-import')
