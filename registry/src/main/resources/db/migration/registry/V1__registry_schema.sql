-- XDS.b registry + repository store. Same SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
-- Times are epoch seconds (UTC); status columns hold the full ebRIM status URN.

CREATE TABLE reg_patient (
    patient_id  VARCHAR(255)  NOT NULL PRIMARY KEY,
    state       VARCHAR(16)   NOT NULL,
    name        VARCHAR(512),
    reason      VARCHAR(1024),
    created_at  BIGINT        NOT NULL,
    updated_at  BIGINT        NOT NULL
);

-- every registry object (document entry, submission set, folder, association): one entryUUID, one kind
CREATE TABLE reg_object (
    entry_uuid  VARCHAR(64)   NOT NULL PRIMARY KEY,
    kind        VARCHAR(2)    NOT NULL
);

CREATE TABLE reg_document_entry (
    entry_uuid      VARCHAR(64)   NOT NULL PRIMARY KEY,
    logical_uuid    VARCHAR(64)   NOT NULL,
    version         INTEGER       NOT NULL,
    unique_id       VARCHAR(255)  NOT NULL,
    patient_id      VARCHAR(255)  NOT NULL,
    status          VARCHAR(64)   NOT NULL,
    entry_type      VARCHAR(16)   NOT NULL,
    creation_time   BIGINT,
    service_start   BIGINT,
    service_stop    BIGINT,
    repository_uid  VARCHAR(255),
    hash            VARCHAR(40),
    doc_size        BIGINT,
    mime_type       VARCHAR(255),
    registered_at   BIGINT        NOT NULL,
    metadata        TEXT          NOT NULL,
    CONSTRAINT uq_de_unique_id_version UNIQUE (unique_id, version),
    CONSTRAINT uq_de_lid_version UNIQUE (logical_uuid, version)
);
CREATE INDEX ix_de_patient_status_created ON reg_document_entry (patient_id, status, creation_time);

CREATE TABLE reg_submission_set (
    entry_uuid       VARCHAR(64)   NOT NULL PRIMARY KEY,
    unique_id        VARCHAR(255)  NOT NULL,
    patient_id       VARCHAR(255)  NOT NULL,
    status           VARCHAR(64)   NOT NULL,
    submission_time  BIGINT,
    source_id        VARCHAR(255),
    registered_at    BIGINT        NOT NULL,
    metadata         TEXT          NOT NULL,
    CONSTRAINT uq_ss_unique_id UNIQUE (unique_id)
);
CREATE INDEX ix_ss_patient_status ON reg_submission_set (patient_id, status, submission_time);

CREATE TABLE reg_folder (
    entry_uuid        VARCHAR(64)   NOT NULL PRIMARY KEY,
    logical_uuid      VARCHAR(64)   NOT NULL,
    version           INTEGER       NOT NULL,
    unique_id         VARCHAR(255)  NOT NULL,
    patient_id        VARCHAR(255)  NOT NULL,
    status            VARCHAR(64)   NOT NULL,
    last_update_time  BIGINT        NOT NULL,
    registered_at     BIGINT        NOT NULL,
    metadata          TEXT          NOT NULL,
    CONSTRAINT uq_fol_unique_id_version UNIQUE (unique_id, version)
);
CREATE INDEX ix_fol_patient_status ON reg_folder (patient_id, status, last_update_time);

CREATE TABLE reg_association (
    entry_uuid     VARCHAR(64)   NOT NULL PRIMARY KEY,
    assoc_type     VARCHAR(128)  NOT NULL,
    source_uuid    VARCHAR(64)   NOT NULL,
    target_uuid    VARCHAR(64)   NOT NULL,
    status         VARCHAR(64)   NOT NULL,
    registered_at  BIGINT        NOT NULL,
    metadata       TEXT          NOT NULL
);
CREATE INDEX ix_assoc_source ON reg_association (source_uuid, assoc_type);
CREATE INDEX ix_assoc_target ON reg_association (target_uuid, assoc_type);

-- multi-valued searchable values of an object: kind = class, type, format, facility, practice, conf, event,
-- author, refid, content (submission set contentTypeCode), folder (folder codeList)
CREATE TABLE reg_code (
    object_uuid  VARCHAR(64)   NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    code         VARCHAR(1024) NOT NULL,
    scheme       VARCHAR(255)
);
CREATE INDEX ix_code_object ON reg_code (object_uuid, kind);

-- repository: one row per stored document, content in ordered chunks
CREATE TABLE repo_document (
    unique_id    VARCHAR(255)  NOT NULL PRIMARY KEY,
    hash         VARCHAR(40)   NOT NULL,
    doc_size     BIGINT        NOT NULL,
    mime_type    VARCHAR(255),
    chunk_count  INTEGER       NOT NULL,
    stored_at    BIGINT        NOT NULL
);

CREATE TABLE repo_chunk (
    unique_id  VARCHAR(255)  NOT NULL,
    seq        INTEGER       NOT NULL,
    bytes      BYTEA         NOT NULL,
    CONSTRAINT pk_repo_chunk PRIMARY KEY (unique_id, seq)
);
