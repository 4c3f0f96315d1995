/* cas-attestation-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-attestation-list"

#include "config.h"

#include "cas-attestation-item.h"
#include "cas-attestation-list.h"

/* 100 attestations a page, at most 50 pages in memory */
#define PAGE_SIZE 100
#define MAX_PAGES 50

struct _CasAttestationList
{
  CasPagedList         parent_instance;

  CasAttestationQuery *query;
};

G_DEFINE_FINAL_TYPE (CasAttestationList, cas_attestation_list, CAS_TYPE_PAGED_LIST)

CasAttestationQuery *
cas_attestation_list_copy_query (const CasAttestationQuery *query)
{
  CasAttestationQuery *copy = cas_attestation_query_new ();

  g_return_val_if_fail (query != NULL, copy);

  copy->search = g_strdup (query->search);
  copy->session_id = query->session_id;
  copy->person_id = query->person_id;
  copy->exam_code = g_strdup (query->exam_code);
  copy->status = query->status;
  copy->since = g_strdup (query->since);
  copy->until = g_strdup (query->until);

  return copy;
}

gboolean
cas_attestation_list_query_equal (const CasAttestationQuery *a,
                             const CasAttestationQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->search, b->search) == 0 &&
         a->session_id == b->session_id &&
         a->person_id == b->person_id &&
         g_strcmp0 (a->exam_code, b->exam_code) == 0 &&
         a->status == b->status &&
         g_strcmp0 (a->since, b->since) == 0 &&
         g_strcmp0 (a->until, b->until) == 0;
}

/* CasPagedList */

static gpointer
cas_attestation_list_dup_query (CasPagedList *list)
{
  return cas_attestation_list_copy_query (CAS_ATTESTATION_LIST (list)->query);
}

static void
cas_attestation_list_free_query (gpointer query)
{
  cas_attestation_query_free (query);
}

static gboolean
cas_attestation_list_count (CasPagedList  *list,
                            gconstpointer  query,
                            guint         *n_items,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return cas_attestation_service_count (cas_paged_list_get_service (list),
                                        cas_paged_list_get_account (list),
                                        query, n_items, error);
}

static GPtrArray *
cas_attestation_list_fetch (CasPagedList  *list,
                            gconstpointer  query,
                            guint          offset,
                            guint          limit,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) attestations = NULL;
  GPtrArray *items;

  attestations = cas_attestation_service_list (cas_paged_list_get_service (list),
                                               cas_paged_list_get_account (list),
                                               query, offset, limit, error);
  if (attestations == NULL)
    return NULL;

  /* The items take the attestations */
  g_ptr_array_set_free_func (attestations, NULL);
  items = g_ptr_array_new_full (attestations->len, g_object_unref);
  for (guint i = 0; i < attestations->len; i++)
    g_ptr_array_add (items, cas_attestation_item_new (g_ptr_array_index (attestations, i)));

  return items;
}

static gpointer
cas_attestation_list_new_placeholder (CasPagedList *list)
{
  return cas_attestation_item_new (NULL);
}

/* Public API */

CasAttestationList *
cas_attestation_list_new (CasAttestationService *service,
                          CasAccount            *account)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);

  return g_object_new (CAS_TYPE_ATTESTATION_LIST,
                       "service", service,
                       "account", account,
                       "item-type", CAS_TYPE_ATTESTATION_ITEM,
                       "page-size", PAGE_SIZE,
                       "max-pages", MAX_PAGES,
                       NULL);
}

const CasAttestationQuery *
cas_attestation_list_get_query (CasAttestationList *self)
{
  g_return_val_if_fail (CAS_IS_ATTESTATION_LIST (self), NULL);

  return self->query;
}

void
cas_attestation_list_set_query (CasAttestationList        *self,
                                const CasAttestationQuery *query)
{
  g_return_if_fail (CAS_IS_ATTESTATION_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, cas_attestation_query_free);
  self->query = cas_attestation_list_copy_query (query);
  cas_paged_list_reset (CAS_PAGED_LIST (self));
}

/* GObject */

static void
cas_attestation_list_finalize (GObject *object)
{
  CasAttestationList *self = CAS_ATTESTATION_LIST (object);

  g_clear_pointer (&self->query, cas_attestation_query_free);

  G_OBJECT_CLASS (cas_attestation_list_parent_class)->finalize (object);
}

static void
cas_attestation_list_class_init (CasAttestationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CasPagedListClass *list_class = CAS_PAGED_LIST_CLASS (klass);

  object_class->finalize = cas_attestation_list_finalize;

  list_class->dup_query = cas_attestation_list_dup_query;
  list_class->free_query = cas_attestation_list_free_query;
  list_class->count = cas_attestation_list_count;
  list_class->fetch = cas_attestation_list_fetch;
  list_class->new_placeholder = cas_attestation_list_new_placeholder;
}

static void
cas_attestation_list_init (CasAttestationList *self)
{
  self->query = cas_attestation_query_new ();
}
