# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: accounts, roles, passwords and the audit log.

On a demo database, through the accessibility bus only:

  1. operator/demo sees the Accounts and Audit views in the sidebar;
  2. New Account creates "jan.peeters" (a short password is refused with
     the core's message first); the Controller switch of its detail gives
     it the Controller role, which its row then says; an administrator role
     is added (picking the exam centre) and removed; the account is
     disabled and enabled, each after a confirmation; its password is
     reset; disabling one's own account shows the core's refusal;
  3. jan.peeters logs in with the password the operator set: the "Choose
     Your Own Password" page comes before anything else; two different
     passwords are refused; a new one is accepted and the shell appears;
  4. Change Password in the primary menu, with a wrong current password,
     shows the core's error under the field;
  5. admin/demo does not see Accounts or Audit;
  6. operator's Audit view, filtered on Who = jan.peeters, shows the change
     of password; with What = Refusals, the refusal of jan.peeters's
     attempt (through the command line) to list the accounts; a date that
     does not exist shows the core's error under the field;
  7. Export CSV… goes through the real file chooser: the file name typed
     in its Name field, Enter; the file holds the events the view shows,
     and only those.

Screenshots (accounts, new-account, account-detail, reset-password,
account-refused, choose-password, change-password-error, audit, audit-refusals,
export-chooser, export-done) go to $CAS_GUI_SCREENSHOTS.
"""

import csv
import os
import re
import sqlite3
import sys
import time

import pyatspi

import casgui

LOGIN = 'jan.peeters'
FIRST_PASSWORD = 'temporary-Pw-2026'
RESET_PASSWORD = 'reset by operator'
CENTRE = 'Assurcentre Bruxelles'
OWN_PASSWORD = 'jan chooses his own'


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def log_in(app, login, password):
    app.type_text(app.find('text', 'Login'), login)
    app.type_text(app.find('password text', 'Password'), password)
    app.click(app.find('push button', 'Log In'))


def open_menu_item(app, downs):
    """Opens the primary menu with F10 (on its first item) and activates
    the item DOWNS places below it. (GTK 4.8 puts the menu's popover
    outside the window's accessible tree.)"""
    app.key_combo('F10')
    time.sleep(0.5)
    for _ in range(downs):
        app.press_key('Down')
    app.press_key('Return')


# The items of the primary menu, from its first
CHANGE_PASSWORD = 0
LOG_OUT = 1


def log_out(app):
    open_menu_item(app, LOG_OUT)
    app.find('text', 'Login')


def sidebar_views(app):
    views = app.find('list', 'Views')
    return [n.name for n in views.children if n.roleName == 'list item']


def account_row(app, login):
    accounts = app.find('list', 'Accounts')
    return app.find('list item', login, parent=accounts)


def row_description(app, login):
    return account_row(app, login).description or ''


def audit_rows(app):
    events = app.find('list', 'Audit events')
    return [n.name for n in app.find_all('panel', None, parent=events)
            if n.name and n.name != 'Loading…']


def text_of_errors(app):
    return [n.name for n in app.find_all('label') if n.name]


def main():
    database = casgui.new_database(seed_demo=True)
    export_path = os.path.join(os.path.dirname(database), 'audit-export.csv')

    with casgui.App(database=database) as app:
        # 1. The operator's views
        log_in(app, 'operator', 'demo')
        app.find('list item', 'Sessions')
        views = sidebar_views(app)
        check('Accounts' in views and 'Audit' in views,
              'the operator does not see Accounts and Audit: %r' % views)

        # 2. A new account, then the Controller role from its detail
        app.click(app.find('list item', 'Accounts'))
        account_row(app, 'admin')
        app.find('label', '7 accounts')
        app.screenshot('accounts')

        app.click(app.find('push button', 'New Account'))
        dialog = app.find('frame', 'New Account')
        app.type_text(app.find('text', 'Login', parent=dialog), LOGIN)
        app.type_text(app.find('password text', 'Password', parent=dialog), 'short')
        app.type_text(app.find('password text', 'Confirm Password', parent=dialog), 'short')
        app.click(app.find('push button', 'Create', parent=dialog))
        app.find('label', re.compile('too short'), parent=dialog)
        app.type_text(app.find('password text', 'Password', parent=dialog), FIRST_PASSWORD)
        app.type_text(app.find('password text', 'Confirm Password', parent=dialog),
                      FIRST_PASSWORD)
        app.screenshot('new-account')
        app.click(app.find('push button', 'Create', parent=dialog))
        app.wait_gone('frame', 'New Account')
        app.find('label', '8 accounts')

        detail = app.find('panel', 'Account details')
        app.find('label', LOGIN, parent=detail)
        app.find('label', 'Must change password', parent=detail)
        controller = app.find('check box', re.compile('^Controller'), parent=detail)
        check(not controller.getState().contains(pyatspi.STATE_CHECKED),
              'a new account without roles already has the Controller switch on')
        app.click(controller)
        app.wait_until(lambda: 'Controller' in row_description(app, LOGIN),
                       'the Controller role in the row of %s' % LOGIN)

        # An administrator role for an exam centre, then taken away again
        app.click(app.find('list item', re.compile('^Add Administrator Role'), parent=detail))
        picker = app.find('dialog', 'Add Administrator Role')
        centre = app.find('combo box', 'Exam centre', parent=picker)
        app.wait_until(lambda: app.find_all('label', CENTRE, parent=centre),
                       'the exam centres in the picker')
        app.click(app.find('push button', re.compile('Add$'), parent=picker))
        app.wait_gone('dialog', 'Add Administrator Role')
        app.wait_until(lambda: 'Administrator, %s' % CENTRE in row_description(app, LOGIN),
                       'the administrator role in the row of %s' % LOGIN)
        app.screenshot('account-detail')
        app.click(app.find('push button', 'Remove the administrator role for %s' % CENTRE,
                           parent=detail))
        app.wait_until(lambda: 'Administrator' not in row_description(app, LOGIN),
                       'the administrator role gone from the row of %s' % LOGIN)

        # Disabled after a confirmation, enabled again
        app.click(app.find('push button', 'Disable Account', parent=detail))
        confirm = app.find('dialog', 'Disable “%s”?' % LOGIN)
        app.click(app.find('push button', re.compile('Disable$'), parent=confirm))
        app.wait_until(lambda: 'Disabled' in row_description(app, LOGIN),
                       'the Disabled badge in the row of %s' % LOGIN)
        app.click(app.find('push button', 'Enable Account', parent=detail))
        confirm = app.find('dialog', 'Enable “%s”?' % LOGIN)
        app.click(app.find('push button', re.compile('Enable$'), parent=confirm))
        app.wait_until(lambda: 'Disabled' not in row_description(app, LOGIN),
                       'the Disabled badge gone from the row of %s' % LOGIN)

        # A new password set by the operator: the user changes it at login
        app.click(app.find('list item', re.compile('^Reset Password'), parent=detail))
        dialog = app.find('frame', 'Reset Password')
        app.type_text(app.find('password text', 'New Password', parent=dialog), RESET_PASSWORD)
        app.type_text(app.find('password text', 'Confirm New Password', parent=dialog),
                      RESET_PASSWORD)
        app.screenshot('reset-password')
        app.click(app.find('push button', 'Reset Password', parent=dialog))
        app.wait_gone('frame', 'Reset Password')

        # A refusal of the core shows in the detail: nobody disables their
        # own account
        app.click(account_row(app, 'operator'))
        app.find('label', 'Your Account', parent=detail)
        app.click(app.find('push button', 'Disable Account', parent=detail))
        confirm = app.find('dialog', 'Disable “operator”?')
        app.click(app.find('push button', re.compile('Disable$'), parent=confirm))
        app.find('label', re.compile('cannot disable your own account'), parent=detail)
        app.screenshot('account-refused')

        # 3. The new user chooses their own password before anything else
        log_out(app)
        log_in(app, LOGIN, RESET_PASSWORD)
        app.find('label', 'Choose Your Own Password')
        check(not app.find_all('list', 'Views'), 'the shell shows before the password is set')
        new = app.find('password text', 'New Password')
        confirm = app.find('password text', 'Confirm New Password')
        app.type_text(new, OWN_PASSWORD)
        app.type_text(confirm, 'something else entirely')
        app.click(app.find('push button', 'Set Password'))
        app.find('label', re.compile('passwords differ'))
        app.type_text(confirm, OWN_PASSWORD)
        app.screenshot('choose-password')
        app.click(app.find('push button', 'Set Password'))
        app.find('list item', 'Sessions')
        views = sidebar_views(app)
        check('Accounts' not in views and 'Audit' not in views,
              'a controller sees operator views: %r' % views)

        # 4. Change Password with a wrong current password
        open_menu_item(app, CHANGE_PASSWORD)
        dialog = app.find('frame', 'Change Password')
        app.type_text(app.find('password text', 'Current Password', parent=dialog),
                      'not my password')
        app.type_text(app.find('password text', 'New Password', parent=dialog),
                      'yet another password')
        app.type_text(app.find('password text', 'Confirm New Password', parent=dialog),
                      'yet another password')
        app.click(app.find('push button', 'Change Password', parent=dialog))
        app.find('label', re.compile('^Current password: '), parent=dialog)
        app.screenshot('change-password-error')
        app.press_key('Escape')
        app.wait_gone('frame', 'Change Password')
        log_out(app)

    # jan.peeters, with their own password, is refused the accounts list
    os.environ['CERTASSUR_PASSWORD'] = OWN_PASSWORD
    refused = casgui.run_cli('--database', database, '--user', LOGIN, 'accounts', 'list',
                             check=False)
    check(refused.returncode != 0, 'a controller could list the accounts on the command line')

    with casgui.App(database=database) as app:
        # 5. The administrator does not see the operator's views
        log_in(app, 'admin', 'demo')
        app.find('list item', 'Sessions')
        views = sidebar_views(app)
        check('Accounts' not in views and 'Audit' not in views,
              'the administrator sees operator views: %r' % views)
        log_out(app)

        # 6. The audit log
        log_in(app, 'operator', 'demo')
        app.click(app.find('list item', 'Audit'))
        app.find('list', 'Audit events')
        app.find('label', re.compile(r'^\d+ events$'))
        app.type_text(app.find('entry', 'Who'), LOGIN)
        app.wait_until(lambda: any('Password changed (account.change-password)' in r
                                   for r in audit_rows(app)),
                       'the change of password of %s in the audit log' % LOGIN)
        app.screenshot('audit')

        # The list of the drop-down is a popover, outside the accessible tree:
        # it opens on the item chosen (All), Refusals is two below
        what = app.find('combo box', 'What')
        app.click(app.find('push button', None, parent=what))
        time.sleep(0.5)
        app.press_key('Down')
        app.press_key('Down')
        app.press_key('Return')
        app.wait_until(lambda: audit_rows(app) and all('(access.denied)' in r
                                                       for r in audit_rows(app)),
                       'only refusals in the audit log')
        rows = audit_rows(app)
        check(any('Refused: see the accounts' in r for r in rows),
              'the refusal says what was refused: %r' % rows)
        app.screenshot('audit-refusals')

        # A date that does not exist: the core's message under the field
        from_date = app.find('text', 'From')
        app.type_text(from_date, '31/02/2026')
        app.find('label', re.compile('does not exist'))
        app.type_text(from_date, '')
        app.wait_gone('label', re.compile('does not exist'))

        # 7. Export what the filters show, through the file chooser
        count = app.find('label', re.compile(r'^\d+ events?$'))
        n_shown = int(count.name.split()[0])
        app.click(app.find('push button', 'Export CSV…'))
        # GTK's own file chooser (no portal here): a path typed as the file
        # name saves there
        chooser = app.find(None, 'Export the Audit Log', recursive=False)
        name = app.find('text', 'Name:', parent=chooser)
        app.type_text(name, export_path, keyboard=True)
        app.screenshot('export-chooser')
        app.press_key('Return')
        app.wait_gone(None, 'Export the Audit Log', parent=app.node)
        # The toast saying "Exported N events" is not on the accessibility
        # bus (libadwaita 1.2 toasts are not): the screenshot shows it, the
        # file is checked below
        app.wait_until(lambda: os.path.exists(export_path), 'the exported file')
        time.sleep(0.5)
        app.screenshot('export-done')

    with open(export_path, newline='') as f:
        records = list(csv.reader(f))
    check(records and records[0][:3] == ['occurred_at', 'actor', 'action'],
          'the export has no CSV header: %r' % records[:1])
    check(len(records) - 1 == n_shown,
          'the export holds %d events, the view shows %d' % (len(records) - 1, n_shown))
    check(all(r[1] == LOGIN and r[2] == 'access.denied' for r in records[1:]),
          'the export holds events the filters do not show')

    with sqlite3.connect(database) as db:
        (must_change,) = db.execute('SELECT must_change_password FROM account WHERE login = ?',
                                    (LOGIN,)).fetchone()
    check(must_change == 0, '%s must still change the password' % LOGIN)


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-accounts')
