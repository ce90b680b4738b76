-- Single-use VIHF / XUA assertions (docs/vihf-air.md §6 check 9), shared by every gateway node.
-- token_key = SHA-256 (hex) of issuer + LF + assertion ID: a fixed-size primary key whatever the issuer's length.
CREATE TABLE vihf_replay (
    token_key    CHAR(64)      NOT NULL PRIMARY KEY,
    issuer       VARCHAR(1024) NOT NULL,
    assertion_id VARCHAR(256)  NOT NULL,
    first_seen   BIGINT        NOT NULL,  -- epoch milliseconds
    expires_at   BIGINT        NOT NULL   -- epoch milliseconds; the row may be purged after this
);
CREATE INDEX vihf_replay_expires ON vihf_replay (expires_at);
