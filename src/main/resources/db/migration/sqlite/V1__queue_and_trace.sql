-- Mailflow embedded store (SQLite, WAL). Times are epoch milliseconds (UTC).

-- The queue: one row per message still queued, its content in chunks, one row per recipient.
CREATE TABLE message (
    queue_id    TEXT    NOT NULL PRIMARY KEY,
    received_at INTEGER NOT NULL,
    sender      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    message_id  TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    client_ip   TEXT    NOT NULL,
    attributes  TEXT    NOT NULL
);

CREATE TABLE message_chunk (
    queue_id TEXT    NOT NULL,
    seq      INTEGER NOT NULL,
    data     BLOB    NOT NULL,
    PRIMARY KEY (queue_id, seq)
) WITHOUT ROWID;

CREATE TABLE recipient (
    queue_id        TEXT    NOT NULL,
    idx             INTEGER NOT NULL,
    address         TEXT    NOT NULL,
    orcpt           TEXT,
    notify          TEXT,
    next_hop        TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER,
    last_error      TEXT,
    PRIMARY KEY (queue_id, idx)
) WITHOUT ROWID;

-- The message trace: kept after the message has left the queue.
CREATE TABLE trace_message (
    queue_id    TEXT    NOT NULL PRIMARY KEY,
    received_at INTEGER NOT NULL,
    sender      TEXT    NOT NULL,
    sender_key  TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    client_ip   TEXT    NOT NULL
);
CREATE INDEX trace_message_received ON trace_message (received_at);
CREATE INDEX trace_message_sender ON trace_message (sender_key);
CREATE INDEX trace_message_message_id ON trace_message (message_id);

CREATE TABLE trace_recipient (
    queue_id    TEXT NOT NULL,
    address_key TEXT NOT NULL,
    address     TEXT NOT NULL,
    PRIMARY KEY (queue_id, address_key)
) WITHOUT ROWID;
CREATE INDEX trace_recipient_address ON trace_recipient (address_key);

CREATE TABLE trace_event (
    id        INTEGER PRIMARY KEY,
    queue_id  TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    event     TEXT    NOT NULL,
    recipient TEXT,
    detail    TEXT    NOT NULL
);
CREATE INDEX trace_event_queue ON trace_event (queue_id, id);
