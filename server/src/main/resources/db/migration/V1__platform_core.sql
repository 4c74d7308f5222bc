-- Platform core: store metadata, principals, API keys, settings, idempotency records.
-- One migration set for the embedded store (H2 in PostgreSQL mode) and PostgreSQL.
-- Identifiers are UUIDv7 strings: time-ordered, so "ORDER BY id" is creation order and
-- cursor pagination is a plain range scan.

CREATE TABLE store_meta (
    name        VARCHAR(64)   PRIMARY KEY,
    meta_value  VARCHAR(4096) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE principals (
    id            VARCHAR(36)  PRIMARY KEY,
    kind          VARCHAR(32)  NOT NULL,
    name          VARCHAR(128) NOT NULL,
    display_name  VARCHAR(256),
    email         VARCHAR(320),
    description   VARCHAR(1024),
    status        VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT principals_kind_name_uk UNIQUE (kind, name)
);

CREATE TABLE api_keys (
    id            VARCHAR(36)  PRIMARY KEY,
    principal_id  VARCHAR(36)  NOT NULL REFERENCES principals (id) ON DELETE CASCADE,
    name          VARCHAR(128) NOT NULL,
    description   VARCHAR(1024),
    roles         VARCHAR(256) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_keys_name_uk UNIQUE (name)
);

CREATE INDEX api_keys_principal_idx ON api_keys (principal_id, id);

-- A key has one current secret, and during a rotation overlap also the previous ones, each with
-- the time it stops working. Only keyed hashes are stored (HMAC-SHA256 under a root-key subkey).
CREATE TABLE api_key_secrets (
    id           VARCHAR(36) PRIMARY KEY,
    api_key_id   VARCHAR(36) NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    secret_hash  VARCHAR(64) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX api_key_secrets_key_idx ON api_key_secrets (api_key_id);

CREATE TABLE settings (
    name        VARCHAR(128)  PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(128)
);

-- Responses to POSTs carrying an Idempotency-Key, per caller. The body is sealed under the root
-- key (it may hold a secret shown once, such as a new API key).
CREATE TABLE idempotency_records (
    caller            VARCHAR(200) NOT NULL,
    idempotency_key   VARCHAR(255) NOT NULL,
    request_hash      VARCHAR(64)  NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    response_status   INTEGER,
    response_headers  VARCHAR(4096),
    response_body     BYTEA,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at      TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (caller, idempotency_key)
);

CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at);
