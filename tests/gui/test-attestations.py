# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the Attestations view, its preview, saving, revoking, and a
whole session exported at once.

On a demo database (`certassur seed-demo`, which issues the attestations of
every passed exam), the test picks, with the database itself, a session of
a few valid attestations and one of them, then, through the accessibility
bus only:

  1. operator/demo opens the Attestations view: the list counts as many
     attestations as the command line lists; a search for nobody shows "No
     Attestations Found", and a date that does not exist in Issued From
     gets the core's message;
  2. a search for the number lists that attestation alone; selecting it
     shows its detail: the preview draws its page, under the Valid badge;
     "Open in a Window" shows it in a window of its own, which zooms too;
  3. Zoom In zooms past the width of the pane; Fit Page makes the page
     smaller than at the pane's width; Ctrl+0 fits the width again;
  4. Save as PDF… goes through the real file chooser into a scratch
     folder: the file holds the very bytes `certassur attestation export`
     writes;
  5. Revoke… asks for a reason (Revoke stays off without one); with one,
     the badge says Revoked with the reason, and the command line agrees;
  6. "All Attestations of This Session" filters the list on the session;
     Export All… → One File Each… → a folder chosen in the file chooser:
     the folder gets one PDF per valid attestation of the session, named
     by number, each as the command line exports it;
  7. an attestation whose stored PDF no longer matches its fingerprint,
     and one whose PDF cannot be read, show a message in the preview;
  8. a past session's detail in the Sessions view has an "Attestations…"
     button that opens the Attestations view on it;
  9. admin/demo sees as many attestations as the command line acting as
     admin, fewer than the operator.

Screenshots (list, no-result, search, preview, window, zoom-in, fit-page, save-chooser,
revoke-dialog, revoked, session, export-chooser, export-done, damaged,
session-detail, admin) go to $CAS_GUI_SCREENSHOTS. Run it through run-gui-test.sh
(meson test --suite gui).
"""

import hashlib
import os
import re
import sqlite3
import sys
import tempfile
import time

import pyatspi

import casgui

REASON = 'Exam annulled after a review of the session'

# Every demo account's password, for the command line as for the window
os.environ['CERTASSUR_PASSWORD'] = 'demo'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def cli(database, *args, user='operator'):
    return casgui.run_cli('--database', database, '--user', user, *args)


def cli_numbers(database, *args, user='operator'):
    """The numbers `certassur attestation list ARGS` prints, in order."""
    out = cli(database, 'attestation', 'list', '--limit', '100000', *args, user=user).stdout
    return [line.split()[0] for line in out.splitlines() if re.match(r'^CA-\d{4}-\d+', line)]


def cli_export(database, number, path):
    cli(database, 'attestation', 'export', number, '-o', path)
    with open(path, 'rb') as f:
        return f.read()


def pick_session(database):
    """A session with a few valid attestations, and the number of one."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT r.session_id, COUNT(*) FROM attestation a "
            "JOIN registration r ON r.id = a.registration_id "
            "WHERE a.status = 'valid' GROUP BY r.session_id "
            "HAVING COUNT(*) BETWEEN 4 AND 8 ORDER BY r.session_id LIMIT 1").fetchall()
        check(rows, 'the demo database has no session of 4 to 8 valid attestations')
        session_id = rows[0][0]
        (number,) = db.execute(
            "SELECT a.number FROM attestation a "
            "JOIN registration r ON r.id = a.registration_id "
            "WHERE r.session_id = ? AND a.status = 'valid' ORDER BY a.number LIMIT 1",
            (session_id,)).fetchone()
    return session_id, number


def damage(database, session_id):
    """Two attestations of another session whose stored PDF is damaged: one
    no longer matches its recorded SHA-256, the other matches it but is no
    PDF. Returns their numbers."""
    junk = b'%PDF-1.5\nnot a PDF any more\n'
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT a.id, a.number FROM attestation a "
            "JOIN registration r ON r.id = a.registration_id "
            "WHERE r.session_id <> ? AND a.status = 'valid' ORDER BY a.id DESC LIMIT 2",
            (session_id,)).fetchall()
        check(len(rows) == 2, 'the demo database has too few attestations')
        db.execute("UPDATE attestation SET pdf = ? WHERE id = ?", (junk, rows[0][0]))
        db.execute("UPDATE attestation SET pdf = ?, sha256 = ? WHERE id = ?",
                   (junk, hashlib.sha256(junk).hexdigest(), rows[1][0]))
    return rows[0][1], rows[1][1]


