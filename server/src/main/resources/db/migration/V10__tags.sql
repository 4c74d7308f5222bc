-- Tags: built-in and custom tags, their assignments to catalog columns, the mapping from detected
-- types to tags, and the proposals a classification makes.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- allowed_values: JSON array of strings, or NULL when any value (or none) may be given.
CREATE TABLE tags (
    id              VARCHAR(36)   PRIMARY KEY,
    name            VARCHAR(64)   NOT NULL,
    name_folded     VARCHAR(64)   NOT NULL,
    description     VARCHAR(1024),
    allowed_values  VARCHAR(8192),
    built_in        BOOLEAN       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(200),
    CONSTRAINT tags_name_uq UNIQUE (name_folded)
);

INSERT INTO tags (id, name, name_folded, description, allowed_values, built_in, created_at, updated_at, created_by) VALUES
 ('00000000-0000-7000-8000-000000000001', 'PII', 'pii', 'Personally identifiable information.', NULL, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'system'),
 ('00000000-0000-7000-8000-000000000002', 'PCI', 'pci', 'Payment card data (PCI DSS scope).', NULL, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'system'),
 ('00000000-0000-7000-8000-000000000003', 'PHI', 'phi', 'Protected health information.', NULL, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'system'),
 ('00000000-0000-7000-8000-000000000004', 'CREDENTIAL', 'credential', 'Secrets: keys, tokens, passwords.', NULL, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'system');

-- Detected type -> tag (and value). When several mappings of one detected type give the same tag,
-- the one with the highest priority applies (ties: the oldest): a steward can override a default
-- mapping with a higher-priority one and fall back to it by deleting the override.
CREATE TABLE tag_mappings (
    id             VARCHAR(36)  PRIMARY KEY,
    detected_type  VARCHAR(64)  NOT NULL,
    tag_id         VARCHAR(36)  NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    tag_value      VARCHAR(256),
    priority       INTEGER      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX tag_mappings_type_idx ON tag_mappings (detected_type, priority);

-- The detected types whose default mappings were seeded once (a type added by a later detector
-- version gets its defaults; a mapping a steward deleted is not seeded again).
CREATE TABLE tag_mapping_seeds (
    detected_type  VARCHAR(64)  PRIMARY KEY,
    seeded_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A tag on a column. tag_source: manual (by hand), classification (applied automatically) or
-- proposal (a classification proposal a person approved). A manual tag is never changed by a
-- classification.
CREATE TABLE column_tags (
    column_id      VARCHAR(36)  NOT NULL REFERENCES catalog_columns (id) ON DELETE CASCADE,
    tag_id         VARCHAR(36)  NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    tag_value      VARCHAR(256),
    tag_source     VARCHAR(16)  NOT NULL,
    detected_type  VARCHAR(64),
    job_id         VARCHAR(36),
    assigned_by    VARCHAR(200),
    assigned_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (column_id, tag_id),
    CONSTRAINT column_tags_source_chk CHECK (tag_source IN ('manual', 'classification', 'proposal'))
);

CREATE INDEX column_tags_tag_idx ON column_tags (tag_id);

-- The latest proposal of a tag for a column: pending (awaits a decision), approved, rejected
-- (not proposed again while the detected type stays the same) or applied (applied automatically).
CREATE TABLE tag_proposals (
    id              VARCHAR(36)  PRIMARY KEY,
    column_id       VARCHAR(36)  NOT NULL REFERENCES catalog_columns (id) ON DELETE CASCADE,
    tag_id          VARCHAR(36)  NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    tag_value       VARCHAR(256),
    detected_type   VARCHAR(64),
    confidence      DOUBLE PRECISION,
    status          VARCHAR(16)  NOT NULL,
    job_id          VARCHAR(36),
    proposed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE,
    decided_by      VARCHAR(200),
    CONSTRAINT tag_proposals_uq UNIQUE (column_id, tag_id),
    CONSTRAINT tag_proposals_status_chk CHECK (status IN ('pending', 'approved', 'rejected', 'applied'))
);

CREATE INDEX tag_proposals_status_idx ON tag_proposals (status, id);
