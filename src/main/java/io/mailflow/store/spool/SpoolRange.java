package io.mailflow.store.spool;

/**
 * Where some of a message's bytes are in the spool: {@code length} bytes of segment
 * {@code segment} from {@code offset}. What the store's index keeps for each message.
 */
public record SpoolRange(long segment, long offset, long length) {
}
