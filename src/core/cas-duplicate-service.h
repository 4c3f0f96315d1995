/* cas-duplicate-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Duplicate persons over the database: the full scan of the register, the
 * live check while a record is typed, and "not the same person". The
 * engine itself is cas-duplicate.h.
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-duplicate.h"
#include "cas-person-service.h"
#include "cas-types.h"

G_BEGIN_DECLS

#define CAS_DUPLICATE_ERROR (cas_duplicate_error_quark ())

typedef enum
{
  CAS_DUPLICATE_ERROR_SAME_RECORD,   /* a record paired with itself */
  CAS_DUPLICATE_ERROR_INVALID,       /* a parameter out of range */
} CasDuplicateError;

/* A record of a proposal, as the acting account may see it. Of a record
 * the account may not see (another centre's, for an administrator), only
 * the minimal identity the warning needs: the name, the year of birth and
 * the centre that holds it. */
typedef struct
{
  gint64    id;
  char     *ref;            /* external_ref, or "#ID" when it has none or is not visible */
  char     *first_name;
  char     *last_name;
  char     *birth_date;     /* YYYY-MM-DD, or YYYY when not visible; NULL if unknown */
  char     *centre;         /* the exam centre holding the record, or NULL */
  gboolean  visible;
} CasDuplicatePerson;

void cas_duplicate_person_free (CasDuplicatePerson *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasDuplicatePerson, cas_duplicate_person_free)

/* A pair of the full scan, or a match of the live check (b NULL: the
 * record typed) */
typedef struct
{
  CasDuplicatePerson     *a;
  CasDuplicatePerson     *b;
  double                  score;
  CasDuplicateBand        band;
  CasDuplicateComparison  comparison;
  char                   *reasons;   /* translated */
} CasDuplicateProposal;

void cas_duplicate_proposal_free (CasDuplicateProposal *proposal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasDuplicateProposal, cas_duplicate_proposal_free)

typedef struct
{
  GPtrArray         *pairs;       /* CasDuplicateProposal, best first */
  GPtrArray         *clusters;    /* GArray of gint64 person ids, largest group first */
  CasDuplicateStats  stats;       /* of the engine */
  double             read_seconds;   /* reading and normalising the persons */
  guint64            n_dismissed;    /* pairs left out: "not the same person" */
} CasDuplicateScan;

void cas_duplicate_scan_free (CasDuplicateScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasDuplicateScan, cas_duplicate_scan_free)

/* The fields typed so far, for the live check; any may be NULL */
typedef struct
{
  gint64      id;          /* the record being edited, left out of the matches; 0 for a new one */
  const char *first_name;
  const char *last_name;
  const char *birth_date;
  const char *sex;
  const char *nrn;
  const char *email;
  const char *phone;
  const char *street;
  const char *postcode;
  const char *city;
} CasDuplicateQuery;

#define CAS_TYPE_DUPLICATE_SERVICE (cas_duplicate_service_get_type ())

G_DECLARE_FINAL_TYPE (CasDuplicateService, cas_duplicate_service, CAS, DUPLICATE_SERVICE, GObject)

GQuark               cas_duplicate_error_quark        (void);
CasDuplicateService *cas_duplicate_service_new        (CasDatabase          *db);

/* Every pair of living persons scoring at least @min_score (for instance
 * CAS_DUPLICATE_LIKELY_SCORE), but those marked "not the same person",
 * with the clusters they form. Operators scan the whole register; an
 * administrator gets the pairs that involve a record of their centres (the
 * other record by its minimal identity). @progress goes from 0 to 1, called
 * on the calling thread. NULL with G_IO_ERROR_CANCELLED when cancelled. */
CasDuplicateScan    *cas_duplicate_service_scan       (CasDuplicateService      *self,
                                                       CasAccount               *actor,
                                                       double                    min_score,
                                                       CasDuplicateProgressFunc  progress,
                                                       gpointer                  progress_data,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);
/* The same in a thread. @progress is called in the thread-default main
 * context of the caller; @progress_data is freed with @progress_free. */
void                 cas_duplicate_service_scan_async (CasDuplicateService      *self,
                                                       CasAccount               *actor,
                                                       double                    min_score,
                                                       CasDuplicateProgressFunc  progress,
                                                       gpointer                  progress_data,
                                                       GDestroyNotify            progress_free,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
CasDuplicateScan    *cas_duplicate_service_scan_finish (CasDuplicateService     *self,
                                                        GAsyncResult            *result,
                                                        GError                 **error);

/* The live check: the existing persons that best match @query, at most
 * @max_results of them, "possible" or better, best first
 * (element-type CasDuplicateProposal, with a the existing record and b
 * NULL). Pairs marked "not the same person" with query->id are left out.
 * "Likely" needs an identifier (NRN, e-mail, phone) or two kinds of
 * evidence (name, birth date, address): a name alone or a birth date alone
 * is at most "possible". Operators and administrators. */
GPtrArray           *cas_duplicate_service_check      (CasDuplicateService      *self,
                                                       CasAccount               *actor,
                                                       const CasDuplicateQuery  *query,
                                                       guint                     max_results,
                                                       GError                  **error);

/* Records that persons @a and @b are not the same person, so that the pair
 * is never proposed again. Operators, and administrators for a pair with a
 * record of their centres. Recording it twice is no error. */
gboolean             cas_duplicate_service_dismiss    (CasDuplicateService      *self,
                                                       CasAccount               *actor,
                                                       gint64                    a,
                                                       gint64                    b,
                                                       const char               *reason,
                                                       GError                  **error);

/* Brings the lookup keys of the live check up to date for the persons
 * added in bulk since the last time (done by the check itself when
 * needed; an operator's desk may call it ahead, off the main thread). */
gboolean             cas_duplicate_service_update_keys (CasDuplicateService     *self,
                                                        CasAccount              *actor,
                                                        GCancellable            *cancellable,
                                                        GError                 **error);

G_END_DECLS
