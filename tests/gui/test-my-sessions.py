# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: "My exam sessions" and Verify Attestation, as the demo's
controller, who supervises sessions and passed an exam himself.

Creates a demo database with `certassur seed-demo`, asks the command line,
acting as the controller, for his attestation, its verification code and
its PDF, then, through the accessibility bus only:

  1. controller/demo logs in and lands on My Exam Sessions;
  2. an upcoming session he supervises shows the Controller role; the
     first five show, "Show N More Sessions" shows the others;
  3. his past exam shows its attestation: number and status;
  4. Open shows the attestation in a preview window;
  5. Print, in the print dialog, prints to a PDF file ("Print to File",
     the only printer: GTK_PRINT_BACKENDS=file), whose text holds his
     name and the attestation's number;
  6. Verify Attestation refuses an empty code and a code of 10,000
     characters with a message, says the code of the command line is a
     valid attestation and a tampered one is not authentic;
  7. the same dialog says the PDF as issued is valid, and that a file
     which is not a PDF is not one.

Screenshots (the view, the past exams, the preview, the print dialog, the
verdicts) go to $CAS_GUI_SCREENSHOTS. Run it through run-gui-test.sh (meson
test --suite gui).
"""

import os
import re
import subprocess
import sys
import tempfile
import time

import casgui
from dogtail import rawinput

USER = 'controller'

# Every demo account's password, for the command line as for the window
os.environ['CERTASSUR_PASSWORD'] = 'demo'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def attestations_from_cli(database, user):
    """The attestations USER sees, as dicts with number, status and name."""
    out = casgui.run_cli('--database', database, '--user', user, 'attestation', 'list').stdout
    found = []
    for line in out.splitlines():
        m = re.match(r'^(CA-\d{4}-\d+(?:-\d+)?)\s+(\S+)\s+(.+?)\s{2,}(\S+)\s+\d{4}-\d\d-\d\d',
                     line)
        if m:
            found.append({'number': m.group(1), 'status': m.group(2), 'name': m.group(3)})
    return found


def verification_code(database, user, number):
    out = casgui.run_cli('--database', database, '--user', user,
                         'attestation', 'show', number).stdout
    m = re.search(r'^Verification code: (\S+)$', out, re.MULTILINE)
    check(m, 'no verification code in "certassur attestation show %s":\n%s' % (number, out))
    return m.group(1)


def tamper(code):
    """The code with one character of its signature changed."""
    i = len(code) - 10
    return code[:i] + ('B' if code[i] != 'B' else 'C') + code[i + 1:]


def pdf_text(path):
    done = subprocess.run(['pdftotext', '-layout', path, '-'], text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if done.returncode != 0:
        return None
    # pdftotext breaks lines and spaces as the layout does
    return ' '.join(done.stdout.split())


def scroll_down(node, clicks=10):
    """Turns the mouse wheel over NODE (X buttons 5: down)."""
    x, y, w, h = node.extents
    for _ in range(clicks):
        rawinput.click(x + w // 2, y + min(h // 2, 40), 5)


def choose_file(app, path):
    """In the file chooser that is open, types PATH and opens it."""
    # A window of the app, whatever role GTK gives a file chooser dialog
    chooser = app.find(None, 'Open an Attestation', recursive=False)
    time.sleep(0.5)
    # A path typed from "/" opens the chooser's location entry
    app.key_combo('<Control>l')
    location = app.wait_until(
        lambda: [n for n in app.find_all('text', None, chooser) if casgui.is_showing(n)],
        'the location entry of the file chooser')[0]
    # Typed as keys: text set through the accessible interface does not
    # always reach the chooser's own idea of the location
    app.type_text(location, path, keyboard=True)
    time.sleep(0.5)
    app.screenshot('file-chooser')
    app.press_key('Return')
    try:
        app.wait_until(lambda: not app.find_all(None, 'Open an Attestation', recursive=False),
                       'the file chooser to close', timeout=5)
    except TimeoutError:
        # The location's completion popover may have taken the first Return
        app.click(app.find('push button', 'Open', parent=chooser))
        app.wait_until(lambda: not app.find_all(None, 'Open an Attestation', recursive=False),
                       'the file chooser to close')


def main():
    database = casgui.new_database(seed_demo=True)
    scratch = tempfile.mkdtemp(prefix='my-sessions-', dir=os.environ.get('CAS_GUI_TMPDIR'))

    attestations = attestations_from_cli(database, USER)
    check(attestations, 'the demo data give the %s no attestation' % USER)
    attestation = attestations[0]
    number, name = attestation['number'], attestation['name']
    check(attestation['status'] == 'Valid', 'the attestation of the %s is %s, not valid'
          % (USER, attestation['status']))
    code = verification_code(database, USER, number)
    issued_pdf = os.path.join(scratch, 'issued.pdf')
    casgui.run_cli('--database', database, '--user', USER,
                   'attestation', 'export', number, '--output', issued_pdf)
    not_pdf = os.path.join(scratch, 'notes.pdf')
    with open(not_pdf, 'w') as f:
        f.write('Not a PDF: a text file named like one.\n')

    # "Print to File" writes output.pdf in the folder the program runs in
    printed_pdf = os.path.join(scratch, 'output.pdf')
    os.chdir(scratch)

    with casgui.App(database=database, env={'GTK_PRINT_BACKENDS': 'file'}) as app:
        # 1. Log in: the first view is My Exam Sessions
        app.type_text(app.find('text', 'Login'), USER)
        app.type_text(app.find('password text', 'Password'), 'demo')
        app.click(app.find('push button', 'Log In'))
        app.find('list item', 'My Exam Sessions')
        app.find('label', 'My Exam Sessions')
        upcoming = app.find('list', 'Upcoming sessions')

        # 2. A session he supervises, with its role
        row = app.find('list item', re.compile(r', Controller$'), parent=upcoming)
        app.find('label', 'Controller', parent=row)
        app.screenshot('my-sessions')
        sessions = re.compile(r', (Candidate|Administrator|Controller)$')
        shown = app.find_all('list item', sessions, parent=upcoming, showing=False)
        more = app.find_all('list item', re.compile(r'^Show (\d+) More Sessions?$'),
                            parent=upcoming, showing=False)
        if more:
            hidden = int(re.search(r'\d+', more[0].name).group(0))
            check(len(shown) == 5, '%d coming sessions shown before "%s"'
                  % (len(shown), more[0].name))
            app.click(more[0])
            app.wait_until(lambda: len(app.find_all('list item', sessions, parent=upcoming,
                                                    showing=False)) == 5 + hidden,
                           '%d more coming sessions' % hidden)

        # 3. His past exam and its attestation
        past = app.find('list', 'Past exams', showing=False)
        scroll_down(upcoming, 15)
        attestation_row = app.find('list item', 'Attestation %s, Valid' % number, parent=past)
        app.find('label', number, parent=attestation_row)
        app.find('list item', re.compile(r', Passed \d+/100$'), parent=past)
        app.screenshot('my-sessions-past')

        # 4. Open: the preview window
        app.click(app.find('push button', 'Open', parent=attestation_row))
        preview = app.find('frame', 'Attestation %s' % number)
        app.find('image', re.compile('^Attestation %s, page 1' % re.escape(number)),
                 parent=preview)
        time.sleep(1)
        app.screenshot('preview')
        app.click(app.find('push button', 'Close', parent=preview))
        app.wait_gone('frame', 'Attestation %s' % number)

        # 5. Print, to a file, through the print dialog
        app.click(app.find('push button', 'Print…', parent=attestation_row))
        dialog = app.find('dialog', 'Print')
        app.mouse_click(app.find('label', 'Print to File', parent=dialog))
        # The file, by the end of its path (the button ellipsizes the start)
        app.find('push button', re.compile(r'/output\.pdf$'), parent=dialog)
        app.screenshot('print-dialog')
        app.click(app.find('push button', re.compile(r'Print$'), parent=dialog))
        app.wait_gone('dialog', 'Print')
        text = app.wait_until(lambda: os.path.exists(printed_pdf) and pdf_text(printed_pdf),
                              'the printed PDF %s' % printed_pdf, timeout=60)
        check(name in text, 'the printed PDF does not name %s:\n%s' % (name, text))
        check(number in text, 'the printed PDF does not hold %s:\n%s' % (number, text))

        # 6. Verify Attestation, with codes
        app.click(app.find('push button', 'Verify Attestation…'))
        # Its role (frame, filler) varies with GTK versions: found by its name
        verify = app.find(None, 'Verify Attestation', recursive=False)
        entry = app.find('text', 'Verification Code', parent=verify)
        verify_button = app.find('push button', 'Verify Code', parent=verify)
        app.screenshot('verify')

        app.click(verify_button)
        app.find('label', re.compile('^Type the verification code'), parent=verify)
        app.type_text(entry, 'A' * 10000)
        app.click(verify_button)
        app.find('label', re.compile('^This is not a verification code: it has 10,?000 characters'),
                 parent=verify)
        app.screenshot('verify-too-long')

        app.type_text(entry, code)
        app.click(verify_button)
        app.find('label', 'Valid attestation %s' % number, parent=verify)
        app.find('label', re.compile('^Issued by Certassur to %s on ' % re.escape(name)),
                 parent=verify)
        app.screenshot('verify-valid')

        # Back to the input, by the header
        app.click(app.find('push button', 'Back', parent=verify))
        entry = app.find('text', 'Verification Code', parent=verify)
        app.type_text(entry, tamper(code))
        app.click(app.find('push button', 'Verify Code', parent=verify))
        app.find('label', 'Not Authentic', parent=verify)
        check(not app.find_all('label', re.escape(number), parent=verify),
              'a tampered code shows the attestation it imitates')
        app.screenshot('verify-forged')

        # 7. ... and with files
        app.click(app.find('push button', 'Verify Another Attestation', parent=verify))
        app.click(app.find('push button', 'Open PDF…', parent=verify))
        choose_file(app, issued_pdf)
        app.find('label', 'Valid attestation %s' % number, parent=verify)
        app.screenshot('verify-pdf-valid')

        app.click(app.find('push button', 'Back', parent=verify))
        app.click(app.find('push button', 'Open PDF…', parent=verify))
        choose_file(app, not_pdf)
        app.find('label', re.compile('“notes.pdf” is not a PDF file'), parent=verify)
        app.screenshot('verify-not-pdf')


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-my-sessions')
