/* cas-audit-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-audit-list"

#include "config.h"

#include "cas-audit-item.h"
#include "cas-audit-list.h"

/* 200 events a page, at most 20 pages in memory: 4,000 events however
 * long the log */
#define PAGE_SIZE 200
#define MAX_PAGES 20

struct _CasAuditList
{
  CasPagedList   parent_instance;

  CasAuditQuery *query;
};

G_DEFINE_FINAL_TYPE (CasAuditList, cas_audit_list, CAS_TYPE_PAGED_LIST)

static CasAuditQuery *
copy_query (const CasAuditQuery *query)
{
  CasAuditQuery *copy = cas_audit_query_new ();

  copy->actor = g_strdup (query->actor);
  copy->action = g_strdup (query->action);
  copy->since = g_strdup (query->since);
  copy->until = g_strdup (query->until);
  copy->record_type = g_strdup (query->record_type);
  copy->record_id = query->record_id;

  return copy;
}

/* CasPagedList */

static gpointer
cas_audit_list_copy_query (CasPagedList *list)
{
  return copy_query (CAS_AUDIT_LIST (list)->query);
}

static void
cas_audit_list_free_query (gpointer query)
{
  cas_audit_query_free (query);
}

static gboolean
cas_audit_list_count (CasPagedList  *list,
                      gconstpointer  query,
                      guint         *n_items,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return cas_audit_service_count (cas_paged_list_get_service (list),
                                  cas_paged_list_get_account (list),
                                  query, n_items, error);
}

static GPtrArray *
cas_audit_list_fetch (CasPagedList  *list,
                      gconstpointer  query,
                      guint          offset,
                      guint          limit,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) events = NULL;
  GPtrArray *items;

  events = cas_audit_service_list (cas_paged_list_get_service (list),
                                   cas_paged_list_get_account (list),
                                   query, offset, limit, error);
  if (events == NULL)
    return NULL;

  /* The items take the events */
  g_ptr_array_set_free_func (events, NULL);
  items = g_ptr_array_new_full (events->len, g_object_unref);
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (items, cas_audit_item_new (g_ptr_array_index (events, i)));

  return items;
}

static gpointer
cas_audit_list_new_placeholder (CasPagedList *list)
{
  return cas_audit_item_new (NULL);
}

/* Public API */

CasAuditList *
cas_audit_list_new (CasAuditService *service,
                    CasAccount      *account)
{
  g_return_val_if_fail (CAS_IS_AUDIT_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);

  return g_object_new (CAS_TYPE_AUDIT_LIST,
                       "service", service,
                       "account", account,
                       "item-type", CAS_TYPE_AUDIT_ITEM,
                       "page-size", PAGE_SIZE,
                       "max-pages", MAX_PAGES,
                       NULL);
}

const CasAuditQuery *
cas_audit_list_get_query (CasAuditList *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_LIST (self), NULL);

  return self->query;
}

CasAuditQuery *
cas_audit_list_dup_query (CasAuditList *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_LIST (self), NULL);

  return copy_query (self->query);
}

void
cas_audit_list_set_query (CasAuditList        *self,
                          const CasAuditQuery *query)
{
  g_return_if_fail (CAS_IS_AUDIT_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, cas_audit_query_free);
  self->query = copy_query (query);
  cas_paged_list_reset (CAS_PAGED_LIST (self));
}

/* GObject */

static void
cas_audit_list_finalize (GObject *object)
{
  CasAuditList *self = CAS_AUDIT_LIST (object);

  g_clear_pointer (&self->query, cas_audit_query_free);

  G_OBJECT_CLASS (cas_audit_list_parent_class)->finalize (object);
}

static void
cas_audit_list_class_init (CasAuditListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CasPagedListClass *list_class = CAS_PAGED_LIST_CLASS (klass);

  object_class->finalize = cas_audit_list_finalize;

  list_class->dup_query = cas_audit_list_copy_query;
  list_class->free_query = cas_audit_list_free_query;
  list_class->count = cas_audit_list_count;
  list_class->fetch = cas_audit_list_fetch;
  list_class->new_placeholder = cas_audit_list_new_placeholder;
}

static void
cas_audit_list_init (CasAuditList *self)
{
  self->query = cas_audit_query_new ();
}
