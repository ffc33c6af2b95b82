-- Message content moves out of the database into the spool (segment files under <data>/spool):
-- the index says where each message's bytes are, in order. Rows of message_chunk written by an
-- earlier version are still read (and removed with their message); nothing new is written there.
CREATE TABLE message_content (
    queue_id TEXT    NOT NULL,
    seq      INTEGER NOT NULL,
    segment  INTEGER NOT NULL,
    offset   INTEGER NOT NULL,
    length   INTEGER NOT NULL,
    PRIMARY KEY (queue_id, seq)
) WITHOUT ROWID;
-- Compaction finds the messages that keep an old segment alive.
CREATE INDEX message_content_segment ON message_content (segment);
