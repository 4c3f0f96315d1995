/* cas-session-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-session-list"

#include "config.h"

#include "cas-session-list.h"

/* 100 sessions a page, at most 50 pages in memory */
#define PAGE_SIZE 100
#define MAX_PAGES 50

struct _CasSessionList
{
  CasPagedList     parent_instance;

  CasSessionQuery *query;
};

G_DEFINE_FINAL_TYPE (CasSessionList, cas_session_list, CAS_TYPE_PAGED_LIST)

/* CasPagedList */

static gpointer
cas_session_list_dup_query (CasPagedList *list)
{
  return cas_session_query_copy (CAS_SESSION_LIST (list)->query);
}

static void
cas_session_list_free_query (gpointer query)
{
  cas_session_query_free (query);
}

static gboolean
cas_session_list_count (CasPagedList  *list,
                        gconstpointer  query,
                        guint         *n_items,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return cas_session_service_count (cas_paged_list_get_service (list),
                                    cas_paged_list_get_account (list),
                                    query, n_items, error);
}

static GPtrArray *
cas_session_list_fetch (CasPagedList  *list,
                        gconstpointer  query,
                        guint          offset,
                        guint          limit,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return cas_session_service_list (cas_paged_list_get_service (list),
                                   cas_paged_list_get_account (list),
                                   query, offset, limit, error);
}

static gpointer
cas_session_list_new_placeholder (CasPagedList *list)
{
  return cas_exam_session_new_placeholder ();
}

/* Public API */

/**
 * cas_session_list_new:
 * @service: where the sessions come from
 * @account: who looks at them
 *
 * Returns: (transfer full): a list of the upcoming sessions; it counts them
 *   at once
 */
CasSessionList *
cas_session_list_new (CasSessionService *service,
                      CasAccount        *account)
{
  g_return_val_if_fail (CAS_IS_SESSION_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);

  return g_object_new (CAS_TYPE_SESSION_LIST,
                       "service", service,
                       "account", account,
                       "item-type", CAS_TYPE_EXAM_SESSION,
                       "page-size", PAGE_SIZE,
                       "max-pages", MAX_PAGES,
                       NULL);
}

const CasSessionQuery *
cas_session_list_get_query (CasSessionList *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_LIST (self), NULL);

  return self->query;
}

void
cas_session_list_set_query (CasSessionList        *self,
                            const CasSessionQuery *query)
{
  g_return_if_fail (CAS_IS_SESSION_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, cas_session_query_free);
  self->query = cas_session_query_copy (query);
  cas_paged_list_reset (CAS_PAGED_LIST (self));
}

/* GObject */

static void
cas_session_list_finalize (GObject *object)
{
  CasSessionList *self = CAS_SESSION_LIST (object);

  g_clear_pointer (&self->query, cas_session_query_free);

  G_OBJECT_CLASS (cas_session_list_parent_class)->finalize (object);
}

static void
cas_session_list_class_init (CasSessionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CasPagedListClass *list_class = CAS_PAGED_LIST_CLASS (klass);

  object_class->finalize = cas_session_list_finalize;

  list_class->dup_query = cas_session_list_dup_query;
  list_class->free_query = cas_session_list_free_query;
  list_class->count = cas_session_list_count;
  list_class->fetch = cas_session_list_fetch;
  list_class->new_placeholder = cas_session_list_new_placeholder;
}

static void
cas_session_list_init (CasSessionList *self)
{
  self->query = cas_session_query_new (CAS_SESSION_WHEN_UPCOMING, NULL);
}
