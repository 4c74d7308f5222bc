-- Masking and row policies, and the data roles API keys carry for them.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- Free-form data roles of a key (comma-separated, lower case), e.g. "analyst,hr-emea"; policies
-- match them together with the key's platform roles.
ALTER TABLE api_keys ADD COLUMN data_roles VARCHAR(2200) DEFAULT '' NOT NULL;

-- One table per policy kind; the validated definition (columns or tag or table, and the rules per
-- role) is JSON text, compiled into an in-memory index by every node.
CREATE TABLE column_policies (
    id           VARCHAR(36)    PRIMARY KEY,
    name         VARCHAR(128)   NOT NULL,
    description  VARCHAR(1024),
    definition   VARCHAR(1000000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200),
    CONSTRAINT column_policies_name_uk UNIQUE (name)
);

CREATE TABLE tag_policies (
    id           VARCHAR(36)    PRIMARY KEY,
    name         VARCHAR(128)   NOT NULL,
    description  VARCHAR(1024),
    definition   VARCHAR(1000000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200),
    CONSTRAINT tag_policies_name_uk UNIQUE (name)
);

CREATE TABLE row_policies (
    id           VARCHAR(36)    PRIMARY KEY,
    name         VARCHAR(128)   NOT NULL,
    description  VARCHAR(1024),
    definition   VARCHAR(1000000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200),
    CONSTRAINT row_policies_name_uk UNIQUE (name)
);

-- Bumped in the transaction of every policy change: each node compares it every few seconds with
-- the revision of its compiled snapshot and recompiles when it moved.
CREATE TABLE policy_revision (
    id        INTEGER PRIMARY KEY,
    revision  BIGINT  NOT NULL
);

INSERT INTO policy_revision (id, revision) VALUES (1, 0);
