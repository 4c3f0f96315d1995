# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the end-to-end tests of Certassur Desk.

The tests drive the real window through the accessibility bus (AT-SPI), with
dogtail and pyatspi, the way a screen reader would: widgets are found by role
and accessible name, buttons are activated through their actions, text is set
through the editable text interface or typed as key presses.

Run the tests through run-gui-test.sh (meson test --suite gui does), inside
`xvfb-run dbus-run-session`. A test looks like:

    import casgui

    with casgui.App(database=casgui.new_database()) as app:
        app.click(app.find('push button', 'New Person'))
        app.type_text(app.find('text', 'Last Name'), 'Dupont')
        app.wait_for('label', 'Saved')
        app.screenshot('person-saved')

Role names are AT-SPI's as pyatspi spells them: 'frame', 'push button',
'toggle button', 'check box', 'text', 'password text', 'label', 'list',
'list item', 'table row', 'menu item', 'dialog', 'page tab'... When a test
fails inside `with casgui.App(...)`, a screenshot and the accessible tree of
the app (casgui.dump) are saved in the screenshots folder: look there for the
roles and names the window really has.
"""

import atexit
import csv
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from dogtail.config import config

# dogtail refuses to start unless org.gnome.desktop.interface
# toolkit-accessibility is true. run-gui-test.sh sets it; GTK 4 does not need
# it, so do not make every test depend on how GSettings is set up.
config.checkForA11y = False
config.logDebugToFile = False
config.defaultDelay = 0.1
config.actionDelay = 0.1
config.typingDelay = 0.02

import pyatspi  # noqa: E402
from dogtail import rawinput, tree  # noqa: E402

TIMEOUT = float(os.environ.get('CAS_GUI_TIMEOUT', '20'))
POLL = 0.1

_running = []


def screenshots_dir():
    """The folder for screenshots and failure reports (kept after the test)."""
    path = os.environ.get('CAS_GUI_SCREENSHOTS')
    if not path:
        path = os.path.join(tempfile.gettempdir(), 'certassur-gui-screenshots')
    os.makedirs(path, exist_ok=True)
    return path


def _test_name():
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else 'test'
    return os.path.splitext(name)[0]


def screenshot(name):
    """Saves the whole X screen as NAME.png in the screenshots folder and
    returns its path. Uses ImageMagick's `import`."""
    safe = re.sub(r'[^A-Za-z0-9._-]+', '-', name)
    path = os.path.join(screenshots_dir(), '%s-%s.png' % (_test_name(), safe))
    subprocess.run(['import', '-window', 'root', path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    return path


def new_database(name='certassur.db', seed_demo=False):
    """A path for a new database in a private temporary folder; with
    seed_demo, filled by `certassur --database PATH seed-demo`."""
    folder = tempfile.mkdtemp(prefix='casgui-db-', dir=os.environ.get('CAS_GUI_TMPDIR'))
    path = os.path.join(folder, name)
    if seed_demo:
        run_cli('--database', path, 'seed-demo')
    return path


def export_persons(database, folder, name, user='admin'):
    """The persons `certassur export-persons` writes as USER, into
    FOLDER/NAME: a list of dicts by column."""
    path = os.path.join(folder, name)
    run_cli('--database', database, '--user', user, 'export-persons', path)
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def run_cli(*args, check=True):
    """Runs the certassur command; returns the CompletedProcess (text).
    With check, a failure raises RuntimeError with what it printed."""
    cli = os.environ.get('CERTASSUR_CLI', 'certassur')
    done = subprocess.run([cli, *args], text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    if check and done.returncode != 0:
        raise RuntimeError('%s %s failed with status %d:\n%s%s'
                           % (cli, ' '.join(args), done.returncode, done.stdout, done.stderr))
    return done


def _describe(role, name):
    what = "a '%s'" % role if role else 'a widget'
    if name is None:
        return what
    if isinstance(name, re.Pattern):
        return "%s named like /%s/" % (what, name.pattern)
    return "%s named '%s'" % (what, name)


def _ancestors(node):
    """NODE, its parent, ... up to and without the application."""
    chain = []
    while node is not None and len(chain) < 200:
        if node.getRole() == pyatspi.ROLE_APPLICATION:
            break
        chain.append(node)
        node = node.parent
    return chain


def is_showing(node):
    """Whether NODE is on screen.

    GTK 4.8 sets SHOWING on windows only, and VISIBLE on every widget whose
    visible property is set, including those in the pages of a stack that
    are not shown, which even keep the size they had when they were. So ask
    the window what is at the middle of the widget: the widget itself, one
    of its children, or one of its parents (for widgets that are insensitive
    or take no clicks), but not something of another branch. Where GTK
    answers nothing (the inner text of an entry, the slider of a switch
    have no accessible), being inside the window has to do."""
    states = node.getState()
    if states.contains(pyatspi.STATE_SHOWING):
        return True
    if not states.contains(pyatspi.STATE_VISIBLE):
        return False
    try:
        box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except NotImplementedError:
        return True
    if box.width <= 0 or box.height <= 0:
        return False
    chain = _ancestors(node)
    if not chain:
        return False
    x, y = box.x + box.width // 2, box.y + box.height // 2
    try:
        window = chain[-1].queryComponent()
        hit = window.getAccessibleAtPoint(x, y, pyatspi.WINDOW_COORDS)
        if hit is None:
            width, height = window.getSize()
            return 0 <= x < width and 0 <= y < height
    except NotImplementedError:
        return True
    return hit in chain or node in _ancestors(hit)


def _matches(node, role, name, showing):
    try:
        if role is not None and node.roleName != role:
            return False
        if name is not None:
            node_name = node.name or ''
            if isinstance(name, re.Pattern):
                if not name.search(node_name):
                    return False
            elif node_name != name:
                return False
        if showing and not is_showing(node):
            return False
        return True
    except Exception:
        # The widget went away while we looked at it
        return False


def _text(node):
    """The text of NODE, '' without one. (GTK 4.8 answers '' to the usual
    getText (0, -1): ask for the characters there are.)"""
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return ''


def _screen_center(node):
    """The middle of NODE in screen coordinates. GTK 4.8 on X11 knows only
    coordinates within the window ("Screen coordinates not supported"), so
    add where the window is; without a window manager, as under Xvfb, that
    is the top left corner."""
    box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    x, y = box.x + box.width // 2, box.y + box.height // 2
    chain = _ancestors(node)
    if chain and chain[-1] is not node:
        try:
            wx, wy = chain[-1].queryComponent().getPosition(pyatspi.DESKTOP_COORDS)
            x, y = x + max(wx, 0), y + max(wy, 0)
        except Exception:
            pass
    return x, y


def dump(node, max_depth=40):
    """The accessible tree under NODE as text: role, name, states, actions."""
    lines = []

    def walk(n, depth):
        if depth > max_depth:
            return
        try:
            states = n.getState().getStates()
            flags = []
            if not is_showing(n):
                flags.append('hidden')
            if pyatspi.STATE_SENSITIVE not in states:
                flags.append('insensitive')
            if pyatspi.STATE_FOCUSED in states:
                flags.append('focused')
            if pyatspi.STATE_CHECKED in states:
                flags.append('checked')
            actions = list(n.actions.keys())
            text = ''
            if n.roleName in ('text', 'entry', 'label', 'password text'):
                text = ' text=%r' % _text(n)
            lines.append('%s%s %r%s%s%s' % (
                '  ' * depth, n.roleName, n.name,
                ' [%s]' % ','.join(flags) if flags else '',
                ' actions=%s' % ','.join(actions) if actions else '', text))
            for child in n.children:
                walk(child, depth + 1)
        except Exception as e:
            lines.append('%s<gone: %s>' % ('  ' * depth, e))

    walk(node, 0)
    return '\n'.join(lines)


class App:
    """The application under test, as a child process and as an accessible.

    With a database, starts `$CERTASSUR_DESK --database DATABASE [ARGS]`;
    `program` runs something else (for instance the helper's own checks).
    Use it as a context manager: on leaving, the process is killed, and when
    the block raised, a screenshot and the accessible tree are saved first.
    """

    def __init__(self, database=None, args=(), program=None, env=None, timeout=None):
        self.program = program or os.environ.get('CERTASSUR_DESK')
        if not self.program:
            raise RuntimeError('CERTASSUR_DESK is not set: run through run-gui-test.sh')
        self.argv = [self.program]
        if database is not None:
            self.argv += ['--database', database]
        self.argv += list(args)
        self.env = dict(os.environ)
        if env:
            self.env.update(env)
        self.timeout = TIMEOUT if timeout is None else timeout
        self.process = None
        self.node = None

    # Life cycle

    def start(self):
        """Starts the program and waits for it on the accessibility bus."""
        self.process = subprocess.Popen(self.argv, env=self.env)
        _running.append(self)
        self.node = self._wait(self._find_application,
                               'application of pid %d on the accessibility bus'
                               % self.process.pid)
        # An application shows up before its first window does
        self.wait_for(lambda n: n.roleName in ('frame', 'dialog', 'window')
                      and _matches(n, None, None, True), recursive=False,
                      what='a window of %s' % self.program)
        return self

    def _find_application(self):
        self._check_alive()
        for app in tree.root.children:
            try:
                if app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def _check_alive(self):
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError('%s exited with status %d' % (self.argv[0], self.process.returncode))

    def kill(self):
        """Stops the program: SIGTERM, then SIGKILL after 5 seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self in _running:
            _running.remove(self)

    def wait_exit(self, timeout=None):
        """Waits for the program to quit by itself; returns its status."""
        return self.process.wait(self.timeout if timeout is None else timeout)

    def __enter__(self):
        if self.process is None:
            try:
                self.start()
            except BaseException:
                # __exit__ does not run when __enter__ fails
                self.save_failure_report()
                self.kill()
                raise
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is not None and exc_type is not KeyboardInterrupt:
                self.save_failure_report()
        finally:
            self.kill()
        return False

    def save_failure_report(self):
        """Screenshot and accessible tree, to see what the test saw."""
        try:
            print('casgui: screenshot at %s' % screenshot('FAILED'), file=sys.stderr)
        except Exception as e:
            print('casgui: no screenshot: %s' % e, file=sys.stderr)
        if self.node is not None:
            path = os.path.join(screenshots_dir(), '%s-FAILED-tree.txt' % _test_name())
            try:
                with open(path, 'w') as f:
                    f.write(dump(self.node) + '\n')
                print('casgui: accessible tree at %s' % path, file=sys.stderr)
            except Exception as e:
                print('casgui: no accessible tree: %s' % e, file=sys.stderr)

    # Finding widgets

    def _wait(self, probe, what, timeout=None):
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            result = probe()
            if result:
                return result
            if time.monotonic() > deadline:
                raise TimeoutError('casgui: waited %.0f s for %s' % (
                    self.timeout if timeout is None else timeout, what))
            time.sleep(POLL)

    def find_all(self, role=None, name=None, parent=None, showing=True, recursive=True):
        """Every widget below PARENT (default: the app) of ROLE and NAME, now.
        NAME is a string (exact) or a compiled regular expression."""
        parent = parent or self.node
        try:
            return parent.findChildren(lambda n: _matches(n, role, name, showing),
                                       recursive=recursive)
        except Exception:
            return []

    def find(self, role=None, name=None, parent=None, showing=True, timeout=None,
             recursive=True):
        """The first widget of ROLE and NAME, waiting for it to appear.
        Raises LookupError, listing what there is of that role, if none
        appears within the timeout."""
        def probe():
            self._check_alive()
            found = self.find_all(role, name, parent, showing, recursive)
            return found[0] if found else None
        try:
            return self._wait(probe, _describe(role, name), timeout)
        except TimeoutError as e:
            others = ['%s %r' % (n.roleName, n.name) for n in
                      self.find_all(role, None, parent, showing=False)][:30]
            raise LookupError('%s; widgets of that role: %s'
                              % (e, ', '.join(others) or 'none')) from None

    def wait_for(self, role_or_pred, name=None, parent=None, timeout=None, what=None,
                 recursive=True):
        """Waits for a widget (role and name, or a predicate on nodes) to show
        up; returns it."""
        if callable(role_or_pred):
            pred = role_or_pred
            parent = parent or self.node

            def probe():
                self._check_alive()
                try:
                    found = parent.findChildren(pred, recursive=recursive)
                except Exception:
                    found = []
                return found[0] if found else None
            return self._wait(probe, what or 'widget satisfying the predicate', timeout)
        return self.find(role_or_pred, name, parent=parent, timeout=timeout, recursive=recursive)

    def wait_gone(self, role, name=None, parent=None, timeout=None):
        """Waits until no showing widget of ROLE and NAME is left."""
        self._wait(lambda: not self.find_all(role, name, parent),
                   '%s going away' % _describe(role, name), timeout)

    def wait_until(self, condition, what='condition', timeout=None):
        """Waits until CONDITION() returns a true value; returns it."""
        return self._wait(condition, what, timeout)

    # Acting on widgets

    def wait_sensitive(self, node, timeout=None):
        self._wait(lambda: node.getState().contains(pyatspi.STATE_SENSITIVE),
                   'sensitive %s %r' % (node.roleName, node.name), timeout)

    def click(self, node, action=None):
        """Activates NODE through its accessible action ('click', 'activate',
        'press', 'toggle', 'select' in that order, or ACTION); without any,
        clicks its middle with the mouse."""
        self.wait_sensitive(node)
        names = [action] if action else ['click', 'activate', 'press', 'toggle', 'select']
        actions = node.actions
        for name in names:
            if name in actions:
                actions[name].do()
                return
        if action:
            raise LookupError('%s %r has no action %r (it has: %s)'
                              % (node.roleName, node.name, action, ', '.join(actions)))
        self.mouse_click(node)

    def mouse_click(self, node, button=1):
        """Clicks the middle of NODE with the mouse (through XTest)."""
        x, y = _screen_center(node)
        rawinput.click(x, y, button)

    def focus(self, node):
        """Gives NODE the keyboard focus: through AT-SPI where the toolkit
        can (GTK 4.8 cannot), otherwise with a click in it."""
        if self._has_focus(node):
            return
        try:
            node.queryComponent().grabFocus()
        except Exception:
            pass
        try:
            self._wait(lambda: self._has_focus(node), 'focus', timeout=1)
            return
        except TimeoutError:
            pass
        self.mouse_click(node)
        # The focus may land on a part with no accessible of its own (the
        # text inside an AdwEntryRow), which then reports no FOCUSED state
        try:
            self._wait(lambda: self._has_focus(node), 'focus', timeout=1)
        except TimeoutError:
            pass

    def type_text(self, node, text, replace=True, keyboard=False):
        """Puts TEXT into a text or password field, replacing what is there
        or after it. Sets it through the editable text interface when the
        field has one, unless KEYBOARD; otherwise focuses the field and types
        the keys (through XTest), as a person would."""
        self.wait_sensitive(node)
        editable = None
        if not keyboard:
            try:
                editable = node.queryEditableText()
            except NotImplementedError:
                pass
        if editable is not None:
            if replace:
                if editable.setTextContents(text):
                    return
            else:
                offset = node.queryText().characterCount
                if editable.insertText(offset, text, len(text)):
                    return
        self.focus(node)
        if replace:
            rawinput.keyCombo('<Control>a')
            rawinput.pressKey('BackSpace')
        else:
            rawinput.pressKey('End')
        rawinput.typeText(text)

    def _has_focus(self, node):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return True
        return any(n.getState().contains(pyatspi.STATE_FOCUSED)
                   for n in self.find_all(None, None, node, showing=False))

    def press_key(self, key):
        """Presses one key by its GDK name: 'Return', 'Escape', 'Tab'..."""
        rawinput.pressKey(key)

    def key_combo(self, combo):
        """Presses a key combination: '<Control>q', '<Alt>F4'..."""
        rawinput.keyCombo(combo)

    def text_of(self, node):
        """The text of a label or field ('' when it has none)."""
        return _text(node)

    def screenshot(self, name):
        return screenshot(name)

    def dump(self, node=None):
        return dump(node or self.node)


def _kill_all():
    for app in list(_running):
        try:
            app.kill()
        except Exception:
            pass


atexit.register(_kill_all)


def _on_signal(signum, frame):
    # meson test ends a test that ran too long with SIGTERM: leave no app
    _kill_all()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)
