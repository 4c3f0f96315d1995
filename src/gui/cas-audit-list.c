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
#define PAGE_SIZE    200
#define MAX_PAGES    20
/* Pages loading at once: the database serves one at a time anyway, and a
 * short queue lets the pages asked for last (where the user scrolled to)
 * go first */
#define MAX_RUNNING  2

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
  /* len CasAuditItems: placeholders until loaded, so that one position
   * keeps one object until items-changed */
  GPtrArray *items;
} Page;

struct _CasAuditList
{
  GObject          parent_instance;

  CasAuditService *service;
  /* Who looks: the core lets operators only */
  CasAccount      *account;
  CasAuditQuery   *query;

  guint            n_items;
  GHashTable      *pages;        /* index -> Page */
  /* The page rows asked for last: where the user looks */
  guint            here;

  /* Bumped by each query change or reload: late answers to older
   * requests are dropped */
  guint            generation;
  GCancellable    *cancellable;
  gboolean         counting;
  gboolean         counted;
  GQueue           queue;        /* page indices, most recent first */
  guint            n_running;

  char            *error;
};

static void cas_audit_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CasAuditList, cas_audit_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cas_audit_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_COUNTED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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

/* What a thread needs, with copies of what the main thread may change
 * meanwhile */
typedef struct
{
  CasAuditList  *self;
  CasAccount    *account;
  CasAuditQuery *query;
  guint          generation;
  guint          index;
} Job;

static Job *
job_new (CasAuditList *self,
         guint         index)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->account = g_object_ref (self->account);
  job->query = copy_query (self->query);
  job->generation = self->generation;
  job->index = index;

  return job;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->account);
  g_clear_pointer (&job->query, cas_audit_query_free);
  g_free (job);
}

static Page *
page_new (guint index,
          guint len)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->len = len;
  page->state = PAGE_WAITING;
  page->items = g_ptr_array_new_full (len, g_object_unref);
  for (guint i = 0; i < len; i++)
    g_ptr_array_add (page->items, cas_audit_item_new (NULL));

  return page;
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static gboolean
compute_loading (CasAuditList *self)
{
  return self->counting || self->n_running > 0 || !g_queue_is_empty (&self->queue);
}

static void
update_loading (CasAuditList *self,
                gboolean      was_loading)
{
  if (was_loading != compute_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADING]);
}

static void
set_error (CasAuditList *self,
           const char   *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR]);
}

/* Drops the loaded pages farthest from where the user looks, beyond
 * MAX_PAGES; the page there and its neighbours stay (rows on screen may
 * straddle two pages). Rows of a dropped page become placeholders again. */
static void
evict_pages (CasAuditList *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
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
          guint distance = page->index > self->here ? page->index - self->here
                                                    : self->here - page->index;

          if (page->state == PAGE_WAITING || page->state == PAGE_LOADING || distance <= 1)
            continue;

          if (farthest == NULL || distance > farthest_distance)
            {
              farthest = page;
              farthest_distance = distance;
            }
        }

      if (farthest == NULL)
        return;

      start = farthest->index * PAGE_SIZE;
      len = farthest->len;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest->index));
      g_list_model_items_changed (G_LIST_MODEL (self), start, len, len);
    }
}

static void pump (CasAuditList *self);

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GPtrArray *events;

  events = cas_audit_service_list (source_object, job->account, job->query,
                                   job->index * PAGE_SIZE, PAGE_SIZE, &error);
  if (events == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  CasAuditList *self = job->self;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;
  GPtrArray *items;
  Page *page;

  events = g_task_propagate_pointer (G_TASK (result), &error);

  if (job->generation != self->generation)
    return;

  was_loading = compute_loading (self);
  self->n_running--;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->index));
  if (page == NULL || page->state != PAGE_LOADING)
    goto out;

  if (events == NULL)
    {
      /* Stays with its placeholders until a reload */
      page->state = PAGE_FAILED;
      g_warning ("Cannot load audit events %u to %u: %s", page->index * PAGE_SIZE,
                 page->index * PAGE_SIZE + page->len, error->message);
      set_error (self, error->message);
      goto out;
    }

  /* The log may have grown since the count: the page keeps its length,
   * rows past the events stay placeholders until the next reload */
  items = g_ptr_array_new_full (page->len, g_object_unref);
  g_ptr_array_set_free_func (events, NULL);
  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (items, cas_audit_item_new (i < events->len ? events->pdata[i] : NULL));
  for (guint i = page->len; i < events->len; i++)
    cas_audit_event_free (events->pdata[i]);
  g_ptr_array_unref (page->items);
  page->items = items;
  page->state = PAGE_LOADED;

  g_list_model_items_changed (G_LIST_MODEL (self), page->index * PAGE_SIZE, page->len, page->len);
  evict_pages (self);

out:
  pump (self);
  update_loading (self, was_loading);
}

