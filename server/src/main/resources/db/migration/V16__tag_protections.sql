-- Tag policies on the catalog's column tags, and tag masking.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- Catalogued names as the database reports them (PostgreSQL lower case, Snowflake upper case) in
-- lower case too, indexed: policies name columns in lower case, and a batch of them is looked up
-- through this index (LOWER() on the stored names could use no index). Written by the catalog with
-- each column (Java's lower case, Locale.ROOT; the same as LOWER() for ASCII names).
ALTER TABLE catalog_columns ADD COLUMN table_name_folded VARCHAR(256);
ALTER TABLE catalog_columns ADD COLUMN column_name_folded VARCHAR(256);
UPDATE catalog_columns SET table_name_folded = LOWER(table_name), column_name_folded = LOWER(column_name);
ALTER TABLE catalog_columns ALTER COLUMN table_name_folded SET NOT NULL;
ALTER TABLE catalog_columns ALTER COLUMN column_name_folded SET NOT NULL;
CREATE INDEX catalog_columns_folded_idx ON catalog_columns (data_source_id, table_name_folded, column_name_folded);

-- A protection connects a catalog tag (optionally one tag value) to a protection type
-- (governed_mask, vault_tokenization, fpe). Applying it is asynchronous (a job): it compiles into a
-- tag policy managed by the protection.

-- tag and tag_value in lower case; tag_value '' for any value (so the pair is unique).
-- definition: the requested protection as JSON. status: pending (a change is being applied),
-- applied, failed (failure_code, failure_message). change_kind: the latest change (create, update,
-- delete); change_id names it, so a job applies only the change it was started for. policy_id: the
-- managed tag policy in force, once a change was applied.
CREATE TABLE tag_protections (
    id               VARCHAR(36)   PRIMARY KEY,
    tag              VARCHAR(256)  NOT NULL,
    tag_value        VARCHAR(256)  NOT NULL,
    protection_type  VARCHAR(32)   NOT NULL,
    description      VARCHAR(1024),
    definition       VARCHAR(100000) NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    change_kind      VARCHAR(16)   NOT NULL,
    change_id        VARCHAR(36)   NOT NULL,
    job_id           VARCHAR(36),
    policy_id        VARCHAR(36),
    failure_code     VARCHAR(64),
    failure_message  VARCHAR(1024),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    applied_at       TIMESTAMP WITH TIME ZONE,
    created_by       VARCHAR(200),
    CONSTRAINT tag_protections_tag_uk UNIQUE (tag, tag_value),
    CONSTRAINT tag_protections_status_chk CHECK (status IN ('pending', 'applied', 'failed')),
    CONSTRAINT tag_protections_change_chk CHECK (change_kind IN ('create', 'update', 'delete'))
);

CREATE INDEX tag_protections_job_idx ON tag_protections (job_id);

-- The protection that manages a tag policy (its id); NULL for a policy written by hand. A managed
-- policy is changed only through its protection.
ALTER TABLE tag_policies ADD COLUMN managed_by VARCHAR(36);
