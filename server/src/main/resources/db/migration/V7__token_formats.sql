-- Custom token formats and the per-format detokenize reason requirement.
-- Runs on the embedded store (H2 in PostgreSQL mode) and PostgreSQL.

-- A custom format. The shape (alphabet, lengths, kept prefix and suffix, separators, Luhn, mode)
-- never changes after creation: tokens already issued depend on it. alphabet_name is the named set
-- the alphabet came from (NULL for explicit characters); alphabet holds the characters themselves.
-- Lengths count the alphabet's characters of a value, not its separators. fpe_salt (16 random
-- bytes, mode 'fpe' only) enters the derivation of the format's FF1 key from the root key, so a
-- deleted FPE format's key is gone for good, even if a format of the same name is created again.
CREATE TABLE token_formats (
    id                          VARCHAR(36)    PRIMARY KEY,
    name                        VARCHAR(64)    NOT NULL UNIQUE,
    description                 VARCHAR(1024),
    alphabet_name               VARCHAR(32),
    alphabet                    VARCHAR(1024)  NOT NULL,
    min_length                  INTEGER        NOT NULL,
    max_length                  INTEGER        NOT NULL,
    preserve_prefix             INTEGER        NOT NULL,
    preserve_suffix             INTEGER        NOT NULL,
    separators                  VARCHAR(64)    NOT NULL,
    luhn                        BOOLEAN        NOT NULL,
    token_mode                  VARCHAR(16)    NOT NULL,
    fpe_salt                    BYTEA,
    detokenize_requires_reason  BOOLEAN        NOT NULL,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by                  VARCHAR(200),
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by                  VARCHAR(200),
    CONSTRAINT token_formats_mode_chk CHECK (token_mode IN ('random', 'deterministic', 'fpe'))
);

-- What can be set on a built-in format (uuid, card, card-fpe, ...): a row exists once it was changed.
CREATE TABLE token_format_builtins (
    name                        VARCHAR(64)    PRIMARY KEY,
    detokenize_requires_reason  BOOLEAN        NOT NULL,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by                  VARCHAR(200)
);
