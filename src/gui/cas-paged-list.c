/* cas-paged-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-paged-list"

#include "config.h"

#include <string.h>

#include "cas-paged-list.h"

#define DEFAULT_PAGE_SIZE   100
#define DEFAULT_MAX_PAGES   50
/* Pages loading at once: the database serves one at a time anyway, and a
 * short queue lets the pages asked for last (where the user scrolled to)
 * go first. */
#define MAX_RUNNING         2
/* The pages asked for last are never dropped, wherever they are: the
 * selection may sit far from the rows on screen, and dropping either would
 * make them take turns loading */
#define N_RECENT_PAGES      4

typedef enum
{
  PAGE_WAITING,   /* asked for, queued */
  PAGE_LOADING,
  PAGE_LOADED,
  PAGE_FAILED,
} PageState;

typedef struct
{
  guint      index;
  guint      len;
  PageState  state;
  /* len items once loaded; before, placeholders made when a row asks, so
   * one position keeps one object until items-changed */
  GPtrArray *items;
} Page;

typedef struct
{
  GObject      *service;
  CasAccount   *account;
  GType         item_type;
  guint         page_size;
  guint         max_pages;

  guint         n_items;
  GHashTable   *pages;        /* index -> Page */
  /* The pages rows asked for last, most recent first */
  guint         recent [N_RECENT_PAGES];
  guint         n_recent;

  /* Bumped by each reset or reload: late answers to older requests are
   * dropped */
  guint         generation;
  GCancellable *cancellable;
  gboolean      counting;
  gboolean      counted;
  /* The count under way is a reload of the same query */
  gboolean      reloading;
  GQueue        queue;        /* page indices, most recent first */
  guint         n_running;

  char         *error;
} CasPagedListPrivate;

static void cas_paged_list_model_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (CasPagedList, cas_paged_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (CasPagedList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                         cas_paged_list_model_init))

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_ACCOUNT,
  PROP_ITEM_TYPE,
  PROP_PAGE_SIZE,
  PROP_MAX_PAGES,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_COUNTED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* What a thread needs: a copy of the query, taken when it starts */
typedef struct
{
  gpointer        query;
  GDestroyNotify  free_query;
  guint           generation;
  guint           index;
  guint           offset;
  guint           limit;
  /* The count's answer */
  guint           n_items;
} Job;

static Job *
job_new (CasPagedList *self,
         guint         index)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  CasPagedListClass *klass = CAS_PAGED_LIST_GET_CLASS (self);
  Job *job = g_new0 (Job, 1);

  job->query = klass->dup_query (self);
  job->free_query = klass->free_query;
  job->generation = priv->generation;
  job->index = index;

  return job;
}

static void
job_free (Job *job)
{
  if (job->query != NULL)
    job->free_query (job->query);
  g_free (job);
}

/* Pages hold NULL for rows nobody asked for yet */
static void
unref_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static Page *
page_new (guint index,
          guint len)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->len = len;
  page->state = PAGE_WAITING;
  page->items = g_ptr_array_new_full (len, unref_item);
  g_ptr_array_set_size (page->items, len);

  return page;
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static gboolean
compute_loading (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  return priv->counting || priv->n_running > 0 || !g_queue_is_empty (&priv->queue);
}

static void
update_loading (CasPagedList *self,
                gboolean      was_loading)
{
  if (was_loading != compute_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
set_error (CasPagedList *self,
           const char   *message)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  if (g_strcmp0 (priv->error, message) == 0)
    return;

  g_free (priv->error);
  priv->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR]);
}

static void
touch_page (CasPagedList *self,
            guint         index)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  guint i;

  for (i = 0; i < priv->n_recent && priv->recent[i] != index; i++)
    ;
  if (i == priv->n_recent && priv->n_recent < N_RECENT_PAGES)
    priv->n_recent++;
  if (i == N_RECENT_PAGES)
    i = N_RECENT_PAGES - 1;

  memmove (&priv->recent[1], &priv->recent[0], i * sizeof (guint));
  priv->recent[0] = index;
}

