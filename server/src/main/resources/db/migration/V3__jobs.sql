-- Durable jobs: long work kept in the store, claimed by one node at a time through a lease.
-- A node claims a due job with a conditional UPDATE on the lease (one row updated = claimed),
-- renews the lease while the job runs, and writes the outcome only while it still holds it.
-- A job whose node died is claimed again when its lease expires and resumes from its checkpoint.
-- JSON columns (params, checkpoint, result, error) hold JSON text.

CREATE TABLE jobs (
    id                VARCHAR(36)   PRIMARY KEY,
    type              VARCHAR(128)  NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    params            VARCHAR       NOT NULL,
    progress_done     BIGINT        NOT NULL DEFAULT 0,
    progress_total    BIGINT        NOT NULL DEFAULT 0,
    checkpoint        VARCHAR,
    result            VARCHAR,
    error             VARCHAR,
    attempts          INTEGER       NOT NULL DEFAULT 0,
    run_after         TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner       VARCHAR(64),
    lease_expires_at  TIMESTAMP WITH TIME ZONE,
    cancel_requested  BOOLEAN       NOT NULL DEFAULT FALSE,
    created_by        VARCHAR(200)  NOT NULL,
    notify_url        VARCHAR(2048),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE
);

-- the workers' poll: due jobs by status and time
CREATE INDEX jobs_due_idx ON jobs (status, run_after);
-- a caller's own jobs, in creation order
CREATE INDEX jobs_created_by_idx ON jobs (created_by, id);
-- the purge job: finished jobs by age
CREATE INDEX jobs_finished_idx ON jobs (finished_at);
