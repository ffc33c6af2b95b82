/**
 * The spool: where the embedded store keeps message content, out of the database.
 * <p><b>Owns:</b> segment files of 64 MiB under {@code <data>/spool}
 * ({@link io.mailflow.store.spool.SegmentSpool}); the writers sessions stream large messages into
 * (extents reserved in the active segment, written by position); the counts that say who still
 * needs a segment (messages in the index, sessions, reads in progress); compaction candidates.
 * <p><b>Promise:</b> bytes are durable after {@link io.mailflow.store.spool.SegmentSpool#sync()},
 * which the store's group commit runs before committing the rows that point at them: a crash
 * never leaves a row that points at nothing. A segment is deleted only when nothing needs it and
 * the removal that made it so is durable; at start, segments the index does not name are swept.
 * <p><b>Never:</b> knows the database; the store's index ({@code store.sqlite}) says which ranges
 * each message is made of.
 * <p><b>See also:</b> docs/DECISIONS.md "Message content in segments" (why segments, measured).
 */
package io.mailflow.store.spool;