static gboolean
is_recent_page (CasPagedList *self,
                guint         index)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  for (guint i = 0; i < priv->n_recent; i++)
    {
      if (priv->recent[i] == index)
        return TRUE;
    }

  return FALSE;
}

/* Drops the loaded pages farthest from where the user looks (the page
 * asked for last), beyond max_pages. Rows of a dropped page become
 * placeholders again. */
static void
evict_pages (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  guint here = priv->n_recent > 0 ? priv->recent[0] : 0;

  while (g_hash_table_size (priv->pages) > priv->max_pages)
    {
      GHashTableIter iter;
      Page *page;
      Page *farthest = NULL;
      guint farthest_distance = 0;
      guint start;
      guint len;

      g_hash_table_iter_init (&iter, priv->pages);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
        {
          guint distance;

          if (page->state == PAGE_WAITING || page->state == PAGE_LOADING ||
              is_recent_page (self, page->index))
            continue;

          distance = page->index > here ? page->index - here : here - page->index;
          if (farthest == NULL || distance > farthest_distance)
            {
              farthest = page;
              farthest_distance = distance;
            }
        }

      if (farthest == NULL)
        return;

      start = farthest->index * priv->page_size;
      len = farthest->len;
      g_hash_table_remove (priv->pages, GUINT_TO_POINTER (farthest->index));
      g_list_model_items_changed (G_LIST_MODEL (self), start, len, len);
    }
}

/* Loading a page */

static void pump (CasPagedList *self);

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CasPagedList *self = source_object;
  Job *job = task_data;
  GError *error = NULL;
  GPtrArray *items;

  if (g_task_return_error_if_cancelled (task))
    return;

  items = CAS_PAGED_LIST_GET_CLASS (self)->fetch (self, job->query, job->offset, job->limit,
                                                  cancellable, &error);
  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;
  GPtrArray *items;
  Page *page;

  fetched = g_task_propagate_pointer (G_TASK (result), &error);

  if (job->generation != priv->generation)
    return;

  was_loading = compute_loading (self);
  priv->n_running--;

  page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (job->index));
  if (page == NULL || page->state != PAGE_LOADING)
    goto out;

  if (fetched == NULL)
    {
      /* Stays with its placeholders until a reload */
      page->state = PAGE_FAILED;
      g_warning ("Cannot load items %u to %u of %s: %s", job->offset, job->offset + page->len,
                 G_OBJECT_TYPE_NAME (self), error->message);
      set_error (self, error->message);
      goto out;
    }

  /* The table may have changed since the count: the page keeps its length,
   * and rows that vanished stay placeholders until the next reload. The
   * placeholders rows got while the page loaded are replaced. */
  items = g_ptr_array_new_full (page->len, g_object_unref);
  for (guint i = 0; i < page->len; i++)
    {
      if (i < fetched->len)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (fetched, i)));
      else
        g_ptr_array_add (items, CAS_PAGED_LIST_GET_CLASS (self)->new_placeholder (self));
    }
  g_ptr_array_unref (page->items);
  page->items = items;
  page->state = PAGE_LOADED;

  g_list_model_items_changed (G_LIST_MODEL (self), job->offset, page->len, page->len);
  evict_pages (self);

out:
  pump (self);
  update_loading (self, was_loading);
}

static void
pump (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  while (priv->n_running < MAX_RUNNING && !g_queue_is_empty (&priv->queue))
    {
      guint index = GPOINTER_TO_UINT (g_queue_pop_head (&priv->queue));
      Page *page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (index));
      g_autoptr(GTask) task = NULL;
      Job *job;

      if (page == NULL || page->state != PAGE_WAITING)
        continue;

      page->state = PAGE_LOADING;
      priv->n_running++;

      job = job_new (self, index);
      job->offset = index * priv->page_size;
      job->limit = page->len;

      task = g_task_new (self, priv->cancellable, fetch_cb, NULL);
      g_task_set_source_tag (task, pump);
      g_task_set_task_data (task, job, (GDestroyNotify) job_free);
      g_task_run_in_thread (task, fetch_thread);
    }
}

