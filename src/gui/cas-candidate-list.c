/* cas-candidate-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-candidate-list"

#include "config.h"

#include "cas-candidate-list.h"

/* 100 persons a page, at most 50 pages in memory: 5,000 rows of a list of
 * a million */
#define PAGE_SIZE 100
#define MAX_PAGES 50

struct _CasCandidateList
{
  CasPagedList    parent_instance;

  CasPersonQuery *query;
};

G_DEFINE_FINAL_TYPE (CasCandidateList, cas_candidate_list, CAS_TYPE_PAGED_LIST)

/* CasPagedList */

static gpointer
cas_candidate_list_dup_query (CasPagedList *list)
{
  return cas_person_query_copy (CAS_CANDIDATE_LIST (list)->query);
}

static void
cas_candidate_list_free_query (gpointer query)
{
  cas_person_query_free (query);
}

/* A count stops at CAS_PERSON_COUNT_LIMIT: when there are more, the list
 * holds one row more, the next person in order, and the view says "more
 * than" (cas_candidate_list_has_more()) */
static gboolean
cas_candidate_list_count (CasPagedList  *list,
                          gconstpointer  query,
                          guint         *n_items,
                          GCancellable  *cancellable,
                          GError       **error)
{
  gboolean more = FALSE;

  if (!cas_person_register_count (cas_paged_list_get_service (list),
                                  cas_paged_list_get_account (list),
                                  query, n_items, &more, cancellable, error))
    return FALSE;

  if (more)
    *n_items = CAS_PERSON_COUNT_LIMIT + 1;

  return TRUE;
}

static GPtrArray *
cas_candidate_list_fetch (CasPagedList  *list,
                          gconstpointer  query,
                          guint          offset,
                          guint          limit,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return cas_person_register_list (cas_paged_list_get_service (list),
                                   cas_paged_list_get_account (list),
                                   query, offset, limit, cancellable, error);
}

static gpointer
cas_candidate_list_new_placeholder (CasPagedList *list)
{
  return cas_person_summary_new_placeholder ();
}

/* Public API */

/**
 * cas_candidate_list_new:
 * @person_register: where the persons come from
 * @account: who looks at them
 *
 * Returns: (transfer full): a list of every person @account may see; it
 *   counts them at once
 */
CasCandidateList *
cas_candidate_list_new (CasPersonRegister *person_register,
                        CasAccount        *account)
{
  g_return_val_if_fail (CAS_IS_PERSON_REGISTER (person_register), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);

  return g_object_new (CAS_TYPE_CANDIDATE_LIST,
                       "service", person_register,
                       "account", account,
                       "item-type", CAS_TYPE_PERSON_SUMMARY,
                       "page-size", PAGE_SIZE,
                       "max-pages", MAX_PAGES,
                       NULL);
}

const CasPersonQuery *
cas_candidate_list_get_query (CasCandidateList *self)
{
  g_return_val_if_fail (CAS_IS_CANDIDATE_LIST (self), NULL);

  return self->query;
}

/* Whether the query finds more persons than the list holds: a count that
 * stopped (cas_candidate_list_count ()). A list of all the persons one
 * sees is counted whole, and may hold more. */
gboolean
cas_candidate_list_has_more (CasCandidateList *self)
{
  g_return_val_if_fail (CAS_IS_CANDIDATE_LIST (self), FALSE);

  return g_list_model_get_n_items (G_LIST_MODEL (self)) == CAS_PERSON_COUNT_LIMIT + 1;
}

void
cas_candidate_list_set_query (CasCandidateList     *self,
                              const CasPersonQuery *query)
{
  g_return_if_fail (CAS_IS_CANDIDATE_LIST (self));
  g_return_if_fail (query != NULL);

  g_clear_pointer (&self->query, cas_person_query_free);
  self->query = cas_person_query_copy (query);
  cas_paged_list_reset (CAS_PAGED_LIST (self));
}

/* GObject */

static void
cas_candidate_list_finalize (GObject *object)
{
  CasCandidateList *self = CAS_CANDIDATE_LIST (object);

  g_clear_pointer (&self->query, cas_person_query_free);

  G_OBJECT_CLASS (cas_candidate_list_parent_class)->finalize (object);
}

static void
cas_candidate_list_class_init (CasCandidateListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CasPagedListClass *list_class = CAS_PAGED_LIST_CLASS (klass);

  object_class->finalize = cas_candidate_list_finalize;

  list_class->dup_query = cas_candidate_list_dup_query;
  list_class->free_query = cas_candidate_list_free_query;
  list_class->count = cas_candidate_list_count;
  list_class->fetch = cas_candidate_list_fetch;
  list_class->new_placeholder = cas_candidate_list_new_placeholder;
}

static void
cas_candidate_list_init (CasCandidateList *self)
{
  self->query = cas_person_query_new (NULL);
}
