/* cas-session-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-session-list"

#include "config.h"

#include <string.h>

#include "cas-session-list.h"

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
  /* len objects: sessions once loaded; before, placeholders made when a
   * row asks, so one position keeps one object until items-changed */
  GPtrArray *items;
} Page;

struct _CasSessionList
{
  GObject            parent_instance;

  CasSessionService *service;
  /* Who looks: the list holds what this account may see */
  CasAccount        *account;
  CasSessionQuery   *query;
  guint              page_size;
  guint              max_pages;

  guint              n_items;
  GHashTable        *pages;        /* index -> Page */
  /* The pages rows asked for last, most recent first */
  guint              recent [N_RECENT_PAGES];
  guint              n_recent;

  /* Bumped by each query change or reload: late answers to older
   * requests are dropped */
  guint              generation;
  GCancellable      *cancellable;
  gboolean           counting;
  gboolean           counted;
  /* The count under way is a reload of the same query */
  gboolean           reloading;
  GQueue             queue;        /* page indices, most recent first */
  guint              n_running;

  char              *error;
};

static void cas_session_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CasSessionList, cas_session_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cas_session_list_model_init))

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_ACCOUNT,
  PROP_PAGE_SIZE,
  PROP_MAX_PAGES,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_COUNTED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  CasSessionList *self;
  guint           generation;
  guint           index;
} Request;

static Request *
request_new (CasSessionList *self,
             guint           index)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->generation = self->generation;
  request->index = index;

  return request;
}

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

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
compute_loading (CasSessionList *self)
{
  return self->counting || self->n_running > 0 || !g_queue_is_empty (&self->queue);
}

static void
update_loading (CasSessionList *self,
                gboolean        was_loading)
{
  if (was_loading != compute_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
set_error (CasSessionList *self,
           const char     *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR]);
}

static void
touch_page (CasSessionList *self,
            guint           index)
{
  guint i;

  for (i = 0; i < self->n_recent && self->recent[i] != index; i++)
    ;
  if (i == self->n_recent && self->n_recent < N_RECENT_PAGES)
    self->n_recent++;
  if (i == N_RECENT_PAGES)
    i = N_RECENT_PAGES - 1;

  memmove (&self->recent[1], &self->recent[0], i * sizeof (guint));
  self->recent[0] = index;
}

static gboolean
is_recent_page (CasSessionList *self,
                guint           index)
{
  for (guint i = 0; i < self->n_recent; i++)
    {
      if (self->recent[i] == index)
        return TRUE;
    }

  return FALSE;
}

/* Drops the loaded pages farthest from where the user looks (the page
 * asked for last), beyond max_pages. Rows of a dropped page become
 * placeholders again. */
static void
evict_pages (CasSessionList *self)
{
  guint here = self->n_recent > 0 ? self->recent[0] : 0;

  while (g_hash_table_size (self->pages) > self->max_pages)
    {
      GHashTableIter iter;
      Page *page;
      Page *farthest = NULL;
      guint farthest_distance = 0;
      guint start;
      guint len;

      g_hash_table_iter_init (&iter, self->pages);
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

      start = farthest->index * self->page_size;
      len = farthest->len;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest->index));
      g_list_model_items_changed (G_LIST_MODEL (self), start, len, len);
    }
}

static void pump (CasSessionList *self);

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  CasSessionList *self = request->self;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;
  Page *page;

  sessions = cas_session_service_list_finish (CAS_SESSION_SERVICE (object), result, &error);

  if (request->generation != self->generation)
    return;

  was_loading = compute_loading (self);
  self->n_running--;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (request->index));
  if (page == NULL || page->state != PAGE_LOADING)
    goto out;

  if (sessions == NULL)
    {
      /* Stays with its placeholders until a reload */
      page->state = PAGE_FAILED;
      g_warning ("Cannot load sessions %u to %u: %s",
                 page->index * self->page_size, page->index * self->page_size + page->len,
                 error->message);
      set_error (self, error->message);
      goto out;
    }

  /* The table may have changed since the count: the page keeps its length,
   * and rows that vanished stay placeholders until the next reload. The
   * placeholders rows got while the page loaded are replaced. */
  {
    GPtrArray *items = g_ptr_array_new_full (page->len, g_object_unref);

    for (guint i = 0; i < page->len; i++)
      {
        if (i < sessions->len)
          g_ptr_array_add (items, g_object_ref (g_ptr_array_index (sessions, i)));
        else
          g_ptr_array_add (items, cas_exam_session_new_placeholder ());
      }
    g_ptr_array_unref (page->items);
    page->items = items;
  }
  page->state = PAGE_LOADED;

  g_list_model_items_changed (G_LIST_MODEL (self), page->index * self->page_size,
                              page->len, page->len);
  evict_pages (self);

out:
  pump (self);
  update_loading (self, was_loading);
}

static void
pump (CasSessionList *self)
{
  while (self->n_running < MAX_RUNNING && !g_queue_is_empty (&self->queue))
    {
      guint index = GPOINTER_TO_UINT (g_queue_pop_head (&self->queue));
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

      if (page == NULL || page->state != PAGE_WAITING)
        continue;

      page->state = PAGE_LOADING;
      self->n_running++;
      cas_session_service_list_async (self->service, self->account, self->query,
                                      index * self->page_size, page->len,
                                      self->cancellable, list_cb,
                                      request_new (self, index));
    }
}

