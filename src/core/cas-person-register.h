/* cas-person-register.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The person register of the Candidates view: search as you type over
 * name, NRN, e-mail and phone, filtered and paged lists for a paged
 * GListModel (count, then pages), what a detail pane shows of one person,
 * and "use this record and update its e-mail".
 */

#pragma once

#include <gio/gio.h>

#include "cas-attestation-service.h"
#include "cas-audit-service.h"
#include "cas-database.h"
#include "cas-duplicate-service.h"
#include "cas-person-service.h"
#include "cas-person-summary.h"
#include "cas-types.h"

G_BEGIN_DECLS

#define CAS_PERSON_REGISTER_ERROR (cas_person_register_error_quark ())

typedef enum
{
  CAS_PERSON_REGISTER_ERROR_INVALID,   /* a search text too long, a language unknown */
} CasPersonRegisterError;

/* At most this many characters of search text */
#define CAS_PERSON_SEARCH_MAX_LENGTH 200

typedef enum
{
  CAS_PERSON_EXAMS_ANY,
  CAS_PERSON_EXAMS_SOME,    /* at least one registration (not cancelled) */
  CAS_PERSON_EXAMS_NONE,
} CasPersonExams;

/* What a list of the register shows. Every filter holds together. */
typedef struct
{
  /* Free text: every word is the start of a word of the name, of the
   * e-mail, or a part of NRN or phone typed with or without separators
   * ("van den br", "dupo", "85.07.30-033", "0470/12.34", "jean.dup").
   * Accents and case do not matter. NULL or blank: everyone. */
  char            *search;
  gint64           company_id;        /* 0 for every centre the viewer sees */
  char            *language;          /* "fr", "nl", "de", "en"; NULL for any */
  CasPersonExams   exams;
  gboolean         duplicates_only;   /* persons of the last full duplicate scan */
} CasPersonQuery;

#define CAS_TYPE_PERSON_QUERY (cas_person_query_get_type ())
GType           cas_person_query_get_type (void) G_GNUC_CONST;
CasPersonQuery *cas_person_query_new      (const char           *search);
CasPersonQuery *cas_person_query_copy     (const CasPersonQuery *query);
void            cas_person_query_free     (CasPersonQuery       *query);
gboolean        cas_person_query_equal    (const CasPersonQuery *a,
                                           const CasPersonQuery *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasPersonQuery, cas_person_query_free)

/* One registration of a person, as the detail shows it */
typedef struct
{
  gint64                 id;
  gint64                 session_id;
  char                  *exam_code;
  char                  *exam_title;    /* in the language asked for */
  char                  *starts_at;     /* Brussels time, "YYYY-MM-DDTHH:MM" */
  char                  *centre;        /* the centre holding the session */
  CasRegistrationStatus  status;
  int                    score;         /* out of 100; -1 when none yet */
} CasPersonExam;

void cas_person_exam_free (CasPersonExam *exam);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasPersonExam, cas_person_exam_free)

/* Everything a detail pane shows of one person, read in one call. Parts
 * the viewer may not see are NULL (account, history) or empty. */
typedef struct
{
  CasPerson  *person;            /* the whole record, for the edit form and its revision */
  char       *nrn_display;       /* formatted for operators, masked for others; NULL if none */
  gboolean    possible_duplicate;

  /* The login of the person, for operators (who manage accounts);
   * account_id is 0 when there is none or it is not shown */
  gint64      account_id;
  char       *login;
  CasRole     roles;
  gboolean    disabled;

  GPtrArray  *exams;             /* CasPersonExam, latest session first */
  GPtrArray  *attestations;      /* CasAttestation (cas-attestation-service.h), latest first */
  GPtrArray  *duplicates;        /* CasDuplicateProposal of the live check, best first (a the
                                  * other record, b NULL), with their reasons */
  GPtrArray  *history;           /* CasAuditEvent of the record, latest first; operators only
                                  * (the audit log is theirs), NULL for others */
} CasPersonDetail;

void cas_person_detail_free (CasPersonDetail *detail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasPersonDetail, cas_person_detail_free)

#define CAS_TYPE_PERSON_REGISTER (cas_person_register_get_type ())

G_DECLARE_FINAL_TYPE (CasPersonRegister, cas_person_register, CAS, PERSON_REGISTER, GObject)

GQuark             cas_person_register_error_quark (void);
CasPersonRegister *cas_person_register_new         (CasDatabase           *db);

/* A count stops past this many persons: what one scrolls through, and
 * what a count costs, have a bound however many a search finds */
#define CAS_PERSON_COUNT_LIMIT 10000

