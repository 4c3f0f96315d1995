# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the Candidates view, its detail and the contact edit.

On a demo database, through the accessibility bus only (the database is
read with sqlite3 before the window opens, to know what to expect):

  1. admin/demo sees Candidates in the sidebar and the count of the
     persons of their centre;
  2. a search for the start of a last name typed without its accents
     ("lefev" for Lefèvre) lists the known person, with the NRN masked;
     the Possible Duplicates filter leaves nobody (the demo recorded no
     scan) and the view says so;
  3. activating the row shows the detail: name, masked NRN, and the exams
     of the person;
  4. Edit… opens the contact dialog: an e-mail that is no e-mail shows the
     core's message under the field; a good one is saved, and the detail
     shows it; a save over a record changed meanwhile (its revision bumped
     behind the window's back) is refused with "changed by someone else",
     and Reload shows the record as it is;
  5. controller does not see Candidates;
  6. operator/demo finds the same person by the NRN and sees it whole;
  7. Merge With… asks for the record to be merged with another one named
     by its reference: an unknown reference is refused, saying so, and a
     known one makes a pending request (checked with the command line).

Screenshots (candidates, candidates-search, candidates-no-results,
candidate-detail,
candidate-exams, contact-invalid, contact-conflict, operator-detail,
merge-with) go to
$CAS_GUI_SCREENSHOTS.
"""

import os
import re
import sqlite3
import sys
import time
import unicodedata

import casgui
import pyatspi
from dogtail import rawinput

PREFIX = 'lefev'
CENTRE = 'Assurcentre Bruxelles'
NEW_EMAIL = 'didier.l@example.be'
MERGE_REASON = 'Same person, married since'
# The button's name, then what its content says
EDIT = re.compile('^Edit Contact Details')

os.environ['CERTASSUR_PASSWORD'] = 'demo'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def fold(text):
    return ''.join(c for c in unicodedata.normalize('NFD', text)
                   if not unicodedata.combining(c)).lower()


def known_person(database):
    """The person of CENTRE whose last name starts with PREFIX (accents
    aside) with the most exams: a dict with id, first, last, nrn, exams;
    and how many such persons the centre has."""
    db = sqlite3.connect(database)
    try:
        rows = db.execute(
            "SELECT p.id, p.first_name, p.last_name, p.nrn, "
            "       (SELECT COUNT(*) FROM registration r "
            "        WHERE r.person_id = p.id AND r.status <> 'cancelled') "
            "FROM person p JOIN company c ON c.id = p.company_id "
            "WHERE c.name = ? AND p.merged_into IS NULL", (CENTRE,)).fetchall()
    finally:
        db.close()
    matching = [r for r in rows if fold(r[2]).startswith(PREFIX)]
    check(matching, 'the demo database has no %s* at %s' % (PREFIX, CENTRE))
    best = max(matching, key=lambda r: (r[4], -r[0]))
    check(best[4] > 0, 'no %s* at %s has an exam' % (PREFIX, CENTRE))
    check(best[2] != fold(best[2]), 'the last name %r has no accent' % best[2])
    return {'id': best[0], 'first': best[1], 'last': best[2], 'nrn': best[3],
            'exams': best[4]}, len(matching)


def another_person(database, person_id):
    """A living person of another centre than PERSON_ID's, with a
    reference: a dict with external_ref and last."""
    db = sqlite3.connect(database)
    try:
        row = db.execute(
            "SELECT p.external_ref, p.last_name FROM person p "
            "WHERE p.merged_into IS NULL AND p.external_ref IS NOT NULL "
            "AND p.company_id <> (SELECT company_id FROM person WHERE id = ?) "
            "ORDER BY p.id LIMIT 1", (person_id,)).fetchone()
    finally:
        db.close()
    check(row is not None, 'the demo database has nobody of another centre')
    return {'external_ref': row[0], 'last': row[1]}


def bump_revision(database, person_id):
    """Someone else saves the person: its revision goes up."""
    db = sqlite3.connect(database, timeout=10)
    try:
        db.execute('UPDATE person SET revision = revision + 1, phone = ? WHERE id = ?',
                   ('+32470999888', person_id))
        db.commit()
    finally:
        db.close()


def formatted_nrn(digits):
    return '%s.%s.%s-%s.%s' % (digits[0:2], digits[2:4], digits[4:6], digits[6:9], digits[9:11])


def masked_nrn(digits):
    return '%s.%s.%s-***.**' % (digits[0:2], digits[2:4], digits[4:6])


def log_in(app, login):
    app.type_text(app.find('text', 'Login'), login)
    app.type_text(app.find('password text', 'Password'), 'demo')
    app.click(app.find('push button', 'Log In'))


def log_out(app):
    # F10 opens the primary menu on Change Password…; Log Out is next
    app.key_combo('F10')
    time.sleep(0.5)
    app.press_key('Down')
    app.press_key('Return')
    app.find('text', 'Login')


def sidebar_views(app):
    views = app.find('list', 'Views')
    return [n.name for n in views.children if n.roleName == 'list item']


def count_of(app):
    label = app.find('label', re.compile(r'^[\d,]+ candidates?$'))
    return int(label.name.split()[0].replace(',', ''))


def search(app, text):
    entry = app.find('entry', 'Search candidates')
    app.type_text(entry, text)


def person_row(app, person):
    candidates = app.find('list', 'Candidates')
    return app.find('panel', re.compile('^%s, %s, ' % (re.escape(person['last']),
                                                       re.escape(person['first']))),
                    parent=candidates)


def detail_labels(app, detail):
    return [n.name for n in app.find_all('label', None, parent=detail) if n.name]


def row_value(app, detail, title):
    """The value of the property row TITLE of the detail (its subtitle)."""
    row = app.find('list item', title, parent=detail, showing=False)
    return row.description or ''


def scroll_down(node, clicks=10):
    """Turns the mouse wheel over NODE (X button 5: down)."""
    x, y, w, h = node.extents
    for _ in range(clicks):
        rawinput.click(x + w // 2, y + h // 2, 5)


def main():
    database = casgui.new_database(seed_demo=True)
    person, n_matching = known_person(database)
    other = another_person(database, person['id'])
    full_name = '%s %s' % (person['first'], person['last'])

    with casgui.App(database=database) as app:
        # 1. The administrator's register
        log_in(app, 'admin')
        check('Candidates' in sidebar_views(app),
              'no Candidates view for admin: %s' % sidebar_views(app))
        app.click(app.find('list item', 'Candidates'))
        app.find('entry', 'Search candidates')
        app.wait_until(lambda: count_of(app) > 0, 'the count of the candidates')
        total = count_of(app)
        app.find('combo box', 'Language')
        check(not app.find_all('combo box', 'Exam centre'),
              'an administrator has the centre filter')
        app.screenshot('candidates')

        # 2. Search without accents
        search(app, PREFIX)
        app.wait_until(lambda: n_matching <= count_of(app) < total,
                       'the count of the search (at least %d, fewer than %d)'
                       % (n_matching, total))
        row = person_row(app, person)
        check(masked_nrn(person['nrn']) in row.name,
              'the row does not show the masked NRN %s: %r'
              % (masked_nrn(person['nrn']), row.name))
        check(formatted_nrn(person['nrn']) not in row.name,
              'an administrator sees the whole NRN: %r' % row.name)
        check(re.search(r'\b%d exams?\b' % person['exams'], row.name),
              'the row does not say %d exams: %r' % (person['exams'], row.name))
        app.screenshot('candidates-search')

        # No scan recorded possible duplicates in the demo: the filter
        # leaves nobody, and says so
        # GTK 4.8 says a toggle button is a push button
        duplicates = app.find('push button', re.compile('^Possible Duplicates'))
        searched = count_of(app)
        app.click(duplicates)
        app.find('label', 'No Candidates Found')
        app.screenshot('candidates-no-results')
        app.click(duplicates)
        app.wait_until(lambda: count_of(app) == searched, 'the search count again')
        row = person_row(app, person)

        # 3. The detail
        app.click(row, 'row.activate')
        detail = app.find('panel', 'Candidate details', showing=False)
        app.find('label', full_name, parent=detail)
        exams = app.find('list', 'Exams', parent=detail, showing=False)
        items = app.wait_until(lambda: [n for n in exams.children
                                        if n.roleName == 'list item'],
                               'exams in the detail')
        check(len(items) >= person['exams'],
              'the detail lists %d exams, the database %d' % (len(items), person['exams']))
        check(row_value(app, detail, 'National Register Number') == masked_nrn(person['nrn']),
              'the detail shows the NRN as %r' % row_value(app, detail,
                                                          'National Register Number'))
        app.screenshot('candidate-detail')
        scroll_down(detail)
        time.sleep(0.5)
        app.screenshot('candidate-exams')

        # 4. Edit the contact details
        app.click(app.find('push button', EDIT, showing=False))
        dialog = app.find('frame', 'Edit Contact Details')
        email = app.find('text', 'E-mail', parent=dialog)
        app.type_text(email, 'not an e-mail')
        app.click(app.find('push button', 'Save', parent=dialog))
        app.find('label', re.compile('^E-mail'), parent=dialog)
        app.screenshot('contact-invalid')
        app.type_text(email, NEW_EMAIL)
        app.click(app.find('push button', 'Save', parent=dialog))
        app.wait_gone('frame', 'Edit Contact Details')
        app.wait_until(lambda: row_value(app, detail, 'E-mail') == NEW_EMAIL,
                       'the new e-mail in the detail')

        # Someone else saves the record while the dialog is open
        app.click(app.find('push button', EDIT, showing=False))
        dialog = app.find('frame', 'Edit Contact Details')
        bump_revision(database, person['id'])
        app.type_text(app.find('text', 'City', parent=dialog), 'Anderlecht')
        app.click(app.find('push button', 'Save', parent=dialog))
        app.find('label', re.compile('changed by someone else'), parent=dialog)
        app.screenshot('contact-conflict')
        app.click(app.find('push button', re.compile('Reload$'), parent=dialog))
        phone = app.find('text', 'Phone', parent=dialog)
        app.wait_until(lambda: app.text_of(phone) == '+32470999888', 'the reloaded phone')
        app.key_combo('Escape')
        app.wait_gone('frame', 'Edit Contact Details')

        # 5. The controller has no register
        log_out(app)
        log_in(app, 'controller')
        app.find('list', 'Views')
        app.wait_until(lambda: sidebar_views(app), 'the sidebar')
        check('Candidates' not in sidebar_views(app),
              'the controller sees the Candidates view: %s' % sidebar_views(app))

        # 6. The operator sees the whole NRN
        log_out(app)
        log_in(app, 'operator')
        app.click(app.find('list item', 'Candidates'))
        app.find('combo box', 'Exam centre')
        # Every centre's Lefèvres: find this one by the NRN, as typed
        search(app, formatted_nrn(person['nrn']))
        app.wait_until(lambda: count_of(app) == 1, 'one candidate for the NRN')
        row = person_row(app, person)
        check(formatted_nrn(person['nrn']) in row.name,
              'the operator does not see the NRN %s: %r' % (formatted_nrn(person['nrn']),
                                                            row.name))
        app.click(row, 'row.activate')
        detail = app.find('panel', 'Candidate details', showing=False)
        app.find('label', full_name, parent=detail)
        app.wait_until(lambda: row_value(app, detail, 'National Register Number')
                       == formatted_nrn(person['nrn']), 'the whole NRN in the detail')
        app.find('list', 'History', parent=detail, showing=False)
        app.screenshot('operator-detail')

        # 7. Merge with a record named by its reference
        def ask_merge_with(ref):
            app.click(app.find('push button', re.compile('^Merge With Another Record'),
                               showing=False))
            dialog = app.find(None, 'Merge With Another Record?', recursive=False)
            request = app.find('push button', re.compile('Request Merge$'), parent=dialog)
            app.type_text(app.find('text', 'Other Record', parent=dialog), ref)
            check(not request.getState().contains(pyatspi.STATE_SENSITIVE),
                  'a merge can be requested without a reason')
            app.type_text(app.find('text', 'Reason', parent=dialog), MERGE_REASON)
            app.wait_sensitive(request)
            return dialog, request

        dialog, request = ask_merge_with('NOPE-404')
        app.click(request)
        refused = app.find(None, 'Merge Not Requested', recursive=False)
        app.find('label', re.compile('NOPE-404'), parent=refused)
        app.click(app.find('push button', re.compile('^Close'), parent=refused))
        app.wait_gone(None, 'Merge Not Requested')

        dialog, request = ask_merge_with(other['external_ref'])
        app.screenshot('merge-with')
        app.click(request)
        app.wait_gone(None, 'Merge With Another Record?')

    requests = casgui.run_cli('--database', database, '--user', 'operator', 'merge', 'list',
                              '--status', 'pending').stdout
    line = next((l for l in requests.splitlines()
                 if person['last'] in l and other['last'] in l), None)
    check(line is not None and 'operator' in line,
          'no pending request of %s and %s by operator: %s'
          % (full_name, other['external_ref'], requests))


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-candidates')
