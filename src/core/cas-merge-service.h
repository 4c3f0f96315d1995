/* cas-merge-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging persons recorded twice: a request (an administrator for records
 * of their centre, or an operator) with a reason; a preview of the records
 * side by side with what moves and the conflicts; the approval by another
 * operator (four eyes), applied in one transaction; undo within 90 days;
 * rejection, and "not the same person". The invariant checker of the
 * register (cas_merge_service_check ()) is here too.
 */

#pragma once

#include <gio/gio.h>

#include "cas-database.h"
#include "cas-duplicate.h"
#include "cas-person-service.h"
#include "cas-types.h"

G_BEGIN_DECLS

#define CAS_MERGE_ERROR (cas_merge_error_quark ())

typedef enum
{
  CAS_MERGE_ERROR_NOT_FOUND,     /* no such request */
  CAS_MERGE_ERROR_INVALID,       /* a reason missing, fewer than two records, an unknown field */
  CAS_MERGE_ERROR_SAME_RECORD,   /* a record named twice */
  CAS_MERGE_ERROR_TOMBSTONE,     /* a record merged away already */
  CAS_MERGE_ERROR_HELD,          /* a record another pending request holds */
  CAS_MERGE_ERROR_STATUS,        /* the request is not in the state the action needs */
  CAS_MERGE_ERROR_OWN_REQUEST,   /* four eyes: the requester may not approve */
  CAS_MERGE_ERROR_CHANGED,       /* a record changed since it was shown */
  CAS_MERGE_ERROR_UNCONFIRMED,   /* a conflict without a confirmed resolution */
  CAS_MERGE_ERROR_EXPIRED,       /* undo after the retention period */
  CAS_MERGE_ERROR_BLOCKED,       /* undo while a later change depends on the merge */
  CAS_MERGE_ERROR_NOT_DUPLICATE, /* another centre's record the duplicate check does not propose */
} CasMergeError;

typedef enum
{
  CAS_MERGE_PENDING,
  CAS_MERGE_APPROVED,
  CAS_MERGE_REJECTED,
  CAS_MERGE_APPLIED,
  CAS_MERGE_UNDONE,
} CasMergeStatus;

/* Days during which an applied merge may be undone */
#define CAS_MERGE_UNDO_DAYS 90

const char *cas_merge_status_to_string   (CasMergeStatus  status);
gboolean    cas_merge_status_from_string (const char     *text,
                                          CasMergeStatus *status);
/* Translated */
const char *cas_merge_status_get_label   (CasMergeStatus  status);

/* A request as listed. @score, @band and @reasons are the duplicate
 * engine's for the weakest pair of the first record with another. */
typedef struct
{
  gint64            id;
  CasMergeStatus    status;
  char             *requested_by;     /* login, or NULL */
  gint64            requested_by_id;
  char             *requested_at;
  char             *reason;
  GArray           *person_ids;       /* gint64, by id */
  char             *names;            /* "Jan Peeters (#12), Jan Peters (#40)" */
  gint64            survivor_id;      /* once applied */
  char             *decided_by;
  char             *decided_at;
  char             *decision_reason;
  char             *applied_at;
  char             *undone_at;
  double            score;
  CasDuplicateBand  band;
  char             *reasons;
} CasMergeRequest;

void cas_merge_request_free (CasMergeRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasMergeRequest, cas_merge_request_free)

/* One record of a preview, with what it holds */
typedef struct
{
  CasPerson *person;
  int        requested_revision;   /* its revision when the request was made */
  guint      n_registrations;
  guint      n_attestations;
  guint      n_staffed;            /* session staff rows */
  guint      n_audit_events;
  guint      n_accounts;
} CasMergeRecord;

/* A field of the records side by side */
typedef struct
{
  const char *key;        /* "first_name", "email_secondary", "company_id", ... */
  const char *label;      /* translated */
  GPtrArray  *values;     /* char *, one per record in the preview's order; NULL when empty */
  gboolean    differs;
  gint64      proposed;         /* the record whose value the survivor takes by default,
                                 * 0 when gathered from several (the second e-mail) */
  char       *proposed_value;   /* what the survivor gets by default; NULL when empty */
} CasMergeField;

typedef enum
{
  CAS_MERGE_MOVE_REGISTRATION,
  CAS_MERGE_MOVE_ATTESTATION,
  CAS_MERGE_MOVE_STAFF,
  CAS_MERGE_MOVE_REQUEST,
  CAS_MERGE_MOVE_ACCOUNT,
} CasMergeMoveKind;

/* One row that moves to the survivor (an account: disabled, or moved) */
typedef struct
{
  CasMergeMoveKind  kind;
  gint64            id;           /* registration, attestation, session, request or account */
  gint64            from_person;
  char             *description;  /* translated */
} CasMergeMove;

typedef enum
{
  CAS_MERGE_CONFLICT_SAME_SESSION,  /* two records registered in one session */
  CAS_MERGE_CONFLICT_SAME_EXAM,     /* two valid attestations for one exam */
} CasMergeConflictKind;

