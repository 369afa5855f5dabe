-- Parley schema, identical on SQLite and PostgreSQL.
-- Internal keys are 64-bit integers allocated by the write path from `counters` (${key_type} is the
-- 64-bit integer type whose PRIMARY KEY is the row id on SQLite). Public ids are UUID text,
-- timestamps are epoch microseconds, free JSON is text.

CREATE TABLE counters (
    name  VARCHAR(32) PRIMARY KEY,
    value BIGINT NOT NULL
);
-- 'events' is also the global write lock: every write transaction locks this row first.
INSERT INTO counters (name, value) VALUES ('events', 0);
INSERT INTO counters (name, value) VALUES ('users', 0);
INSERT INTO counters (name, value) VALUES ('threads', 0);
INSERT INTO counters (name, value) VALUES ('messages', 0);

CREATE TABLE users (
    key         ${key_type} PRIMARY KEY,
    id          VARCHAR(36) NOT NULL UNIQUE,
    external_id TEXT UNIQUE,
    name        TEXT,
    email       TEXT,
    phone       TEXT,
    photo_url   TEXT,
    data        TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE threads (
    key              ${key_type} PRIMARY KEY,
    id               VARCHAR(36) NOT NULL UNIQUE,
    kind             VARCHAR(16) NOT NULL,
    name             TEXT,
    group_key        TEXT UNIQUE,
    direct_key       VARCHAR(48) UNIQUE,
    reference        TEXT,
    data             TEXT,
    created_at       BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    last_seq         BIGINT NOT NULL
);

CREATE TABLE inboxes (
    thread_key    BIGINT NOT NULL REFERENCES threads (key),
    user_key      BIGINT NOT NULL REFERENCES users (key),
    role          VARCHAR(16) NOT NULL,
    last_read_seq BIGINT NOT NULL,
    cleared_seq   BIGINT NOT NULL,
    archived      BOOLEAN NOT NULL,
    muted         BOOLEAN NOT NULL,
    joined_at     BIGINT NOT NULL,
    PRIMARY KEY (thread_key, user_key)
);
CREATE INDEX inboxes_by_user ON inboxes (user_key, thread_key);

CREATE TABLE messages (
    key             ${key_type} PRIMARY KEY,
    id              VARCHAR(36) NOT NULL UNIQUE,
    thread_key      BIGINT NOT NULL REFERENCES threads (key),
    seq             BIGINT NOT NULL,
    client_id       TEXT,
    sender_key      BIGINT REFERENCES users (key),
    origin          VARCHAR(16) NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    text            TEXT,
    shared_user_key BIGINT REFERENCES users (key),
    reply_to_key    BIGINT REFERENCES messages (key),
    created_at      BIGINT NOT NULL,
    edited_at       BIGINT,
    deleted_at      BIGINT,
    UNIQUE (thread_key, seq),
    UNIQUE (sender_key, client_id)
);

-- The files table itself comes with file uploads; a message only names its files, in order.
CREATE TABLE message_files (
    message_key BIGINT NOT NULL REFERENCES messages (key),
    position    INTEGER NOT NULL,
    file_id     VARCHAR(36) NOT NULL,
    PRIMARY KEY (message_key, position)
);
CREATE INDEX message_files_by_file ON message_files (file_id);

CREATE TABLE reactions (
    message_key BIGINT NOT NULL REFERENCES messages (key),
    user_key    BIGINT NOT NULL REFERENCES users (key),
    kind        VARCHAR(64) NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (message_key, user_key, kind)
);

-- Messages deleted for one user only.
CREATE TABLE hidden_messages (
    message_key BIGINT NOT NULL REFERENCES messages (key),
    user_key    BIGINT NOT NULL REFERENCES users (key),
    PRIMARY KEY (message_key, user_key)
);

-- Every committed change, in commit order. audience_user_key is set when only that user may see the
-- event (a message deleted for them); data is JSON text for what the columns do not say.
CREATE TABLE events (
    cursor            ${key_type} PRIMARY KEY,
    thread_key        BIGINT NOT NULL,
    type              VARCHAR(32) NOT NULL,
    message_key       BIGINT,
    user_key          BIGINT,
    audience_user_key BIGINT,
    data              TEXT,
    created_at        BIGINT NOT NULL
);
CREATE INDEX events_by_thread ON events (thread_key, cursor);
CREATE INDEX events_member_by_user ON events (user_key, cursor) WHERE type = 'member';
CREATE INDEX events_by_audience ON events (audience_user_key, cursor) WHERE audience_user_key IS NOT NULL;