static void
request_page (CasSessionList *self,
              Page           *page)
{
  gpointer index = GUINT_TO_POINTER (page->index);
  gboolean was_loading = compute_loading (self);

  /* Most recent first: move it to the head */
  g_queue_remove (&self->queue, index);
  g_queue_push_head (&self->queue, index);
  pump (self);
  update_loading (self, was_loading);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  CasSessionList *self = request->self;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;
  guint old_n_items;
  guint n = 0;

  if (!cas_session_service_count_finish (CAS_SESSION_SERVICE (object), result, &n, &error))
    n = 0;

  if (request->generation != self->generation)
    return;

  was_loading = compute_loading (self);
  self->counting = FALSE;
  set_error (self, error ? error->message : NULL);

  old_n_items = self->n_items;

  if (self->reloading && n == old_n_items)
    {
      g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (guint));
      GHashTableIter iter;
      gpointer key;

      /* The same query, as many rows: only the pages in memory change, and
       * the list stays where it is */
      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint index = GPOINTER_TO_UINT (key);

          g_array_append_val (cached, index);
        }
      g_hash_table_remove_all (self->pages);

      for (guint i = 0; i < cached->len; i++)
        {
          guint index = g_array_index (cached, guint, i);
          guint start = index * self->page_size;

          g_list_model_items_changed (G_LIST_MODEL (self), start,
                                      MIN (self->page_size, n - start),
                                      MIN (self->page_size, n - start));
        }
    }
  else
    {
      /* Everything goes, in two steps: a selection model looks for its
       * selected item among the added items, and must not walk through all
       * of them (that would load every page). */
      g_hash_table_remove_all (self->pages);
      self->n_recent = 0;
      self->n_items = 0;
      if (old_n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, 0);
      self->n_items = n;
      if (n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
    }

  if (old_n_items != n)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
  if (!self->counted)
    {
      self->counted = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNTED]);
    }
  update_loading (self, was_loading);
}

static void
start_count (CasSessionList *self,
             gboolean        reloading)
{
  gboolean was_loading = compute_loading (self);

  self->reloading = reloading;

  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_queue_clear (&self->queue);
  self->n_running = 0;

  self->counting = TRUE;
  if (self->counted)
    {
      self->counted = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNTED]);
    }

  cas_session_service_count_async (self->service, self->account, self->query, self->cancellable,
                                   count_cb, request_new (self, 0));
  update_loading (self, was_loading);
}

/* GListModel */

static GType
cas_session_list_get_item_type (GListModel *model)
{
  return CAS_TYPE_EXAM_SESSION;
}

static guint
cas_session_list_get_n_items (GListModel *model)
{
  return CAS_SESSION_LIST (model)->n_items;
}

static gpointer
cas_session_list_get_item (GListModel *model,
                           guint       position)
{
  CasSessionList *self = CAS_SESSION_LIST (model);
  guint index;
  guint offset;
  Page *page;
  gpointer item;

  if (position >= self->n_items)
    return NULL;

  index = position / self->page_size;
  offset = position % self->page_size;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      page = page_new (index, MIN (self->page_size, self->n_items - index * self->page_size));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
    }

  item = g_ptr_array_index (page->items, offset);
  if (item == NULL)
    {
      item = cas_exam_session_new_placeholder ();
      g_ptr_array_index (page->items, offset) = item;
    }

  /* While a new query is counted, the old rows stay: load nothing for them */
  if (!self->counting)
    {
      touch_page (self, index);
      if (page->state == PAGE_WAITING)
        request_page (self, page);
    }

  return g_object_ref (item);
}

static void
cas_session_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cas_session_list_get_item_type;
  iface->get_n_items = cas_session_list_get_n_items;
  iface->get_item = cas_session_list_get_item;
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
  start_count (self, FALSE);
}

void
cas_session_list_reload (CasSessionList *self)
{
  g_return_if_fail (CAS_IS_SESSION_LIST (self));

  start_count (self, TRUE);
}

gboolean
cas_session_list_get_loading (CasSessionList *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_LIST (self), FALSE);

  return compute_loading (self);
}

gboolean
cas_session_list_get_counted (CasSessionList *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_LIST (self), FALSE);

  return self->counted;
}

const char *
cas_session_list_get_error (CasSessionList *self)
{
  g_return_val_if_fail (CAS_IS_SESSION_LIST (self), NULL);

  return self->error;
}

/* GObject */

static void
cas_session_list_constructed (GObject *object)
{
  CasSessionList *self = CAS_SESSION_LIST (object);

  G_OBJECT_CLASS (cas_session_list_parent_class)->constructed (object);

  g_assert (self->service != NULL);
  g_assert (self->account != NULL);

  self->query = cas_session_query_new (CAS_SESSION_WHEN_UPCOMING, NULL);
  start_count (self, FALSE);
}

static void
cas_session_list_dispose (GObject *object)
{
  CasSessionList *self = CAS_SESSION_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (cas_session_list_parent_class)->dispose (object);
}

static void
cas_session_list_finalize (GObject *object)
{
  CasSessionList *self = CAS_SESSION_LIST (object);

  g_queue_clear (&self->queue);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->query, cas_session_query_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (cas_session_list_parent_class)->finalize (object);
}

static void
cas_session_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CasSessionList *self = CAS_SESSION_LIST (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, compute_loading (self));
      break;

    case PROP_COUNTED:
      g_value_set_boolean (value, self->counted);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_session_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CasSessionList *self = CAS_SESSION_LIST (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    case PROP_MAX_PAGES:
      self->max_pages = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_session_list_class_init (CasSessionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cas_session_list_constructed;
  object_class->dispose = cas_session_list_dispose;
  object_class->finalize = cas_session_list_finalize;
  object_class->get_property = cas_session_list_get_property;
  object_class->set_property = cas_session_list_set_property;

  properties [PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         CAS_TYPE_SESSION_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CAS_TYPE_ACCOUNT,
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
cas_session_list_init (CasSessionList *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->max_pages = DEFAULT_MAX_PAGES;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  g_queue_init (&self->queue);
}