/* A conflict and the resolution proposed; approval needs it confirmed */
typedef struct
{
  CasMergeConflictKind  kind;
  char                 *key;               /* "session:12", "exam:3" */
  char                 *description;       /* translated */
  char                 *resolution;        /* "keep:REGISTRATION_ID", "keep-both" */
  char                 *resolution_label;  /* translated */
} CasMergeConflict;

/* A valid attestation of a record, with the name printed on it */
typedef struct
{
  gint64  id;
  gint64  person_id;
  char   *number;           /* "CA-2026-000123" */
  int     version;
  char   *display_number;   /* "CA-2026-000123", "CA-2026-000123-2" */
  char   *first_name;
  char   *last_name;
} CasMergeAttestation;

typedef struct
{
  gint64     request_id;
  GPtrArray *records;       /* CasMergeRecord, by id */
  gint64     survivor_id;   /* as asked, or the record with the most history */
  GPtrArray *fields;        /* CasMergeField */
  GPtrArray *moves;         /* CasMergeMove */
  GPtrArray *conflicts;     /* CasMergeConflict */
  gint64     account_id;    /* the login that survives, 0 if none */
  char      *account_login;
  gboolean   changed;       /* a record changed since the request was made */
  GPtrArray *attestations;  /* CasMergeAttestation: the valid ones of every record, by id */
} CasMergePreview;

void cas_merge_preview_free (CasMergePreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasMergePreview, cas_merge_preview_free)

/* The second e-mail the survivor keeps when it takes @email as its e-mail
 * (and the "email_secondary" field is not chosen itself), as approval
 * applies it: the survivor's second address, else its e-mail, else the
 * first e-mail and then the first second address of the other records,
 * that is not @email. @survivor_id 0: the preview's survivor. NULL when
 * none is left.
 * Returns: (transfer full) (nullable) */
char *cas_merge_preview_second_email (const CasMergePreview *preview,
                                      gint64                 survivor_id,
                                      const char            *email);

/* The attestations of @preview that carry another name than @first_name
 * @last_name, the survivor's names once merged (the first_name and
 * last_name the decision gives it): those approval re-issues with that
 * name when the decision asks (cas_merge_decision_set_reissue ()).
 * Returns: (transfer container) (element-type CasMergeAttestation): owned
 * by @preview */
GPtrArray *cas_merge_preview_renamed_attestations (const CasMergePreview *preview,
                                                   const char            *first_name,
                                                   const char            *last_name);

/* What the approving operator chose */
typedef struct _CasMergeDecision CasMergeDecision;

CasMergeDecision *cas_merge_decision_new        (void);
void              cas_merge_decision_free       (CasMergeDecision       *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasMergeDecision, cas_merge_decision_free)
/* The record that survives (0: the preview's proposal) */
void              cas_merge_decision_set_survivor (CasMergeDecision     *decision,
                                                   gint64                person_id);
/* The account whose login survives (0: the survivor's, else the first) */
void              cas_merge_decision_set_account  (CasMergeDecision     *decision,
                                                   gint64                account_id);
/* The survivor's @key (a CasMergeField key) takes the value of record
 * @person_id, or a typed @value (NULL or "" to clear it) */
void              cas_merge_decision_take_from    (CasMergeDecision     *decision,
                                                   const char           *key,
                                                   gint64                person_id);
void              cas_merge_decision_set_value    (CasMergeDecision     *decision,
                                                   const char           *key,
                                                   const char           *value);
/* With @reissue, approval re-issues the valid attestations that carry
 * another name than the survivor's once merged (a name chosen, or the name
 * of a merged record), through the attestation service's re-issue: a new
 * version with the same number, the old one kept as issued and marked
 * superseded. Off by default: attestations stay valid and keep their
 * numbers. A merge that re-issued attestations cannot be undone (they stay
 * as issued): cas_merge_service_undo () refuses it, naming them. */
void              cas_merge_decision_set_reissue  (CasMergeDecision     *decision,
                                                   gboolean              reissue);
/* Confirms the resolution of conflict @key ("keep:ID" or "keep-both") */
void              cas_merge_decision_resolve      (CasMergeDecision     *decision,
                                                   const char           *key,
                                                   const char           *resolution);
/* Takes what @preview shows: its survivor if none set, the revisions of
 * its records (so that approval is refused if they change before it),
 * and, when @confirm_conflicts, the proposed resolutions not set yet. */
void              cas_merge_decision_accept_preview (CasMergeDecision      *decision,
                                                     const CasMergePreview *preview,
                                                     gboolean               confirm_conflicts);

/* The result of cas_merge_service_check () */
typedef struct
{
  gint64     n_persons;
  gint64     n_tombstones;
  gint64     n_registrations;
  gint64     n_attestations;
  gint64     n_accounts;
  gint64     n_audit_events;
  GPtrArray *problems;      /* char *, translated; empty when all holds */
} CasMergeCheck;