def zoom_percent(app, preview):
    label = app.find('status bar', re.compile(r'^\d+\s?%$'), parent=preview, showing=False)
    text = label.name
    m = re.search(r'(\d+)', text)
    check(m, 'no zoom level shown: %r' % text)
    return int(m.group(1))


def page_width(app, preview, number):
    page = app.find('image', 'Attestation %s, page 1' % number, parent=preview, showing=False)
    return page.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width


def is_on(button):
    states = button.getState()
    return states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_CHECKED)


def wait_drawn(app, preview):
    """Waits for the page of the preview: the spinner gone."""
    app.wait_until(lambda: not [n for n in app.find_all(None, 'Loading the attestation',
                                                        parent=preview, showing=False)
                                if n.getState().contains(pyatspi.STATE_VISIBLE)],
                   'the page drawn')


def type_in_chooser(app, chooser, path):
    """Types PATH into the file chooser: its Name field when saving, else
    the location field Ctrl+L opens."""
    names = app.find_all('text', 'Name:', parent=chooser)
    if names:
        app.type_text(names[0], path, keyboard=True)
        return
    app.key_combo('<Control>l')
    location = app.wait_until(lambda: app.find_all('text', None, parent=chooser),
                              'the location field of the file chooser')[0]
    app.type_text(location, path, keyboard=True)
    time.sleep(0.5)


