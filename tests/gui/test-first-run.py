# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: the first start on a new database.

A database with no account at all (what `certassur init` creates) cannot
be logged into: the login page offers to create the first operator
account instead. Through the accessibility bus only:

  1. the page says the database has no account and asks for a password
     twice;
  2. two different passwords are refused with a message, nothing created;
  3. a too short password is refused with the core's message;
  4. a good login and password create the account and log in: My Exam
     Sessions says the account has no person record; the Sessions view
     shows, empty;
  5. the command line then sees one account (the database changed once).

Screenshots (first-run, first-run-error, first-run-my-sessions,
first-run-sessions) go to $CAS_GUI_SCREENSHOTS.
"""

import re
import sqlite3
import sys

import casgui


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def count_accounts(database):
    with sqlite3.connect(database) as db:
        return db.execute('SELECT COUNT(*) FROM account').fetchone()[0]


def main():
    database = casgui.new_database(seed_demo=False)
    casgui.run_cli('--database', database, 'init')
    check(count_accounts(database) == 0, 'a new database already has accounts')

    with casgui.App(database=database) as app:
        # 1. The first-run form
        app.find('label', 'Welcome to Certassur Desk')
        app.find('label', re.compile('no account yet'))
        login = app.find('text', 'Login')
        password = app.find('password text', 'Password')
        confirm = app.find('password text', 'Confirm Password')
        button = app.find('push button', 'Create Account and Log In')
        app.screenshot('first-run')

        # 2. Two different passwords
        app.type_text(login, 'claire')
        app.type_text(password, 'a long enough password')
        app.type_text(confirm, 'another long password')
        app.click(button)
        app.find('label', re.compile('passwords differ'))
        check(count_accounts(database) == 0, 'an account was created with differing passwords')
        app.screenshot('first-run-error')

        # 3. Too short
        app.type_text(password, 'short')
        app.type_text(confirm, 'short')
        app.click(button)
        app.find('label', re.compile('too short'))
        check(count_accounts(database) == 0, 'an account was created with a short password')

        # 4. Create and log in
        app.type_text(password, 'a long enough password')
        app.type_text(confirm, 'a long enough password')
        app.click(button)
        app.find('label', 'No Person Record')
        app.screenshot('first-run-my-sessions')
        app.click(app.find('list item', 'Sessions'))
        app.find('entry', 'Search sessions')
        app.screenshot('first-run-sessions')

    # 5. One operator account, and the next start asks for a login
    check(count_accounts(database) == 1, 'expected one account after the first run')
    with casgui.App(database=database) as app:
        app.find('label', 'Log in to Certassur Desk')
        check(not app.find_all('password text', 'Confirm Password'),
              'the first-run form shows again although an account exists')


if __name__ == '__main__':
    try:
        main()
    except (Failure, LookupError, TimeoutError, RuntimeError) as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
    print('PASS: test-first-run')
