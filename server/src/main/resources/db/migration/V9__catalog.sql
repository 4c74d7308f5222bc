-- Catalog: data sources and the columns Coffer knows of them, with their latest classification.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- A database Coffer connects to. The password is sealed (AES-256-GCM under a subkey of the root
-- key, associated data "data_sources.password:<id>"); it never leaves the server in the clear.
CREATE TABLE data_sources (
    id                VARCHAR(36)   PRIMARY KEY,
    name              VARCHAR(200)  NOT NULL,
    source_type       VARCHAR(32)   NOT NULL,
    jdbc_url          VARCHAR(2048) NOT NULL,
    username          VARCHAR(256),
    password_sealed   BYTEA,
    description       VARCHAR(1024),
    max_connections   INTEGER       NOT NULL,
    last_job_id       VARCHAR(36),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by        VARCHAR(200),
    CONSTRAINT data_sources_name_uq UNIQUE (name)
);

-- One column of a data source: registered by a classification job (in schema, table, ordinal
-- order, so the id order reads like the database) or by hand. The classification fields hold the
-- latest verdict; sampled values are never stored. evidence is a JSON array of strings.
CREATE TABLE catalog_columns (
    id               VARCHAR(36)   PRIMARY KEY,
    data_source_id   VARCHAR(36)   NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    schema_name      VARCHAR(256)  NOT NULL,
    table_name       VARCHAR(256)  NOT NULL,
    column_name      VARCHAR(256)  NOT NULL,
    data_type        VARCHAR(128),
    ordinal          INTEGER,
    detected_type    VARCHAR(64),
    confidence       DOUBLE PRECISION,
    match_rate       DOUBLE PRECISION,
    sample_size      INTEGER,
    null_count       INTEGER,
    evidence         VARCHAR(4096),
    classified_at    TIMESTAMP WITH TIME ZONE,
    job_id           VARCHAR(36),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT catalog_columns_path_uq UNIQUE (data_source_id, schema_name, table_name, column_name)
);

CREATE INDEX catalog_columns_source_idx ON catalog_columns (data_source_id, id);
CREATE INDEX catalog_columns_type_idx ON catalog_columns (data_source_id, detected_type);