def main():
    database = casgui.new_database(seed_demo=True)
    # Not beside the database, to keep the file choosers of the test simple
    scratch = tempfile.mkdtemp(prefix='out-', dir=os.environ.get('CAS_GUI_TMPDIR'))
    session_id, number = pick_session(database)
    all_numbers = cli_numbers(database)
    session_numbers = cli_numbers(database, '--session', str(session_id), '--status', 'valid')
    check(number in session_numbers, '%s is not among the valid attestations of session %d'
          % (number, session_id))
    changed, unreadable = damage(database, session_id)
    admin_numbers = cli_numbers(database, user='admin')
    exported = cli_export(database, number, os.path.join(scratch, 'cli-%s.pdf' % number))

    with casgui.App(database=database) as app:
        # 1. The view and its count
        app.type_text(app.find('text', 'Login'), 'operator')
        app.type_text(app.find('password text', 'Password'), 'demo')
        app.click(app.find('push button', 'Log In'))
        app.click(app.find('list item', 'Attestations'))
        search = app.find('entry', 'Search attestations')
        app.find('label', '%d attestations' % len(all_numbers))
        app.screenshot('list')

        # An empty search result, a date that does not exist
        app.type_text(search, 'Nobody Has This Name')
        app.find('label', 'No Attestations Found')
        app.type_text(app.find('text', 'Issued From'), '31/02/2026')
        app.find('label', re.compile('31/02/2026 does not exist'))
        app.screenshot('no-result')
        app.type_text(app.find('text', 'Issued From'), '')
        app.wait_gone('label', re.compile('does not exist'))

        # 2. Search the number; select it
        app.type_text(search, number)
        app.find('label', '1 attestation')
        attestations = app.find('list', 'Attestations')
        row = app.find('panel', re.compile('^%s, ' % re.escape(number)), parent=attestations)
        app.screenshot('search')
        app.click(row, 'row.activate')
        detail = app.find('panel', 'Attestation details')
        preview = app.find('panel', 'Attestation preview', parent=detail)
        app.find('label', number, parent=detail)
        app.find('label', 'Valid', parent=preview)
        app.find('image', 'Attestation %s, page 1' % number, parent=preview)
        wait_drawn(app, preview)
        fit_width = zoom_percent(app, preview)
        width_at_fit = page_width(app, preview, number)
        app.screenshot('preview')

        # The same in a window of its own, its zoom in the header bar
        app.click(app.find('push button', 'Open in a Window', parent=detail))
        window = app.find(None, 'Attestation %s' % number, recursive=False)
        app.find('label', 'Valid', parent=window)
        wait_drawn(app, window)
        app.click(app.find('push button', 'Zoom In', parent=window))
        wait_drawn(app, window)
        app.screenshot('window')
        app.click(window, 'window.close')
        app.wait_gone(None, 'Attestation %s' % number, parent=app.node)

        # 3. Zoom
        app.click(app.find('push button', 'Zoom In', parent=preview))
        app.wait_until(lambda: zoom_percent(app, preview) > fit_width, 'a zoom above the width')
        app.wait_until(lambda: page_width(app, preview, number) > width_at_fit,
                       'a page wider than the pane')
        wait_drawn(app, preview)
        app.screenshot('zoom-in')
        # GTK 4.8 calls a toggle button a push button, pressed when on
        fit_page = app.find('push button', 'Fit Page', parent=preview)
        app.click(fit_page)
        app.wait_until(lambda: page_width(app, preview, number) < width_at_fit,
                       'the whole page in the pane')
        check(is_on(fit_page), 'Fit Page is not on')
        wait_drawn(app, preview)
        app.screenshot('fit-page')
        app.focus(app.find('push button', 'Zoom In', parent=preview))
        app.key_combo('<Control>0')
        app.wait_until(lambda: page_width(app, preview, number) == width_at_fit,
                       'the page at the pane\'s width again (Ctrl+0)')

        # 4. Save as PDF: the stored bytes, unchanged
        saved = os.path.join(scratch, 'saved-%s.pdf' % number)
        app.click(app.find('push button', 'Save as PDF…', parent=detail))
        chooser = app.find(None, 'Save Attestation %s' % number, recursive=False)
        name = app.find('text', 'Name:', parent=chooser)
        check(app.text_of(name) == '%s.pdf' % number,
              'the file name offered is %r, not %s.pdf' % (app.text_of(name), number))
        app.type_text(name, saved, keyboard=True)
        app.screenshot('save-chooser')
        app.press_key('Return')
        app.wait_gone(None, 'Save Attestation %s' % number, parent=app.node)
        app.wait_until(lambda: os.path.exists(saved) and os.path.getsize(saved) > 0,
                       'the saved PDF')
        time.sleep(0.5)
        with open(saved, 'rb') as f:
            saved_bytes = f.read()
        check(saved_bytes == exported,
              'the saved PDF (%d bytes) differs from the exported one (%d bytes)'
              % (len(saved_bytes), len(exported)))

        # 5. Revoke, with a reason
        app.click(app.find('push button', 'Revoke…', parent=detail, showing=False))
        dialog = app.find(None, 'Revoke Attestation %s?' % number, recursive=False)
        # GTK 4.8 names the buttons of a message dialog "_Revoke Revoke"
        revoke = app.find('push button', re.compile('Revoke$'), parent=dialog)
        check(not revoke.getState().contains(pyatspi.STATE_SENSITIVE),
              'Revoke can be pressed without a reason')
        app.type_text(app.find('text', 'Reason', parent=dialog), REASON)
        app.wait_sensitive(revoke)
        app.screenshot('revoke-dialog')
        app.click(revoke)
        app.find('label', 'Revoked', parent=preview)
        app.find('label', 'Reason: %s' % REASON, parent=preview)
        wait_drawn(app, preview)
        app.screenshot('revoked')
        # While the desk has the database open, the command line is kept
        # out (the file choosers of the desk cancel SQLite's own locks)
        busy = casgui.run_cli('--database', database, '--user', 'operator',
                              'attestation', 'show', number, check=False)
        check(busy.returncode == 1 and 'is open in Certassur Desk' in busy.stderr,
              'the command line was not kept out while the desk is open: %d\n%s'
              % (busy.returncode, busy.stderr))

        # 6. The whole session, exported into a folder
        expected = [n for n in session_numbers if n != number]
        app.click(app.find('push button', 'All Attestations of This Session', parent=detail,
                           showing=False))
        app.find('label', '%d attestations' % len(session_numbers))
        check(app.text_of(search) == '', 'the search is still there, on one session')
        app.screenshot('session')
        folder = os.path.join(scratch, 'session-%d' % session_id)
        os.makedirs(folder)
        app.click(app.find('push button', 'Export All…'))
        choice = app.find(None, 'Export the Session’s Attestations', recursive=False)
        app.click(app.find('push button', re.compile('One File Each…$'), parent=choice))
        chooser = app.find(None, 'Export the Attestations into a Folder', recursive=False)
        type_in_chooser(app, chooser, folder + '/')
        app.screenshot('export-chooser')
        app.click(app.find('push button', re.compile('Export$'), parent=chooser))
        app.wait_gone(None, 'Export the Attestations into a Folder', parent=app.node)
        app.wait_until(lambda: len(os.listdir(folder)) == len(expected)
                       and app.find_all('push button', 'Export All…'),
                       '%d PDF files in %s' % (len(expected), folder), timeout=60)
        time.sleep(0.5)
        app.screenshot('export-done')
        files = sorted(os.listdir(folder))
        check(files == sorted('%s.pdf' % n for n in expected),
              'the folder holds %s, not the valid attestations %s' % (files, sorted(expected)))

        # 7. Damaged PDFs: a message, not a crash
        app.click(app.find('push button', 'Show Every Session'))
        for damaged, message in ((changed, 'no longer matches the fingerprint'),
                                 (unreadable, 'cannot be read')):
            app.type_text(search, damaged)
            app.find('label', '1 attestation')
            app.click(app.find('panel', re.compile('^%s, ' % re.escape(damaged)),
                               parent=attestations), 'row.activate')
            app.find('label', 'Cannot Show the Attestation', parent=detail)
            app.find('label', re.compile('%s.*%s' % (re.escape(damaged), message)),
                     parent=detail)
        app.screenshot('damaged')

        # 8. From the Sessions view: a past session's "Attestations…" button
        app.click(app.find('list item', 'Sessions'))
        app.click(app.find('push button', 'Past'))
        sessions = app.find('list', 'Sessions')
        rows = app.wait_until(lambda: app.find_all('panel', re.compile(r'registered$'),
                                                   parent=sessions),
                              'the rows of the past sessions')
        button = None
        for candidate in rows[:8]:
            app.click(candidate, 'row.activate')
            time.sleep(0.3)
            button = next((b for b in app.find_all('push button', 'Attestations…',
                                                   showing=False)
                           if b.getState().contains(pyatspi.STATE_VISIBLE)), None)
            if button is not None:
                break
        check(button is not None, 'no past session\'s detail offers "Attestations…"')
        app.screenshot('session-detail')
        app.click(button)
        app.find('entry', 'Search attestations')
        app.find('push button', 'Print All…')
        app.find('push button', 'Export All…')

        # 9. An administrator sees the attestations of the centre's
        # candidates, as the command line acting as them. F10 opens the
        # primary menu on Change Password…; Log Out is the next item.
        app.key_combo('F10')
        time.sleep(0.5)
        app.press_key('Down')
        app.press_key('Return')
        app.type_text(app.find('text', 'Login'), 'admin')
        app.type_text(app.find('password text', 'Password'), 'demo')
        app.click(app.find('push button', 'Log In'))
        app.click(app.find('list item', 'Attestations'))
        app.find('label', '%d attestations' % len(admin_numbers))
        check(len(admin_numbers) < len(all_numbers),
              'the administrator sees every attestation (%d)' % len(admin_numbers))
        app.screenshot('admin')

    # What the desk did is on disk, as the command line sees it once the desk
    # has closed
    out = cli(database, 'attestation', 'show', number).stdout
    check(re.search(r'Status:\s+Revoked', out), 'the command line does not say revoked:\n%s'
          % out)
    check(sorted(expected) == sorted(cli_numbers(database, '--session', str(session_id),
                                                 '--status', 'valid')),
          'the command line does not agree on the valid attestations left')
    for n in expected[:3]:
        with open(os.path.join(folder, '%s.pdf' % n), 'rb') as f:
            check(f.read() == cli_export(database, n, os.path.join(scratch, 'cli-%s.pdf' % n)),
                  'the exported %s.pdf differs from the command line\'s' % n)

if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-attestations')