static void
pump (CasAuditList *self)
{
  while (self->n_running < MAX_RUNNING && !g_queue_is_empty (&self->queue))
    {
      guint index = GPOINTER_TO_UINT (g_queue_pop_head (&self->queue));
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
      g_autoptr(GTask) task = NULL;

      if (page == NULL || page->state != PAGE_WAITING)
        continue;

      page->state = PAGE_LOADING;
      self->n_running++;

      task = g_task_new (self->service, self->cancellable, list_cb, NULL);
      g_task_set_source_tag (task, pump);
      g_task_set_task_data (task, job_new (self, index), (GDestroyNotify) job_free);
      g_task_run_in_thread (task, list_thread);
    }
}

static void
request_page (CasAuditList *self,
              Page         *page)
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
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  guint n = 0;

  if (cas_audit_service_count (source_object, job->account, job->query, &n, &error))
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  CasAuditList *self = job->self;
  g_autoptr(GError) error = NULL;
  gboolean was_loading;
  guint old_n_items;
  gssize n;

  n = g_task_propagate_int (G_TASK (result), &error);
  if (n < 0)
    n = 0;

  if (job->generation != self->generation)
    return;

  was_loading = compute_loading (self);
  self->counting = FALSE;
  set_error (self, error ? error->message : NULL);

  /* Everything goes, in two steps: a list view must not walk through the
   * old and new items together (that would load every page) */
  old_n_items = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->here = 0;
  self->n_items = 0;
  if (old_n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, 0);
  self->n_items = (guint) MIN (n, G_MAXUINT);
  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);

  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
  self->counted = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COUNTED]);
  update_loading (self, was_loading);
}

static void
start_count (CasAuditList *self)
{
  gboolean was_loading = compute_loading (self);
  g_autoptr(GTask) task = NULL;

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

  task = g_task_new (self->service, self->cancellable, count_cb, NULL);
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, job_new (self, 0), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, count_thread);

  update_loading (self, was_loading);
}

/* GListModel */

static GType
cas_audit_list_get_item_type (GListModel *model)
{
  return CAS_TYPE_AUDIT_ITEM;
}

static guint
cas_audit_list_get_n_items (GListModel *model)
{
  return CAS_AUDIT_LIST (model)->n_items;
}

static gpointer
cas_audit_list_get_item (GListModel *model,
                         guint       position)
{
  CasAuditList *self = CAS_AUDIT_LIST (model);
  guint index;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  index = position / PAGE_SIZE;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    {
      page = page_new (index, MIN (PAGE_SIZE, self->n_items - index * PAGE_SIZE));
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
    }

  /* While a new query is counted, the old rows stay: load nothing for them */
  if (!self->counting)
    {
      self->here = index;
      if (page->state == PAGE_WAITING)
        request_page (self, page);
    }

  return g_object_ref (g_ptr_array_index (page->items, position % PAGE_SIZE));
}

static void
cas_audit_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cas_audit_list_get_item_type;
  iface->get_n_items = cas_audit_list_get_n_items;
  iface->get_item = cas_audit_list_get_item;
}

/* Public API */

CasAuditList *
cas_audit_list_new (CasAuditService *service,
                    CasAccount      *account)
{
  CasAuditList *self;

  g_return_val_if_fail (CAS_IS_AUDIT_SERVICE (service), NULL);
  g_return_val_if_fail (CAS_IS_ACCOUNT (account), NULL);

  self = g_object_new (CAS_TYPE_AUDIT_LIST, NULL);
  self->service = g_object_ref (service);
  self->account = g_object_ref (account);
  self->query = cas_audit_query_new ();
  start_count (self);

  return self;
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
  start_count (self);
}

void
cas_audit_list_reload (CasAuditList *self)
{
  g_return_if_fail (CAS_IS_AUDIT_LIST (self));

  start_count (self);
}

gboolean
cas_audit_list_get_loading (CasAuditList *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_LIST (self), FALSE);

  return compute_loading (self);
}

gboolean
cas_audit_list_get_counted (CasAuditList *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_LIST (self), FALSE);

  return self->counted;
}

const char *
cas_audit_list_get_error (CasAuditList *self)
{
  g_return_val_if_fail (CAS_IS_AUDIT_LIST (self), NULL);

  return self->error;
}

/* GObject */

static void
cas_audit_list_dispose (GObject *object)
{
  CasAuditList *self = CAS_AUDIT_LIST (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (cas_audit_list_parent_class)->dispose (object);
}

static void
cas_audit_list_finalize (GObject *object)
{
  CasAuditList *self = CAS_AUDIT_LIST (object);

  g_queue_clear (&self->queue);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->query, cas_audit_query_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (cas_audit_list_parent_class)->finalize (object);
}

static void
cas_audit_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CasAuditList *self = CAS_AUDIT_LIST (object);

  switch (prop_id)
    {
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
cas_audit_list_class_init (CasAuditListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cas_audit_list_dispose;
  object_class->finalize = cas_audit_list_finalize;
  object_class->get_property = cas_audit_list_get_property;

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
cas_audit_list_init (CasAuditList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  g_queue_init (&self->queue);
}
