/* cas-paged-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cas-account.h"

G_BEGIN_DECLS

/* A GListModel paged from the database: it counts the items matching its
 * query, then loads the pages rows ask for, the last asked first, off the
 * main thread, and keeps a bounded number of them. A row whose page is not
 * there yet is a placeholder until the page arrives, announced by
 * items-changed over the page.
 *
 * It reads its "service" as its "account": the items are what the account
 * may see. Subclasses hold the query and say how to count and fetch; the
 * list counts once constructed (a subclass sets its first query in its
 * instance init), and again when cas_paged_list_reset() says the query
 * changed. Every property the list notifies after construction ("n-items",
 * "loading", "counted", "error") is part of what a view shows of it. */
#define CAS_TYPE_PAGED_LIST (cas_paged_list_get_type ())

G_DECLARE_DERIVABLE_TYPE (CasPagedList, cas_paged_list, CAS, PAGED_LIST, GObject)

struct _CasPagedListClass
{
  GObjectClass parent_class;

  /* On the main thread, when a count or a page load starts: a copy of the
   * query, for the thread (the list's own may change meanwhile) */
  gpointer   (*dup_query)       (CasPagedList  *self);
  void       (*free_query)      (gpointer       query);

  /* In a thread; they may read only @query and what does not change after
   * construction */
  gboolean   (*count)           (CasPagedList  *self,
                                 gconstpointer  query,
                                 guint         *n_items,
                                 GCancellable  *cancellable,
                                 GError       **error);
  /* Returns: (transfer full) (element-type GObject): at most @limit items
   * of the item type, from @offset; fewer leave placeholders */
  GPtrArray *(*fetch)           (CasPagedList  *self,
                                 gconstpointer  query,
                                 guint          offset,
                                 guint          limit,
                                 GCancellable  *cancellable,
                                 GError       **error);

  /* On the main thread. Returns: (transfer full): an item of the item type
   * standing for a row not loaded yet */
  gpointer   (*new_placeholder) (CasPagedList  *self);
};

/* Returns: (transfer none) (type GObject): where the items come from */
gpointer    cas_paged_list_get_service (CasPagedList *self);
/* Returns: (transfer none): who looks at them */
CasAccount *cas_paged_list_get_account (CasPagedList *self);
/* Forgets every item and counts again: for a new query. Until the count
 * arrives, the model keeps showing the previous results, and loads nothing
 * for them; answers to older requests are dropped. */
void        cas_paged_list_reset       (CasPagedList *self);
/* Counts and loads again, for changes made elsewhere; when the number of
 * items did not change, the list keeps its place */
void        cas_paged_list_reload      (CasPagedList *self);
/* Whether a count or a page is on its way */
gboolean    cas_paged_list_get_loading (CasPagedList *self);
/* Whether the number of items is the one of the current query */
gboolean    cas_paged_list_get_counted (CasPagedList *self);
/* The last failure, for the user, or NULL */
const char *cas_paged_list_get_error   (CasPagedList *self);

G_END_DECLS
