/* cas-duplicate-pair-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-duplicate-pair-item"

#include "config.h"

#include "cas-duplicate-pair-item.h"

struct _CasDuplicatePairItem
{
  GObject               parent_instance;

  CasDuplicateProposal *proposal;
  gboolean              merge_requested;
};

G_DEFINE_FINAL_TYPE (CasDuplicatePairItem, cas_duplicate_pair_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MERGE_REQUESTED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

CasDuplicatePairItem *
cas_duplicate_pair_item_new (CasDuplicateProposal *proposal)
{
  CasDuplicatePairItem *self;

  g_return_val_if_fail (proposal != NULL, NULL);
  g_return_val_if_fail (proposal->a != NULL && proposal->b != NULL, NULL);

  self = g_object_new (CAS_TYPE_DUPLICATE_PAIR_ITEM, NULL);
  self->proposal = proposal;

  return self;
}

const CasDuplicateProposal *
cas_duplicate_pair_item_get_proposal (CasDuplicatePairItem *self)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_PAIR_ITEM (self), NULL);

  return self->proposal;
}

gboolean
cas_duplicate_pair_item_get_merge_requested (CasDuplicatePairItem *self)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_PAIR_ITEM (self), FALSE);

  return self->merge_requested;
}

void
cas_duplicate_pair_item_set_merge_requested (CasDuplicatePairItem *self,
                                             gboolean              requested)
{
  g_return_if_fail (CAS_IS_DUPLICATE_PAIR_ITEM (self));

  requested = !!requested;
  if (self->merge_requested == requested)
    return;

  self->merge_requested = requested;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MERGE_REQUESTED]);
}

gboolean
cas_duplicate_pair_item_has_centre (CasDuplicatePairItem *self,
                                    const char           *centre)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_PAIR_ITEM (self), FALSE);
  g_return_val_if_fail (centre != NULL, FALSE);

  return g_strcmp0 (self->proposal->a->centre, centre) == 0 ||
         g_strcmp0 (self->proposal->b->centre, centre) == 0;
}

static void
cas_duplicate_pair_item_finalize (GObject *object)
{
  CasDuplicatePairItem *self = CAS_DUPLICATE_PAIR_ITEM (object);

  g_clear_pointer (&self->proposal, cas_duplicate_proposal_free);

  G_OBJECT_CLASS (cas_duplicate_pair_item_parent_class)->finalize (object);
}

static void
cas_duplicate_pair_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CasDuplicatePairItem *self = CAS_DUPLICATE_PAIR_ITEM (object);

  switch (prop_id)
    {
    case PROP_MERGE_REQUESTED:
      g_value_set_boolean (value, self->merge_requested);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_duplicate_pair_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CasDuplicatePairItem *self = CAS_DUPLICATE_PAIR_ITEM (object);

  switch (prop_id)
    {
    case PROP_MERGE_REQUESTED:
      cas_duplicate_pair_item_set_merge_requested (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cas_duplicate_pair_item_class_init (CasDuplicatePairItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cas_duplicate_pair_item_finalize;
  object_class->get_property = cas_duplicate_pair_item_get_property;
  object_class->set_property = cas_duplicate_pair_item_set_property;

  properties [PROP_MERGE_REQUESTED] =
    g_param_spec_boolean ("merge-requested", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cas_duplicate_pair_item_init (CasDuplicatePairItem *self)
{
}