/* Lists. Operators see every living person (merged-away records never
 * appear); administrators the persons of their exam centres (on PostgreSQL
 * the server's row security says the same); others are refused
 * (CAS_ACCESS_ERROR). A search text longer than
 * CAS_PERSON_SEARCH_MAX_LENGTH is refused (CAS_PERSON_REGISTER_ERROR).
 *
 * The count: @n_persons gets how many persons @query finds, but at most
 * CAS_PERSON_COUNT_LIMIT for a search or a filter; @more (may be NULL)
 * whether it finds more than that (a list then shows the first
 * CAS_PERSON_COUNT_LIMIT and says there are more). The whole register (no
 * search, no filter) is counted to its end: one may scroll through it.
 *
 * @cancellable: a count or page no longer wanted (the search changed) fails
 * with G_IO_ERROR_CANCELLED once cancelled. It is checked between the steps
 * (the viewer's rights, the choice of the way to read a page, the page, its
 * rows). A statement under way runs to its end: libgda 5 offers no way to
 * interrupt one (the SQLite handle and its progress handler are out of
 * reach). A count reads at most CAS_PERSON_COUNT_LIMIT + 1 matches; a page
 * of a SQLite search reads its matches once (all of them when they are
 * many), then as much of the order's index as the page needs. */
gboolean           cas_person_register_count       (CasPersonRegister     *self,
                                                    CasAccount            *actor,
                                                    const CasPersonQuery  *query,
                                                    guint                 *n_persons,
                                                    gboolean              *more,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
/* Returns: (transfer full) (element-type CasPersonSummary): a page, by last
 * name then first name, in lower case without accents ("Lefèvre" beside
 * "Lefevre"), and id, so that pages do not overlap; the NRN masked but for
 * operators */
GPtrArray         *cas_person_register_list        (CasPersonRegister     *self,
                                                    CasAccount            *actor,
                                                    const CasPersonQuery  *query,
                                                    guint                  offset,
                                                    guint                  limit,
                                                    GCancellable          *cancellable,
                                                    GError               **error);

/* The same off the calling thread */
void               cas_person_register_count_async  (CasPersonRegister    *self,
                                                     CasAccount           *actor,
                                                     const CasPersonQuery *query,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean           cas_person_register_count_finish (CasPersonRegister    *self,
                                                     GAsyncResult         *result,
                                                     guint                *n_persons,
                                                     gboolean             *more,
                                                     GError              **error);
void               cas_person_register_list_async   (CasPersonRegister    *self,
                                                     CasAccount           *actor,
                                                     const CasPersonQuery *query,
                                                     guint                 offset,
                                                     guint                 limit,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray         *cas_person_register_list_finish  (CasPersonRegister    *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The detail of one person: the record (refused as cas_person_service_get()
 * refuses), its login, registrations with results, attestations, the live
 * duplicate check of the record and its audit history. @language (NULL for
 * the UI language) names the exams. */
CasPersonDetail   *cas_person_register_get_detail    (CasPersonRegister   *self,
                                                      CasAccount          *actor,
                                                      gint64               person_id,
                                                      const char          *language,
                                                      GError             **error);
void               cas_person_register_get_detail_async  (CasPersonRegister   *self,
                                                          CasAccount          *actor,
                                                          gint64               person_id,
                                                          const char          *language,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
CasPersonDetail   *cas_person_register_get_detail_finish (CasPersonRegister   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* "Use this record and update its e-mail": sets the e-mail of @person_id
 * to @email if the record is still at @revision (the revision the caller
 * read, CasPerson.revision); otherwise fails with CAS_PERSON_ERROR_CHANGED
 * ("changed by someone else since you opened it") and writes nothing.
 * With @keep_previous the former address becomes the secondary one (when
 * it differs). Validated, refused and audited as cas_person_service_update()
 * (administrators: persons of their centres). @new_revision (may be NULL)
 * gets the record's revision after the change. */
gboolean           cas_person_register_update_email  (CasPersonRegister   *self,
                                                      CasAccount          *actor,
                                                      gint64               person_id,
                                                      int                  revision,
                                                      const char          *email,
                                                      gboolean             keep_previous,
                                                      int                 *new_revision,
                                                      GError             **error);

/* Records the persons of @scan's pairs as the "possible duplicates" of the
 * register, in place of the previous ones: for the full scan of an
 * operator (cas_duplicate_service_scan()); others are refused. */
gboolean           cas_person_register_record_scan   (CasPersonRegister      *self,
                                                      CasAccount             *actor,
                                                      const CasDuplicateScan *scan,
                                                      GError                **error);

/* The FTS5 (SQLite) or tsquery (PostgreSQL) text of a search, "" for none;
 * NULL with @error for a text too long. For tests. */
char              *_cas_person_register_search_query (const char          *search,
                                                      CasDialect           dialect,
                                                      GError             **error);

G_END_DECLS
