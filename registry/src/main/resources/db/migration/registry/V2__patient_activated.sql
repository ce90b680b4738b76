-- R-03: whether the patient activated his Mon espace santé profile (patient-side access only; professionals unaffected).
-- R-07: when the record entered its current state (the closure or opposition date a consulting system is shown).
ALTER TABLE reg_patient ADD COLUMN activated BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE reg_patient ADD COLUMN activated_at BIGINT;
ALTER TABLE reg_patient ADD COLUMN state_since BIGINT;
UPDATE reg_patient SET state_since = updated_at;
