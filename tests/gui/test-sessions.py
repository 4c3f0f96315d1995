# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: log in on a demo database, find a session, open its detail.

Creates a demo database with `certassur seed-demo`, asks the command line
which sessions a search for a centre finds (to know one with candidates),
then, through the accessibility bus only:

  1. the login page shows the database and the demo accounts;
  2. a wrong password gives an error under the fields;
  3. admin/demo logs in (on My Exam Sessions) and shows the Sessions view;
  4. a search for the centre, with All, lists the known session;
  5. Ctrl+F then Enter shows the first result;
  6. activating the known session's row shows its detail, whose
     Candidates list holds at least one candidate;
  7. Log Out in the primary menu returns to the login page;
  8. the controller sees the sessions they supervise, as many as the
     command line acting as the controller, and none of another centre.

Screenshots (login, sessions, detail) go to $CAS_GUI_SCREENSHOTS. Run it
through run-gui-test.sh (meson test --suite gui).
"""

import datetime
import os
import re
import sys
import time

import pyatspi

import casgui
from dogtail import rawinput

# The admin's own centre; another centre's city must find nothing
SEARCH = 'Bruxelles'
OTHER_CENTRE = 'Namur'

# Every demo account's password, for the command line as for the window
os.environ['CERTASSUR_PASSWORD'] = 'demo'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def sessions_from_cli(database, search, user='admin'):
    """The sessions the command line, acting as USER, finds for SEARCH (all
    dates), as dicts with date, exam, room, registered and capacity, in list
    order."""
    args = ['--database', database, '--user', user, 'sessions', 'list']
    if search:
        args += ['--search', search]
    result = casgui.run_cli(*args)
    out = result.stdout
    sessions = []
    for line in out.splitlines():
        # Cancelled sessions end with "(cancelled)"
        m = re.match(r'\s*(\d+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d)\s+(\S+)\s+(.*?)\s{2,}(.*?)'
                     r'\s+(\d+)/(\d+)(?:\s+\(.*\))?\s*$', line)
        if m:
            sessions.append({
                'id': int(m.group(1)),
                'start': datetime.datetime.strptime(m.group(2), '%Y-%m-%d %H:%M'),
                'exam': m.group(3),
                'centre': m.group(4),
                'room': m.group(5),
                'registered': int(m.group(6)),
                'capacity': int(m.group(7)),
            })
    # It says how many on standard error
    count = re.search(r'(\d+) sessions?', result.stderr)
    check(count and int(count.group(1)) == len(sessions),
          'cannot read the output of "certassur sessions list": %d rows read, it says %r'
          % (len(sessions), result.stderr.strip()))
    return sessions


def row_pattern(session):
    """The accessible name of the session's row in the list: date and time
    (C locale: the tests run with LC_ALL=C.UTF-8), exam code, centre, room
    and seats."""
    start = session['start']
    date = '%s %d %s %d, %s' % (start.strftime('%a'), start.day, start.strftime('%b'),
                               start.year, start.strftime('%H:%M'))
    return re.compile('^%s, %s .*%s.*%s, %d of %d registered' % (
        re.escape(date), re.escape(session['exam']), re.escape(session['centre']),
        re.escape(session['room']), session['registered'], session['capacity']))


def detail_title(app, detail):
    """The exam shown at the top of the DETAIL pane, or None."""
    labels = app.find_all('label', re.compile(r'^\S+ Module '), parent=detail)
    return labels[0].name if labels else None


def scroll_down(node, clicks=10):
    """Turns the mouse wheel over NODE (X buttons 5: down)."""
    x, y, w, h = node.extents
    for _ in range(clicks):
        rawinput.click(x + w // 2, y + h // 2, 5)


def has_focus(app, node):
    """Whether NODE or a widget inside it has the keyboard focus."""
    if node.getState().contains(pyatspi.STATE_FOCUSED):
        return True
    return any(n.getState().contains(pyatspi.STATE_FOCUSED)
               for n in app.find_all(None, None, node, showing=False))


def main():
    database = casgui.new_database(seed_demo=True)

    found = sessions_from_cli(database, SEARCH)
    # The command line may not open the database while the desk has it
    supervised = sessions_from_cli(database, None, user='controller')
    # One with candidates that the list shows without scrolling (the list
    # view makes rows for what is on screen only), and not the first, which
    # step 5 shows
    known = [s for s in found[1:6] if s['registered'] > 0]
    check(known, 'the demo database has no session with candidates at %s' % SEARCH)
    session = known[0]

    with casgui.App(database=database) as app:
        # 1. Login page
        login = app.find('text', 'Login')
        password = app.find('password text', 'Password')
        app.find('label', os.path.realpath(database))
        app.find('list', 'Demo Accounts')
        app.find('list item', 'admin')
        app.screenshot('login')

        # 2. A wrong password
        app.type_text(login, 'admin')
        app.type_text(password, 'not-the-password')
        app.click(app.find('push button', 'Log In'))
        app.find('label', re.compile('[Ww]rong login or password'))

        # 3. Log in
        app.type_text(password, 'demo')
        app.click(app.find('push button', 'Log In'))
        app.click(app.find('list item', 'Sessions'))
        search = app.find('entry', 'Search sessions')
        app.find('label', re.compile(r'^\d+ sessions?$'))
        app.screenshot('sessions')

        # 4. Search all sessions of the centre
        app.type_text(search, SEARCH)
        app.click(app.find('push button', 'All'))
        # The count of the command line says the search and the filter apply
        app.find('label', '%d sessions' % len(found))
        sessions = app.find('list', 'Sessions')
        row = app.find('panel', row_pattern(session), parent=sessions)
        rows = app.find_all('panel', re.compile(r', \d+ of \d+ registered$'), parent=sessions)
        for other in rows:
            check(SEARCH in other.name, 'a row that does not match the search: %r' % other.name)
        app.screenshot('sessions-search')

        # 5. Ctrl+F focuses the search; Enter shows the first result
        detail = app.find('panel', 'Session details', showing=False)
        first = rows[0]
        app.key_combo('<Control>f')
        app.wait_until(lambda: has_focus(app, search), 'focus in the search entry')
        app.press_key('Return')
        first_exam = re.match(r'^[^,]+, [^,]+, (.+?), ', first.name).group(1)
        app.wait_until(lambda: detail_title(app, detail) == first_exam,
                       'the first result (%s) in the detail' % first_exam)

        # 6. The known session's detail and its candidates
        app.click(row, 'row.activate')
        app.wait_until(lambda: (detail_title(app, detail) or '').startswith(session['exam'] + ' '),
                       'the detail of %s' % session['exam'])
        candidates = app.find('list', 'Candidates', parent=detail, showing=False)
        items = app.wait_until(lambda: [n for n in candidates.children
                                        if n.roleName == 'list item'],
                               'candidates in the detail')
        check(len(items) >= 1, 'no candidate in the detail of session %d' % session['id'])
        check(len(items) == session['registered'],
              'the detail lists %d candidates, the command line says %d'
              % (len(items), session['registered']))
        app.find('list', 'Staff', parent=detail, showing=False)
        app.screenshot('detail')
        scroll_down(detail)
        time.sleep(0.5)
        app.screenshot('detail-candidates')

        # 7. Log out: F10 opens the primary menu on its first item (Change
        # Password…); Log Out is the next one
        app.key_combo('F10')
        time.sleep(0.5)
        app.press_key('Down')
        app.press_key('Return')
        app.find('text', 'Login')
        check(app.text_of(app.find('password text', 'Password')) == '',
              'the password is still there after logging out')
        check(not app.find_all('entry', 'Search sessions'),
              'the Sessions view is still shown after logging out')

        # 8. The controller: only the sessions they supervise
        app.type_text(app.find('text', 'Login'), 'controller')
        app.type_text(app.find('password text', 'Password'), 'demo')
        app.click(app.find('push button', 'Log In'))
        app.click(app.find('list item', 'Sessions'))
        search = app.find('entry', 'Search sessions')
        app.click(app.find('push button', 'All'))
        app.find('label', '%d sessions' % len(supervised))
        app.type_text(search, OTHER_CENTRE)
        app.find('label', re.compile('No Sessions Found'))
        app.screenshot('controller-other-centre')


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-sessions')
