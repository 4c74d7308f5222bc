-- Webhooks: subscriptions, the deliveries they get (and notify_url deliveries), and every attempt.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- A subscription's signing secret is sealed under the root key (associated data binds it to the
-- subscription id). During a rotation overlap the previous secret signs alongside the new one
-- until previous_secret_expires_at.
CREATE TABLE webhook_subscriptions (
    id                          VARCHAR(36)   PRIMARY KEY,
    url                         VARCHAR(2048) NOT NULL,
    event_types                 VARCHAR(2048) NOT NULL,
    description                 VARCHAR(1024),
    status                      VARCHAR(16)   NOT NULL,
    secret_sealed               BYTEA         NOT NULL,
    previous_secret_sealed      BYTEA,
    previous_secret_expires_at  TIMESTAMP WITH TIME ZONE,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by                  VARCHAR(200)
);

-- One message to one target. The id is the Standard Webhooks `webhook-id`; the payload is the
-- exact body that is signed and sent. subscription_id is NULL for notify_url deliveries.
-- A node claims a due delivery by setting lease_owner and lease_until in one conditional UPDATE.
CREATE TABLE webhook_deliveries (
    id               VARCHAR(36)   PRIMARY KEY,
    subscription_id  VARCHAR(36)   REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    -- notify_url deliveries: the principal whose own notification secret signs them
    notify_owner     VARCHAR(200),
    url              VARCHAR(2048) NOT NULL,
    event_type       VARCHAR(128)  NOT NULL,
    payload          TEXT          NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    lease_owner      VARCHAR(64),
    lease_until      TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at     TIMESTAMP WITH TIME ZONE
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id);

-- Every attempt of a delivery: the HTTP status, or an error code and a text without secrets.
CREATE TABLE webhook_attempts (
    delivery_id     VARCHAR(36)  NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt_number  INTEGER      NOT NULL,
    attempted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    http_status     INTEGER,
    error_code      VARCHAR(64),
    error_text      VARCHAR(512),
    duration_ms     BIGINT       NOT NULL,
    PRIMARY KEY (delivery_id, attempt_number)
);
