/* cas-duplicate-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cas-duplicate-group"

#include "config.h"

#include "cas-duplicate-group.h"

struct _CasDuplicateGroup
{
  GObject     parent_instance;

  GListStore *pairs;
  /* const CasDuplicatePerson *, owned by the pairs */
  GPtrArray  *persons;
};

G_DEFINE_FINAL_TYPE (CasDuplicateGroup, cas_duplicate_group, G_TYPE_OBJECT)

static void
add_person (CasDuplicateGroup        *self,
            const CasDuplicatePerson *person)
{
  for (guint i = 0; i < self->persons->len; i++)
    {
      const CasDuplicatePerson *known = g_ptr_array_index (self->persons, i);

      if (known->id == person->id)
        return;
    }

  g_ptr_array_add (self->persons, (gpointer) person);
}

static void
add_persons (CasDuplicateGroup    *self,
             CasDuplicatePairItem *pair)
{
  const CasDuplicateProposal *proposal = cas_duplicate_pair_item_get_proposal (pair);

  add_person (self, proposal->a);
  add_person (self, proposal->b);
}

CasDuplicateGroup *
cas_duplicate_group_new (void)
{
  return g_object_new (CAS_TYPE_DUPLICATE_GROUP, NULL);
}

void
cas_duplicate_group_add_pair (CasDuplicateGroup *self,
                              CasDuplicatePairItem *pair)
{
  g_return_if_fail (CAS_IS_DUPLICATE_GROUP (self));
  g_return_if_fail (CAS_IS_DUPLICATE_PAIR_ITEM (pair));

  g_list_store_append (self->pairs, pair);
  add_persons (self, pair);
}

gboolean
cas_duplicate_group_remove_pair (CasDuplicateGroup *self,
                                 CasDuplicatePairItem *pair)
{
  guint position;
  guint n_pairs;

  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), FALSE);
  g_return_val_if_fail (CAS_IS_DUPLICATE_PAIR_ITEM (pair), FALSE);

  if (!g_list_store_find (self->pairs, pair, &position))
    return FALSE;

  /* The persons point into the pairs: gathered again from those left */
  g_ptr_array_set_size (self->persons, 0);
  n_pairs = g_list_model_get_n_items (G_LIST_MODEL (self->pairs));
  for (guint i = 0; i < n_pairs; i++)
    {
      g_autoptr(CasDuplicatePairItem) other = NULL;

      other = g_list_model_get_item (G_LIST_MODEL (self->pairs), i);
      if (i != position)
        add_persons (self, other);
    }
  g_list_store_remove (self->pairs, position);

  return TRUE;
}

GListModel *
cas_duplicate_group_get_pairs (CasDuplicateGroup *self)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), NULL);

  return G_LIST_MODEL (self->pairs);
}

guint
cas_duplicate_group_get_n_persons (CasDuplicateGroup *self)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), 0);

  return self->persons->len;
}

const CasDuplicatePerson *
cas_duplicate_group_get_person (CasDuplicateGroup *self,
                                guint              index)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), NULL);
  g_return_val_if_fail (index < self->persons->len, NULL);

  return g_ptr_array_index (self->persons, index);
}

/* The pairs are kept best first */
static const CasDuplicateProposal *
best_proposal (CasDuplicateGroup *self)
{
  g_autoptr(CasDuplicatePairItem) best = g_list_model_get_item (G_LIST_MODEL (self->pairs), 0);

  return best != NULL ? cas_duplicate_pair_item_get_proposal (best) : NULL;
}

double
cas_duplicate_group_get_best_score (CasDuplicateGroup *self)
{
  const CasDuplicateProposal *best;

  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), 0.0);

  best = best_proposal (self);

  return best != NULL ? best->score : 0.0;
}

CasDuplicateBand
cas_duplicate_group_get_best_band (CasDuplicateGroup *self)
{
  const CasDuplicateProposal *best;

  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), CAS_DUPLICATE_BAND_UNLIKELY);

  best = best_proposal (self);

  return best != NULL ? best->band : CAS_DUPLICATE_BAND_UNLIKELY;
}

gboolean
cas_duplicate_group_all_visible (CasDuplicateGroup *self)
{
  g_return_val_if_fail (CAS_IS_DUPLICATE_GROUP (self), FALSE);

  for (guint i = 0; i < self->persons->len; i++)
    {
      const CasDuplicatePerson *person = g_ptr_array_index (self->persons, i);

      if (!person->visible)
        return FALSE;
    }

  return TRUE;
}

static void
cas_duplicate_group_dispose (GObject *object)
{
  CasDuplicateGroup *self = CAS_DUPLICATE_GROUP (object);

  /* The persons point into the pairs */
  g_ptr_array_set_size (self->persons, 0);
  g_clear_object (&self->pairs);

  G_OBJECT_CLASS (cas_duplicate_group_parent_class)->dispose (object);
}

static void
cas_duplicate_group_finalize (GObject *object)
{
  CasDuplicateGroup *self = CAS_DUPLICATE_GROUP (object);

  g_ptr_array_unref (self->persons);

  G_OBJECT_CLASS (cas_duplicate_group_parent_class)->finalize (object);
}

static void
cas_duplicate_group_class_init (CasDuplicateGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cas_duplicate_group_dispose;
  object_class->finalize = cas_duplicate_group_finalize;
}

static void
cas_duplicate_group_init (CasDuplicateGroup *self)
{
  self->pairs = g_list_store_new (CAS_TYPE_DUPLICATE_PAIR_ITEM);
  self->persons = g_ptr_array_new ();
}
