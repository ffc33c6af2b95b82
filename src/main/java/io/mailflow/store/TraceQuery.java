package io.mailflow.store;

import java.time.Instant;

/**
 * What to look for in the trace; null fields do not filter.
 *
 * @param recipient an envelope recipient (case-insensitive)
 * @param sender the envelope sender (case-insensitive)
 * @param messageId the Message-ID header, with or without angle brackets
 * @param since only messages received at or after this time
 * @param limit at most this many messages, newest first
 */
public record TraceQuery(String recipient, String sender, String messageId, Instant since, int limit) {
}
