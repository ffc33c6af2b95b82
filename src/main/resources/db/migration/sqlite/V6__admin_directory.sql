-- Admin accounts and API tokens (issue 10, security): who may use the admin API.
CREATE TABLE admin_account (
    name          TEXT    PRIMARY KEY COLLATE NOCASE,
    role          TEXT    NOT NULL, -- Administrator, ViewOnly
    password_hash TEXT    NOT NULL, -- bcrypt
    created_at    INTEGER NOT NULL  -- epoch milliseconds
);
-- A token is kept as the SHA-256 of its text only; a revoked or expired token's row stays (the
-- audit names it) until a new token of that name replaces it.
CREATE TABLE api_token (
    name       TEXT    PRIMARY KEY COLLATE NOCASE,
    role       TEXT    NOT NULL,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
);
-- Changes to accounts and tokens: the audit log shows them with the configuration's versions.
CREATE TABLE admin_change (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at     INTEGER NOT NULL,
    action         TEXT    NOT NULL, -- AccountAdded, AccountRemoved, TokenCreated, TokenRevoked
    subject        TEXT    NOT NULL,
    role           TEXT,
    who            TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    client_address TEXT,
    comment        TEXT
);
