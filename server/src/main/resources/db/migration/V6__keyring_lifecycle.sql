-- Keyring lifecycle: rotation, disable/enable, destroy (crypto-shredding) and encryption counts.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- A DESTROYED version keeps its row (so its tokens answer key_destroyed) but no key material.
ALTER TABLE keyring_versions ALTER COLUMN wrapped_key DROP NOT NULL;

-- Values encrypted under the version so far (raised by the size of each tokenize batch): the
-- automatic rotation limit keys.rotation_max_encryptions is checked against it.
ALTER TABLE keyring_versions ADD COLUMN encryptions BIGINT DEFAULT 0 NOT NULL;

-- When the version last changed status (rotated out, disabled, enabled, destroyed).
ALTER TABLE keyring_versions ADD COLUMN status_changed_at TIMESTAMP WITH TIME ZONE;

-- Key material is gone exactly when the version is destroyed.
ALTER TABLE keyring_versions ADD CONSTRAINT keyring_versions_material_chk
    CHECK ((status = 'DESTROYED' AND wrapped_key IS NULL) OR (status <> 'DESTROYED' AND wrapped_key IS NOT NULL));

-- The rewrap job reads the vault entries of older key versions.
CREATE INDEX vault_tokens_key_version_idx ON vault_tokens (key_version, token);