void cas_merge_check_free (CasMergeCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CasMergeCheck, cas_merge_check_free)

#define CAS_TYPE_MERGE_SERVICE (cas_merge_service_get_type ())

G_DECLARE_FINAL_TYPE (CasMergeService, cas_merge_service, CAS, MERGE_SERVICE, GObject)

GQuark           cas_merge_error_quark       (void);
CasMergeService *cas_merge_service_new       (CasDatabase        *db);

/* A pending request to merge @n_persons records (two or more) with
 * @reason. Operators, and administrators for records of their centres.
 * Refused: a record named twice, unknown or merged away, or held by
 * another pending request. Returns the request's id, 0 on error. */
gint64           cas_merge_service_request   (CasMergeService    *self,
                                              CasAccount         *actor,
                                              const gint64       *person_ids,
                                              guint               n_persons,
                                              const char         *reason,
                                              GError            **error);
/* A pending request to merge @person_id with @other_id, for an
 * administrator looking at a record another exam centre holds (the New
 * Candidate dialog's "Request a merge"): one of the two (either order)
 * must be a living record of their centres, and the other, which they may
 * not see, a "possible" or "likely" duplicate of it for the duplicate
 * check (cas_duplicate_service_check () on their record's fields), not
 * marked "not the same person". Of the other record the administrator
 * learns only its minimal identity (names, year of birth, centre), in the
 * errors and in cas_merge_service_list (). On PostgreSQL the server checks
 * the pair again (it shares a lookup key or the NRN).
 * When the actor may see both records (an operator, or an administrator
 * of both centres), the same as cas_merge_service_request () with the two.
 * Refused: CAS_PERSON_ERROR_NOT_FOUND (@other_id unknown),
 * CAS_MERGE_ERROR_TOMBSTONE (either merged away), CAS_MERGE_ERROR_NOT_DUPLICATE
 * (not a candidate, or "not the same person"), CAS_MERGE_ERROR_HELD (held by
 * another pending request), CAS_MERGE_ERROR_SAME_RECORD, CAS_ACCESS_ERROR
 * (neither record of their centres; a controller). Returns the request's id,
 * 0 on error. */
gint64           cas_merge_service_request_duplicate (CasMergeService *self,
                                                      CasAccount      *actor,
                                                      gint64           person_id,
                                                      gint64           other_id,
                                                      const char      *reason,
                                                      GError         **error);
/* Operators: every request, pending first; an administrator: their own.
 * @status NULL for any.
 * Returns: (transfer full) (element-type CasMergeRequest) */
GPtrArray       *cas_merge_service_list      (CasMergeService    *self,
                                              CasAccount         *actor,
                                              const CasMergeStatus *status,
                                              GError            **error);
CasMergeRequest *cas_merge_service_get       (CasMergeService    *self,
                                              CasAccount         *actor,
                                              gint64              request_id,
                                              GError            **error);
/* Operators: the records side by side, what moves and the conflicts, with
 * @survivor_id surviving (0: the record with the most history) */
CasMergePreview *cas_merge_service_preview   (CasMergeService    *self,
                                              CasAccount         *actor,
                                              gint64              request_id,
                                              gint64              survivor_id,
                                              GError            **error);
/* An operator other than the requester approves a pending request: it is
 * applied at once, in one transaction. Refused if a record changed since
 * the revisions of @decision (or of the request when it has none), or a
 * conflict has no confirmed resolution. */
gboolean         cas_merge_service_approve   (CasMergeService    *self,
                                              CasAccount         *actor,
                                              gint64              request_id,
                                              CasMergeDecision   *decision,
                                              GError            **error);
/* Operators: a pending request is rejected with @reason (required) */
gboolean         cas_merge_service_reject    (CasMergeService    *self,
                                              CasAccount         *actor,
                                              gint64              request_id,
                                              const char         *reason,
                                              GError            **error);
/* Operators: rejects a pending request and records every pair of its
 * records as "not the same person", for good */
gboolean         cas_merge_service_not_same  (CasMergeService    *self,
                                              CasAccount         *actor,
                                              gint64              request_id,
                                              const char         *reason,
                                              GError            **error);
/* Operators: undoes an applied merge within CAS_MERGE_UNDO_DAYS days,
 * restoring every row it changed; refused, naming it, when a later change
 * depends on the merge, and when the merge re-issued attestations
 * (CAS_MERGE_ERROR_BLOCKED, naming them). */
gboolean         cas_merge_service_undo      (CasMergeService    *self,
                                              CasAccount         *actor,
                                              gint64              request_id,
                                              GError            **error);

/* Operators: checks that tombstones resolve to a living record, that
 * attestations belong to the person of their registration, that no
 * account of a tombstone is enabled and that applied requests left their
 * records merged away; counts the rows (for comparing before and after).
 * Returns: (transfer full) */
CasMergeCheck   *cas_merge_service_check     (CasMergeService    *self,
                                              CasAccount         *actor,
                                              GError            **error);

G_END_DECLS
