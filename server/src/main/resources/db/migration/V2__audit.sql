-- Tamper-evident audit log. Each event's hash is HMAC-SHA256 (under a root-key subkey) over the
-- previous event's hash and the event's canonical form; seq is assigned under a lock on the one
-- row of audit_chain, so seq order is commit order on every node and readers paging by seq see
-- each event exactly once. No plaintext sensitive value is ever stored: searchable values are
-- keyed HMACs in details.

CREATE TABLE audit_events (
    seq             BIGINT        PRIMARY KEY,
    id              VARCHAR(36)   NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_kind      VARCHAR(32),
    actor_id        VARCHAR(128),
    actor_name      VARCHAR(256),
    key_name        VARCHAR(128),
    roles           VARCHAR(256),
    client_address  VARCHAR(64),
    action          VARCHAR(64)   NOT NULL,
    resource_type   VARCHAR(64),
    resource_id     VARCHAR(256),
    outcome         VARCHAR(16)   NOT NULL,
    request_id      VARCHAR(64),
    details         VARCHAR(8192),
    prev_hash       VARCHAR(64)   NOT NULL,
    hash            VARCHAR(64)   NOT NULL,
    CONSTRAINT audit_events_id_uk UNIQUE (id)
);

CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, seq);
CREATE INDEX audit_events_action_idx ON audit_events (action, seq);

-- The head of the chain: one row, locked by every append.
CREATE TABLE audit_chain (
    id          INTEGER      PRIMARY KEY,
    last_seq    BIGINT       NOT NULL,
    last_hash   VARCHAR(64)  NOT NULL,
    -- HMAC over (last_seq, last_hash): events cut from the end cannot be hidden by moving the head
    head_mac    VARCHAR(64),
    -- after a retention purge: the first kept event and the hash it chains from, sealed
    anchor_seq  BIGINT       NOT NULL,
    anchor_hash VARCHAR(64)  NOT NULL,
    anchor_mac  VARCHAR(64)
);

INSERT INTO audit_chain (id, last_seq, last_hash, anchor_seq, anchor_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 1,
        '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed checkpoints: Ed25519 over (seq, hash, time) with a key derived from the root key; the
-- public key is published, so an export can be checked outside Coffer.
CREATE TABLE audit_checkpoints (
    seq         BIGINT       PRIMARY KEY,
    hash        VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    signature   VARCHAR(128) NOT NULL
);
