-- Thresholds and alerts: access rules, their shared counters, the alerts they open, and notes.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- A rule watches a principal (target_principal_id) or everyone carrying a role (target_role).
-- kind 'rate': more than max_values protected values within window_seconds trips it.
-- kind 'time_window': access outside the days (comma-separated MON..SUN, the day the window
-- starts), start_time..end_time ('HH:MM', wrapping midnight when end < start) in time_zone trips it.
-- action 'notify' opens an alert; 'block' also blocks the principal until the alert is resolved.
CREATE TABLE alert_rules (
    id                   VARCHAR(36)   PRIMARY KEY,
    name                 VARCHAR(128)  NOT NULL,
    description          VARCHAR(1024),
    kind                 VARCHAR(16)   NOT NULL,
    max_values           BIGINT,
    window_seconds       BIGINT,
    days                 VARCHAR(32),
    start_time           VARCHAR(5),
    end_time             VARCHAR(5),
    time_zone            VARCHAR(64),
    target_principal_id  VARCHAR(255),
    target_role          VARCHAR(64),
    action               VARCHAR(16)   NOT NULL,
    enabled              BOOLEAN       NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by           VARCHAR(300),
    CONSTRAINT alert_rules_name_uq UNIQUE (name),
    CONSTRAINT alert_rules_target_chk CHECK ((target_principal_id IS NULL) <> (target_role IS NULL))
);

-- Protected values counted per rule, principal and time bucket (bucket_start in epoch seconds;
-- a rate rule's window is summed from about twelve buckets). Every node adds to the same rows
-- with an atomic UPDATE hits = hits + n, so counts hold across nodes. expires_at (epoch seconds)
-- is when the bucket stops counting; older rows are pruned.
CREATE TABLE access_counters (
    rule_id        VARCHAR(36)   NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    principal_ref  VARCHAR(300)  NOT NULL,
    bucket_start   BIGINT        NOT NULL,
    hits           BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL,
    PRIMARY KEY (rule_id, principal_ref, bucket_start)
);

CREATE INDEX access_counters_expiry_idx ON access_counters (expires_at);

-- One alert per rule and principal while it is not resolved: open_key holds
-- '<rule id>|<principal reference>' until resolution sets it NULL, and is unique (NULLs are not).
-- Later trips count in hits and last_seen_at instead of opening another alert. An alert of a
-- 'block' rule (blocks) blocks its principal until it is resolved. The rule's name and kind are
-- copied, so the alert still reads after the rule changes or is deleted.
CREATE TABLE alerts (
    id                VARCHAR(36)   PRIMARY KEY,
    rule_id           VARCHAR(36)   NOT NULL,
    rule_name         VARCHAR(128)  NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    action            VARCHAR(16)   NOT NULL,
    blocks            BOOLEAN       NOT NULL,
    principal_ref     VARCHAR(300)  NOT NULL,
    principal_id      VARCHAR(255)  NOT NULL,
    principal_kind    VARCHAR(32)   NOT NULL,
    principal_name    VARCHAR(200),
    status            VARCHAR(16)   NOT NULL,
    open_key          VARCHAR(340),
    reason            VARCHAR(512)  NOT NULL,
    last_reason       VARCHAR(512)  NOT NULL,
    hits              BIGINT        NOT NULL,
    observed_values   BIGINT,
    max_values        BIGINT,
    window_seconds    BIGINT,
    opened_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at   TIMESTAMP WITH TIME ZONE,
    acknowledged_by   VARCHAR(300),
    resolved_at       TIMESTAMP WITH TIME ZONE,
    resolved_by       VARCHAR(300),
    resolution        VARCHAR(1024),
    CONSTRAINT alerts_open_key_uq UNIQUE (open_key)
);

CREATE INDEX alerts_status_idx ON alerts (status, blocks);
CREATE INDEX alerts_rule_idx ON alerts (rule_id, id);
CREATE INDEX alerts_principal_idx ON alerts (principal_id, id);

-- Free-text notes of the people handling an alert.
CREATE TABLE alert_notes (
    id           VARCHAR(36)    PRIMARY KEY,
    alert_id     VARCHAR(36)    NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    body         VARCHAR(4096)  NOT NULL,
    author       VARCHAR(300)   NOT NULL,
    author_name  VARCHAR(200),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX alert_notes_alert_idx ON alert_notes (alert_id, id);
