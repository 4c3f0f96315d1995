-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema 4: what an attestation says is kept as it was signed, with the
-- code printed on it, so that verifying never depends on today's data.

ALTER TABLE attestation ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE attestation ADD COLUMN verification_code TEXT NOT NULL DEFAULT '';
CREATE INDEX attestation_sha256_idx ON attestation (sha256);
CREATE INDEX attestation_status_idx ON attestation (status, issued_at);
