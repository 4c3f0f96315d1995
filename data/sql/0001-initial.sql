-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 1: the domain of DESIGN.md.
-- {{ID}} and {{BLOB}} are replaced per dialect (SQLite, PostgreSQL); everything
-- else runs unchanged on both. Dates are ISO 8601 text: 'YYYY-MM-DD' for days,
-- 'YYYY-MM-DDTHH:MM' local Brussels time for sessions, UTC 'YYYY-MM-DDTHH:MM:SSZ'
-- for record keeping, so that comparisons are plain text comparisons on both.

CREATE TABLE app_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE company (
  id                {{ID}},
  name              TEXT NOT NULL,
  enterprise_number TEXT UNIQUE,
  fsma_number       TEXT,
  is_exam_centre    INTEGER NOT NULL DEFAULT 0 CHECK (is_exam_centre IN (0, 1)),
  street            TEXT,
  postcode          TEXT,
  city              TEXT,
  created_at        TEXT NOT NULL
);

-- The NRN is not unique on purpose: records brought over from the old system
-- hold the same person twice, and they must load so they can be merged.
CREATE TABLE person (
  id              {{ID}},
  external_ref    TEXT,
  first_name      TEXT NOT NULL,
  last_name       TEXT NOT NULL,
  birth_date      TEXT,
  sex             TEXT CHECK (sex IN ('M', 'F')),
  nrn             TEXT,
  nrn_verified    INTEGER NOT NULL DEFAULT 1 CHECK (nrn_verified IN (0, 1)),
  email           TEXT,
  email_secondary TEXT,
  phone           TEXT,
  language        TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'nl', 'de', 'en')),
  street          TEXT,
  postcode        TEXT,
  city            TEXT,
  company_id      BIGINT REFERENCES company (id),
  merged_into     BIGINT REFERENCES person (id),
  revision        INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX person_name_idx ON person (last_name, first_name);
CREATE INDEX person_nrn_idx ON person (nrn);
CREATE INDEX person_birth_date_idx ON person (birth_date);
CREATE INDEX person_email_idx ON person (email);
CREATE INDEX person_external_ref_idx ON person (external_ref);
CREATE INDEX person_company_idx ON person (company_id);
CREATE INDEX person_merged_into_idx ON person (merged_into);

CREATE TABLE account (
  id                   {{ID}},
  login                TEXT NOT NULL UNIQUE,
  password_hash        TEXT NOT NULL,
  person_id            BIGINT REFERENCES person (id),
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  failed_attempts      INTEGER NOT NULL DEFAULT 0,
  locked_until         TEXT,
  created_at           TEXT NOT NULL,
  last_login_at        TEXT
);
CREATE INDEX account_person_idx ON account (person_id);

-- An admin role is held for one exam centre (company_id); operator and
-- controller roles are global (company_id NULL).
CREATE TABLE account_role (
  account_id BIGINT NOT NULL REFERENCES account (id),
  role       TEXT NOT NULL CHECK (role IN ('operator', 'admin', 'controller', 'candidate')),
  company_id BIGINT REFERENCES company (id),
  UNIQUE (account_id, role, company_id)
);
CREATE INDEX account_role_account_idx ON account_role (account_id);

CREATE TABLE exam (
  id               {{ID}},
  code             TEXT NOT NULL UNIQUE,
  domain           TEXT NOT NULL DEFAULT 'insurance' CHECK (domain IN ('insurance', 'credit')),
  title_fr         TEXT NOT NULL,
  title_nl         TEXT NOT NULL,
  title_de         TEXT NOT NULL,
  title_en         TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL DEFAULT 90 CHECK (duration_minutes > 0),
  pass_mark        INTEGER NOT NULL DEFAULT 50 CHECK (pass_mark BETWEEN 0 AND 100)
);

CREATE TABLE exam_session (
  id               {{ID}},
  exam_id          BIGINT NOT NULL REFERENCES exam (id),
  company_id       BIGINT NOT NULL REFERENCES company (id),
  starts_at        TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  location         TEXT NOT NULL,
  room             TEXT,
  capacity         INTEGER NOT NULL CHECK (capacity > 0),
  language         TEXT NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
  status           TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'closed', 'cancelled')),
  -- exam code and titles, centre, city, place and room, lower case without
  -- accents, for the search of the Sessions view
  search_text      TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  created_by       BIGINT REFERENCES account (id)
);
CREATE INDEX exam_session_starts_idx ON exam_session (starts_at);
CREATE INDEX exam_session_company_idx ON exam_session (company_id, starts_at);
CREATE INDEX exam_session_exam_idx ON exam_session (exam_id, starts_at);

CREATE TABLE session_staff (
  session_id BIGINT NOT NULL REFERENCES exam_session (id),
  person_id  BIGINT NOT NULL REFERENCES person (id),
  role       TEXT NOT NULL CHECK (role IN ('admin', 'controller')),
  PRIMARY KEY (session_id, person_id, role)
);
CREATE INDEX session_staff_person_idx ON session_staff (person_id);

