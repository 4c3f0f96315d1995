/* cas-postgresql-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the core needs to know of PostgreSQL's roles. On a shared database
 * every account connects with a database role of its own, so that the
 * server enforces what the account may read and change (migration 3 and its
 * row-level security policies). Roles belong to the whole cluster, databases
 * do not: every name starts with a prefix made from the database's name, so
 * that several Certassur databases (and the tests' many) share one server.
 *
 *   prefix        the database's name when it is 2 to 30 letters and digits
 *                 starting with a letter (and not "pg..."), else "cas"
 *                 followed by 12 hex digits of the SHA-256 of the name
 *   group roles   PREFIX_operator, PREFIX_admin, PREFIX_controller,
 *                 PREFIX_candidate (every account's role is a candidate)
 *   login roles   PREFIX_u_LOGIN; beyond 63 bytes, its first 54 bytes, "_"
 *                 and 8 hex digits of the SHA-256 of the login
 *
 * The migration computes the same names in SQL (cas_role_prefix (),
 * cas_group_role (), cas_login_role ()); the two must agree, and the tests
 * check that they do.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest role name PostgreSQL keeps (NAMEDATALEN - 1) */
#define CAS_PG_MAX_ROLE_LENGTH 63

char *_cas_pg_role_prefix      (const char *dbname);
char *_cas_pg_group_role       (const char *dbname,
                                const char *kind);
char *_cas_pg_login_role       (const char *dbname,
                                const char *login);

/* What "ALTER ROLE ... PASSWORD" receives for @password: a SCRAM-SHA-256
 * verifier computed here, so that the password itself never reaches the
 * server's statement logs, when @password is ASCII (the server applies no
 * SASLprep normalisation to ASCII, so the verifier matches what a login
 * computes); the password itself otherwise, for the server to normalise
 * and hash. */
char *_cas_pg_password_secret  (const char *password);

/* @value inside single quotes of a libpq connection string: libgda puts
 * values between quotes without escaping them */
char *_cas_pg_conninfo_escape  (const char *value);

G_END_DECLS
