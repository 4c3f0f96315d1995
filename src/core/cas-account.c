/* cas-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cas-account-private.h"

struct _CasAccount
{
  GObject  parent_instance;

  gint64   id;
  char    *login;
  gint64   person_id;
  char    *display_name;
  CasRole  roles;
  GArray  *admin_companies;
  gboolean must_change_password;
  gboolean local;
  char    *database_id;
  char    *token;
};

G_DEFINE_FINAL_TYPE (CasAccount, cas_account, G_TYPE_OBJECT)

static void
cas_account_finalize (GObject *object)
{
  CasAccount *self = (CasAccount *)object;

  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->admin_companies, g_array_unref);
  g_clear_pointer (&self->database_id, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (cas_account_parent_class)->finalize (object);
}

static void
cas_account_class_init (CasAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cas_account_finalize;
}

static void
cas_account_init (CasAccount *self)
{
  self->admin_companies = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * _cas_account_new:
 *
 * Returns: (transfer full): an account as the services see it after a login
 */
CasAccount *
_cas_account_new (gint64        id,
                  const char   *login,
                  gint64        person_id,
                  const char   *display_name,
                  CasRole       roles,
                  const gint64 *admin_company_ids,
                  guint         n_admin_companies,
                  gboolean      must_change_password,
                  const char   *database_id,
                  const char   *token)
{
  CasAccount *self = g_object_new (CAS_TYPE_ACCOUNT, NULL);

  self->database_id = g_strdup (database_id);
  self->token = g_strdup (token);

  self->id = id;
  self->login = g_strdup (login);
  self->person_id = person_id;
  self->display_name = g_strdup (display_name ? display_name : login);
  self->roles = roles;
  self->must_change_password = must_change_password;
  if (n_admin_companies > 0)
    g_array_append_vals (self->admin_companies, admin_company_ids, n_admin_companies);

  return self;
}

/**
 * cas_account_new_local:
 *
 * Returns: (transfer full): the local maintenance actor of @db
 */
CasAccount *
cas_account_new_local (CasDatabase *db)
{
  g_autofree char *login = g_strdup_printf ("local:%s", g_get_user_name ());
  CasAccount *self;

  g_return_val_if_fail (CAS_IS_DATABASE (db), NULL);

  self = _cas_account_new (0, login, 0, login, CAS_ROLE_OPERATOR, NULL, 0, FALSE,
                           cas_database_get_id (db), NULL);
  self->local = TRUE;

  return self;
}

gboolean
cas_account_is_local (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), FALSE);

  return self->local;
}

const char *
_cas_account_get_token (CasAccount *self)
{
  return self->token;
}

const char *
_cas_account_get_database_id (CasAccount *self)
{
  return self->database_id;
}

gint64
cas_account_get_id (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), 0);

  return self->id;
}

const char *
cas_account_get_login (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), NULL);

  return self->login;
}

gint64
cas_account_get_person_id (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), 0);

  return self->person_id;
}

const char *
cas_account_get_display_name (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

CasRole
cas_account_get_roles (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), CAS_ROLE_NONE);

  return self->roles;
}

gboolean
cas_account_has_role (CasAccount *self,
                      CasRole     role)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), FALSE);

  return (self->roles & role) != 0;
}

const gint64 *
cas_account_get_admin_companies (CasAccount *self,
                                 guint      *n_companies)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), NULL);

  *n_companies = self->admin_companies->len;

  return (const gint64 *) (gpointer) self->admin_companies->data;
}

gboolean
cas_account_get_must_change_password (CasAccount *self)
{
  g_return_val_if_fail (CAS_IS_ACCOUNT (self), FALSE);

  return self->must_change_password;
}
