-- Token management: the expired-token purge and jobs that run at most once at a time.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- The purge job (tokens.purge_expired) deletes tokens whose expires_at passed, in batches of the
-- oldest first; tokens without a TTL (NULL) are never read through this index.
CREATE INDEX vault_tokens_expires_at_idx ON vault_tokens (expires_at);

-- One row per job type that the server submits on a schedule from every node (jobs feature): a
-- node locks the row (SELECT ... FOR UPDATE) before it looks for a queued or running job of that
-- type and submits one only if there is none, so nodes racing here submit one job.
CREATE TABLE job_type_locks (
    type  VARCHAR(128)  PRIMARY KEY
);
