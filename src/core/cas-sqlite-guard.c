/* cas-sqlite-guard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which programs may have a SQLite database open at once.
 *
 * SQLite coordinates the programs that share a database file with POSIX
 * advisory locks (fcntl) on the file and on its "-shm" companion. Such a
 * lock belongs to the process, and closing *any* descriptor of the file in
 * that process cancels all of them. A GTK file chooser shown on the
 * database's folder does exactly that: GIO opens every file of the folder
 * to guess its type and closes it. From then on another program sees the
 * database as unused: closing it, it checkpoints and deletes the "-wal"
 * file the desk still writes to; opening it, it truncates the shared index
 * under the desk's feet. Changes shown in the window are lost.
 *
 * So each program of Certassur also takes a flock() lock on a file beside
 * the database ("certassur.db-lock"). flock() locks belong to the open
 * file, not to the process, and survive other descriptors being closed.
 * Programs that never show a file chooser (the certassur command, tests)
 * take it shared and may run side by side, as SQLite allows; a desk takes
 * it exclusive, and while it has the database open no other program opens
 * it: they are refused with a message saying who holds it. Sharing one data
 * set between several programs at once is what PostgreSQL is for.
 *
 * One process may open a database several times (services on threads,
 * tests with two connections): the lock is taken once per process and
 * counted. Not for network file systems, where flock() falls back to the
 * same POSIX locks (SQLite is not for those either).
 */

#define G_LOG_DOMAIN "cas-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cas-database.h"
#include "cas-sqlite-guard-private.h"

struct _CasSqliteGuard
{
  char     *path;
  int       fd;
  gboolean  exclusive;
  guint     users;
};

static GMutex guards_mutex;
/* Path of the lock file -> CasSqliteGuard, for this process */
static GHashTable *guards;

/* The program that holds @fd's file exclusive, from what it wrote there:
 * "PID NAME"; NULL when it cannot be told */
static char *
describe_holder (int fd)
{
  char buffer[256];
  ssize_t n;
  g_auto(GStrv) fields = NULL;
  gint64 pid;

  n = pread (fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0)
    return NULL;
  buffer[n] = '\0';
  g_strchomp (buffer);

  fields = g_strsplit (buffer, " ", 2);
  if (g_strv_length (fields) != 2 ||
      !g_ascii_string_to_signed (fields[0], 10, 1, G_MAXINT, &pid, NULL) ||
      (kill ((pid_t) pid, 0) != 0 && errno == ESRCH))
    return NULL;

  if (g_str_equal (fields[1], "certassur-desk"))
    return g_strdup_printf (_("Certassur Desk (process %d)"), (int) pid);

  return g_strdup_printf (_("“%s” (process %d)"), fields[1], (int) pid);
}

static void
set_busy_error (GError     **error,
                const char  *database_path,
                int          fd)
{
  g_autofree char *holder = NULL;

  /* Shared holders are certassur commands; an exclusive one wrote its name */
  if (flock (fd, LOCK_SH | LOCK_NB) == 0)
    flock (fd, LOCK_UN);
  else
    holder = describe_holder (fd);

  if (holder != NULL)
    g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_BUSY,
                 _("Database “%s” is open in %s. A database file serves one desk at a time, "
                   "and no other program while a desk has it open: close it there first, or "
                   "share the data through a PostgreSQL database."),
                 database_path, holder);
  else
    g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_BUSY,
                 _("Database “%s” is in use by another program, such as a certassur command. "
                   "Wait until it has finished, then try again."),
                 database_path);
}

static gboolean
take_lock (CasSqliteGuard  *guard,
           const char      *database_path,
           gboolean         exclusive,
           GError         **error)
{
  g_autofree char *holder = NULL;

  if (flock (guard->fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv == EWOULDBLOCK)
        set_busy_error (error, database_path, guard->fd);
      else
        g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_UNREADABLE,
                     _("Cannot lock the database file “%s”: %s"),
                     database_path, g_strerror (errsv));
      return FALSE;
    }

  if (exclusive)
    {
      g_autofree char *line = g_strdup_printf ("%d %s\n", (int) getpid (),
                                               g_get_prgname () ? g_get_prgname () : "?");

      /* Only a hint for the message of others: failing to write is harmless */
      if (ftruncate (guard->fd, 0) != 0 ||
          pwrite (guard->fd, line, strlen (line), 0) < 0)
        g_debug ("Cannot write the holder of %s: %s", guard->path, g_strerror (errno));
    }

  guard->exclusive = exclusive;

  return TRUE;
}

static void
guard_free (CasSqliteGuard *guard)
{
  if (guard->exclusive && ftruncate (guard->fd, 0) != 0)
    g_debug ("Cannot empty %s: %s", guard->path, g_strerror (errno));
  /* The lock file holds no POSIX lock of SQLite's: closing it cancels none */
  close (guard->fd);
  g_free (guard->path);
  g_free (guard);
}

/*
 * _cas_sqlite_guard_acquire:
 * @database_path: the canonical path of the database file
 * @exclusive: whether no other program may open the database meanwhile
 * @error: a location for a #GError
 *
 * Takes this process's lock on the database at @database_path, before
 * SQLite opens it: shared, or exclusive for a program that shows file
 * choosers. Fails with %CAS_DATABASE_ERROR_BUSY, saying who holds it, when
 * another program holds it in a way that excludes this one.
 *
 * Returns: (transfer full): the guard, for _cas_sqlite_guard_release(), or
 *   %NULL with @error set
 */
CasSqliteGuard *
_cas_sqlite_guard_acquire (const char  *database_path,
                           gboolean     exclusive,
                           GError     **error)
{
  g_autofree char *path = g_strconcat (database_path, "-lock", NULL);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&guards_mutex);
  CasSqliteGuard *guard;

  if (guards == NULL)
    guards = g_hash_table_new (g_str_hash, g_str_equal);

  guard = g_hash_table_lookup (guards, path);
  if (guard != NULL)
    {
      /* Made exclusive by a later opening of this process: never less */
      if (exclusive && !guard->exclusive &&
          !take_lock (guard, database_path, TRUE, error))
        return NULL;
      guard->users++;
      return guard;
    }

  guard = g_new0 (CasSqliteGuard, 1);
  guard->path = g_steal_pointer (&path);
  guard->fd = g_open (guard->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (guard->fd < 0)
    {
      int errsv = errno;

      g_set_error (error, CAS_DATABASE_ERROR, CAS_DATABASE_ERROR_UNREADABLE,
                   _("Cannot create the lock file “%s” of the database: %s"),
                   guard->path, g_strerror (errsv));
      g_free (guard->path);
      g_free (guard);
      return NULL;
    }

  if (!take_lock (guard, database_path, exclusive, error))
    {
      guard->exclusive = FALSE;
      guard_free (guard);
      return NULL;
    }

  guard->users = 1;
  g_hash_table_insert (guards, guard->path, guard);

  return guard;
}

/*
 * _cas_sqlite_guard_release:
 * @guard: (transfer full): a guard of _cas_sqlite_guard_acquire()
 *
 * Gives back one opening's share of the lock; the last one unlocks. Call
 * it once SQLite has closed the database.
 */
void
_cas_sqlite_guard_release (CasSqliteGuard *guard)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&guards_mutex);

  g_return_if_fail (guard != NULL && guard->users > 0);

  if (--guard->users > 0)
    return;

  g_hash_table_remove (guards, guard->path);
  guard_free (guard);
}
