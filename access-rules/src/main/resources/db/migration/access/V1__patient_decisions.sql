-- Patient decisions about his record (docs/dmp-access-rules.md R-04, R-05, R-06, R-20, R-21).
CREATE TABLE access_patient_flags (
    patient_id            VARCHAR(200) PRIMARY KEY,
    consultation_opposed  BOOLEAN      NOT NULL DEFAULT FALSE,
    emergency_allowed     BOOLEAN      NOT NULL DEFAULT TRUE,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

-- R-04: opposition to feeding, for every type ('*') or one typeCode, with its legitimate reason.
CREATE TABLE access_feeding_opposition (
    patient_id  VARCHAR(200) NOT NULL,
    type_code   VARCHAR(100) NOT NULL,
    reason      VARCHAR(1000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patient_id, type_code)
);

-- R-06: professionals the patient blocked (VIHF NameID).
CREATE TABLE access_blocked_professional (
    patient_id  VARCHAR(200) NOT NULL,
    subject_id  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patient_id, subject_id)
);

-- R-20: consent per care team (establishment) or per professional, with a validity period.
CREATE TABLE access_consent (
    patient_id  VARCHAR(200) NOT NULL,
    scope       VARCHAR(20)  NOT NULL CHECK (scope IN ('CARE_TEAM', 'PROFESSIONAL')),
    grantee     VARCHAR(200) NOT NULL,
    valid_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (patient_id, scope, grantee)
);