static void
request_page (CasPagedList *self,
              Page         *page)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  gpointer index = GUINT_TO_POINTER (page->index);
  gboolean was_loading = compute_loading (self);

  /* Most recent first: move it to the head */
  g_queue_remove (&priv->queue, index);
  g_queue_push_head (&priv->queue, index);
  pump (self);
  update_loading (self, was_loading);
}

/* Counting */

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CasPagedList *self = source_object;
  Job *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (CAS_PAGED_LIST_GET_CLASS (self)->count (self, job->query, &job->n_items,
                                              cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean was_loading;
  guint old_n_items;
  guint n = 0;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    n = job->n_items;

  if (job->generation != priv->generation)
    return;

  was_loading = compute_loading (self);
  priv->counting = FALSE;
  set_error (self, error ? error->message : NULL);

  old_n_items = priv->n_items;

  if (priv->reloading && n == old_n_items)
    {
      g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (guint));
      GHashTableIter iter;
      gpointer key;

      /* The same query, as many rows: only the pages in memory change, and
       * the list stays where it is */
      g_hash_table_iter_init (&iter, priv->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint index = GPOINTER_TO_UINT (key);

          g_array_append_val (cached, index);
        }
      g_hash_table_remove_all (priv->pages);

      for (guint i = 0; i < cached->len; i++)
        {
          guint index = g_array_index (cached, guint, i);
          guint start = index * priv->page_size;

          g_list_model_items_changed (G_LIST_MODEL (self), start,
                                      MIN (priv->page_size, n - start),
                                      MIN (priv->page_size, n - start));
        }
    }
  else
    {
      /* Everything goes, in two steps: a selection model looks for its
       * selected item among the added items, and must not walk through all
       * of them (that would load every page). */
      g_hash_table_remove_all (priv->pages);
      priv->n_recent = 0;
      priv->n_items = 0;
      if (old_n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, 0);
      priv->n_items = n;
      if (n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
    }

  if (old_n_items != n)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
  if (!priv->counted)
    {
      priv->counted = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNTED]);
    }
  update_loading (self, was_loading);
}

static void
start_count (CasPagedList *self,
             gboolean      reloading)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  gboolean was_loading = compute_loading (self);
  g_autoptr(GTask) task = NULL;

  priv->reloading = reloading;

  priv->generation++;
  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  g_queue_clear (&priv->queue);
  priv->n_running = 0;

  priv->counting = TRUE;
  if (priv->counted)
    {
      priv->counted = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNTED]);
    }

  task = g_task_new (self, priv->cancellable, count_cb, NULL);
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, job_new (self, 0), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, count_thread);

  update_loading (self, was_loading);
}

/* GListModel */

static GType
cas_paged_list_get_item_type (GListModel *model)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (CAS_PAGED_LIST (model));

  return priv->item_type;
}

static guint
cas_paged_list_get_n_items (GListModel *model)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (CAS_PAGED_LIST (model));

  return priv->n_items;
}

static gpointer
cas_paged_list_get_item (GListModel *model,
                         guint       position)
{
  CasPagedList *self = CAS_PAGED_LIST (model);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  guint index;
  guint offset;
  Page *page;
  gpointer item;

  if (position >= priv->n_items)
    return NULL;

  index = position / priv->page_size;
  offset = position % priv->page_size;

  page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      page = page_new (index, MIN (priv->page_size, priv->n_items - index * priv->page_size));
      g_hash_table_insert (priv->pages, GUINT_TO_POINTER (index), page);
    }

  item = g_ptr_array_index (page->items, offset);
  if (item == NULL)
    {
      item = CAS_PAGED_LIST_GET_CLASS (self)->new_placeholder (self);
      g_ptr_array_index (page->items, offset) = item;
    }

  /* While a new query is counted, the old rows stay: load nothing for them */
  if (!priv->counting)
    {
      touch_page (self, index);
      if (page->state == PAGE_WAITING)
        request_page (self, page);
    }

  return g_object_ref (item);
}

static void
cas_paged_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cas_paged_list_get_item_type;
  iface->get_n_items = cas_paged_list_get_n_items;
  iface->get_item = cas_paged_list_get_item;
}

/* Public API */

