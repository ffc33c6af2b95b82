-- The configuration store (issue 10): every configuration the gateway ran, numbered 1, 2, 3 ...;
-- the highest is current. A write inserts base + 1, so two writers made against the same base
-- cannot both succeed (the primary key refuses the second).
CREATE TABLE configuration_version (
    version        INTEGER PRIMARY KEY,
    created_at     INTEGER NOT NULL, -- epoch milliseconds
    who            TEXT    NOT NULL,
    source         TEXT    NOT NULL, -- FILE, CLI, API, WEB
    client_address TEXT,
    comment        TEXT,
    document       TEXT    NOT NULL, -- the whole configuration, JSON
    document_hash  TEXT    NOT NULL  -- ignores field order: equal configurations are found by it
);
CREATE INDEX configuration_version_hash ON configuration_version (document_hash);
-- The version each configuration file was last known to hold: what an edited file was edited from.
CREATE TABLE configuration_file (
    file         TEXT    PRIMARY KEY,
    base_version INTEGER NOT NULL REFERENCES configuration_version (version)
);
