-- Content is staged before the metadata transaction (issue 4: H2 holds a whole uncommitted transaction on the heap).
-- Chunks are written under a fresh content key in small committed transactions, with a repo_staging row; the
-- submission's one metadata transaction inserts the repo_document row naming that key and deletes the staging row, so a
-- document is retrievable only once its metadata is committed. Staging rows left by a crash or a failed submission are
-- swept by age (touched_at, epoch milliseconds); swept = a sweeper claimed the row and is deleting its chunks.
ALTER TABLE repo_chunk RENAME COLUMN unique_id TO content_key;

ALTER TABLE repo_document ADD COLUMN content_key VARCHAR(255);
UPDATE repo_document SET content_key = unique_id;
ALTER TABLE repo_document ALTER COLUMN content_key SET NOT NULL;
CREATE UNIQUE INDEX ux_repo_document_content ON repo_document (content_key);

CREATE TABLE repo_staging (
    content_key  VARCHAR(255)  NOT NULL PRIMARY KEY,
    touched_at   BIGINT        NOT NULL,
    swept        BOOLEAN       NOT NULL
);
CREATE INDEX ix_repo_staging_touched ON repo_staging (touched_at);
