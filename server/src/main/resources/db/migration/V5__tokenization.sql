-- Vaulted tokenization: versioned data keys (keyrings) and the token vault.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- One version of a keyring's AES-256 data key, wrapped by the root key (associated data
-- "keyring/<keyring>/<version>"). The highest ACTIVE version encrypts; older versions decrypt.
CREATE TABLE keyring_versions (
    keyring      VARCHAR(64)  NOT NULL,
    version      INTEGER      NOT NULL,
    wrapped_key  BYTEA        NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (keyring, version),
    CONSTRAINT keyring_versions_status_chk CHECK (status IN ('ACTIVE', 'DECRYPT_ONLY', 'DISABLED', 'DESTROYED'))
);

-- One token and its value, encrypted under data key key_version of keyring "tokens" with the
-- token, format and version as associated data. value_hmac, for deterministic tokens only, is
-- HMAC-SHA256 (hex) of format || 0x00 || value under a key derived from the root key (random
-- tokens carry none, so two random tokens of one value cannot be linked); metadata is JSON text.
CREATE TABLE vault_tokens (
    token          VARCHAR(128)  PRIMARY KEY,
    format         VARCHAR(64)   NOT NULL,
    key_version    INTEGER       NOT NULL,
    value_hmac     VARCHAR(64),
    deterministic  BOOLEAN       NOT NULL,
    ciphertext     BYTEA         NOT NULL,
    metadata       VARCHAR(4096),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE
);


-- The one deterministic token of a value in a format: the primary key makes it unique across nodes.
CREATE TABLE vault_deterministic (
    format      VARCHAR(64)   NOT NULL,
    value_hmac  VARCHAR(64)   NOT NULL,
    token       VARCHAR(128)  NOT NULL REFERENCES vault_tokens (token) ON DELETE CASCADE,
    -- value_hmac first: an IN list of HMACs is a key lookup on H2 too, not a scan of the format
    PRIMARY KEY (value_hmac, format)
);