CREATE TABLE registration (
  id            {{ID}},
  person_id     BIGINT NOT NULL REFERENCES person (id),
  session_id    BIGINT NOT NULL REFERENCES exam_session (id),
  status        TEXT NOT NULL DEFAULT 'registered'
                CHECK (status IN ('registered', 'present', 'absent', 'passed', 'failed', 'cancelled')),
  score         INTEGER CHECK (score BETWEEN 0 AND 100),
  registered_at TEXT NOT NULL,
  registered_by BIGINT REFERENCES account (id),
  result_at     TEXT,
  UNIQUE (session_id, person_id)
);
CREATE INDEX registration_person_idx ON registration (person_id);

-- Attestation numbers are never reused: the next value per year is kept here.
CREATE TABLE attestation_sequence (
  year       INTEGER PRIMARY KEY,
  last_value INTEGER NOT NULL
);

CREATE TABLE attestation (
  id              {{ID}},
  number          TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
  registration_id BIGINT NOT NULL REFERENCES registration (id),
  person_id       BIGINT NOT NULL REFERENCES person (id),
  language        TEXT NOT NULL CHECK (language IN ('fr', 'nl', 'de', 'en')),
  issued_at       TEXT NOT NULL,
  issued_by       BIGINT REFERENCES account (id),
  pdf             {{BLOB}} NOT NULL,
  sha256          TEXT NOT NULL,
  signature       TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'superseded')),
  superseded_by   BIGINT REFERENCES attestation (id),
  status_reason   TEXT,
  status_at       TEXT,
  status_by       BIGINT REFERENCES account (id),
  UNIQUE (number, version)
);
CREATE INDEX attestation_registration_idx ON attestation (registration_id);
CREATE INDEX attestation_person_idx ON attestation (person_id);

-- A pair marked "not the same person"; person_a < person_b.
CREATE TABLE duplicate_decision (
  id         {{ID}},
  person_a   BIGINT NOT NULL REFERENCES person (id),
  person_b   BIGINT NOT NULL REFERENCES person (id),
  decided_by BIGINT REFERENCES account (id),
  decided_at TEXT NOT NULL,
  reason     TEXT,
  CHECK (person_a < person_b),
  UNIQUE (person_a, person_b)
);

CREATE TABLE merge_request (
  id              {{ID}},
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected', 'applied', 'undone')),
  requested_by    BIGINT REFERENCES account (id),
  requested_at    TEXT NOT NULL,
  reason          TEXT NOT NULL,
  survivor_id     BIGINT REFERENCES person (id),
  choices         TEXT,
  decided_by      BIGINT REFERENCES account (id),
  decided_at      TEXT,
  decision_reason TEXT,
  snapshot        TEXT,
  applied_at      TEXT,
  undone_at       TEXT,
  undone_by       BIGINT REFERENCES account (id)
);
CREATE INDEX merge_request_status_idx ON merge_request (status, requested_at);

CREATE TABLE merge_request_person (
  request_id BIGINT NOT NULL REFERENCES merge_request (id),
  person_id  BIGINT NOT NULL REFERENCES person (id),
  PRIMARY KEY (request_id, person_id)
);
CREATE INDEX merge_request_person_person_idx ON merge_request_person (person_id);

CREATE TABLE audit_event (
  id          {{ID}},
  occurred_at TEXT NOT NULL,
  account_id  BIGINT REFERENCES account (id),
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  record_type TEXT,
  record_id   BIGINT,
  details     TEXT
);
CREATE INDEX audit_event_record_idx ON audit_event (record_type, record_id);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);

-- The four FSMA knowledge modules for insurance distribution.
INSERT INTO exam (code, domain, title_fr, title_nl, title_de, title_en, duration_minutes, pass_mark)
VALUES ('INS-1', 'insurance',
        'Module 1 – Connaissances générales',
        'Module 1 – Algemene kennis',
        'Modul 1 – Allgemeine Kenntnisse',
        'Module 1 – General knowledge', 90, 50);
INSERT INTO exam (code, domain, title_fr, title_nl, title_de, title_en, duration_minutes, pass_mark)
VALUES ('INS-2', 'insurance',
        'Module 2 – Assurances non-vie',
        'Module 2 – Schadeverzekeringen',
        'Modul 2 – Nichtlebensversicherungen',
        'Module 2 – Non-life insurance', 90, 50);
INSERT INTO exam (code, domain, title_fr, title_nl, title_de, title_en, duration_minutes, pass_mark)
VALUES ('INS-3', 'insurance',
        'Module 3 – Assurances vie',
        'Module 3 – Levensverzekeringen',
        'Modul 3 – Lebensversicherungen',
        'Module 3 – Life insurance', 90, 50);
INSERT INTO exam (code, domain, title_fr, title_nl, title_de, title_en, duration_minutes, pass_mark)
VALUES ('INS-4', 'insurance',
        'Module 4 – Assurances vie avec composante d''investissement (branche 23)',
        'Module 4 – Levensverzekeringen met beleggingscomponent (tak 23)',
        'Modul 4 – Lebensversicherungen mit Anlagekomponente (Zweig 23)',
        'Module 4 – Life insurance with an investment component (class 23)', 90, 50);
