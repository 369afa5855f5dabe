-- Threads created with a client id (the tsync dialect's tsync_id): unique per creator, the creator
-- being a user's id or 'server' for the server API key. NULLs (no client id) never collide.
ALTER TABLE threads ADD COLUMN client_scope VARCHAR(36);
ALTER TABLE threads ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX threads_by_client_id ON threads (client_scope, client_id);

-- When each participant's read mark last moved forward (the cubicl dialect's "access"), epoch micros.
ALTER TABLE inboxes ADD COLUMN read_at BIGINT;