gpointer
cas_paged_list_get_service (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_PAGED_LIST (self), NULL);

  return priv->service;
}

CasAccount *
cas_paged_list_get_account (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_PAGED_LIST (self), NULL);

  return priv->account;
}

void
cas_paged_list_reset (CasPagedList *self)
{
  g_return_if_fail (CAS_IS_PAGED_LIST (self));

  start_count (self, FALSE);
}

void
cas_paged_list_reload (CasPagedList *self)
{
  g_return_if_fail (CAS_IS_PAGED_LIST (self));

  start_count (self, TRUE);
}

gboolean
cas_paged_list_get_loading (CasPagedList *self)
{
  g_return_val_if_fail (CAS_IS_PAGED_LIST (self), FALSE);

  return compute_loading (self);
}

gboolean
cas_paged_list_get_counted (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_PAGED_LIST (self), FALSE);

  return priv->counted;
}

const char *
cas_paged_list_get_error (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  g_return_val_if_fail (CAS_IS_PAGED_LIST (self), NULL);

  return priv->error;
}

/* GObject */

static void
cas_paged_list_constructed (GObject *object)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);
  CasPagedListClass *klass = CAS_PAGED_LIST_GET_CLASS (self);

  G_OBJECT_CLASS (cas_paged_list_parent_class)->constructed (object);

  g_assert (priv->service != NULL);
  g_assert (priv->account != NULL);
  g_assert (g_type_is_a (priv->item_type, G_TYPE_OBJECT));
  g_assert (klass->dup_query != NULL && klass->free_query != NULL);
  g_assert (klass->count != NULL && klass->fetch != NULL && klass->new_placeholder != NULL);

  start_count (self, FALSE);
}

static void
cas_paged_list_dispose (GObject *object)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->service);
  g_clear_object (&priv->account);

  G_OBJECT_CLASS (cas_paged_list_parent_class)->dispose (object);
}

static void
cas_paged_list_finalize (GObject *object)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  g_queue_clear (&priv->queue);
  g_clear_pointer (&priv->pages, g_hash_table_unref);
  g_clear_pointer (&priv->error, g_free);

  G_OBJECT_CLASS (cas_paged_list_parent_class)->finalize (object);
}

static void
cas_paged_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, priv->service);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, priv->account);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, priv->item_type);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, priv->page_size);
      break;

    case PROP_MAX_PAGES:
      g_value_set_uint (value, priv->max_pages);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, compute_loading (self));
      break;

    case PROP_COUNTED:
      g_value_set_boolean (value, priv->counted);
      break;

    case PROP_ERROR:
      g_value_set_string (value, priv->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_paged_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CasPagedList *self = CAS_PAGED_LIST (object);
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SERVICE:
      priv->service = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      priv->account = g_value_dup_object (value);
      break;

    case PROP_ITEM_TYPE:
      priv->item_type = g_value_get_gtype (value);
      break;

    case PROP_PAGE_SIZE:
      priv->page_size = g_value_get_uint (value);
      break;

    case PROP_MAX_PAGES:
      priv->max_pages = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_paged_list_class_init (CasPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cas_paged_list_constructed;
  object_class->dispose = cas_paged_list_dispose;
  object_class->finalize = cas_paged_list_finalize;
  object_class->get_property = cas_paged_list_get_property;
  object_class->set_property = cas_paged_list_set_property;

  /* Where the items come from: the subclass's service */
  properties [PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Who looks: the list holds what this account may see */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CAS_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The GListModel's item type, of the items and placeholders */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, 10000, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Loaded pages kept; at least 2 so that the rows on screen stay */
  properties [PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL,
                       2, G_MAXUINT, DEFAULT_MAX_PAGES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_COUNTED] =
    g_param_spec_boolean ("counted", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties [PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cas_paged_list_init (CasPagedList *self)
{
  CasPagedListPrivate *priv = cas_paged_list_get_instance_private (self);

  priv->item_type = G_TYPE_OBJECT;
  priv->page_size = DEFAULT_PAGE_SIZE;
  priv->max_pages = DEFAULT_MAX_PAGES;
  priv->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  g_queue_init (&priv->queue);
}
