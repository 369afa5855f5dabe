-- Uploaded files (issue 5). The bytes live in the blob store under storage_key (by default the
-- SHA-256, content-addressed under <data dir>/files); message_files (V1) says which messages carry
-- which files. uploader_key is null for files the server key uploaded.
CREATE TABLE files (
    id           VARCHAR(36) PRIMARY KEY,
    uploader_key BIGINT REFERENCES users (key),
    name         TEXT NOT NULL,
    content_type VARCHAR(255) NOT NULL,
    size         BIGINT NOT NULL,
    sha256       VARCHAR(64) NOT NULL,
    storage_key  TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX files_by_uploader ON files (uploader_key, created_at);
