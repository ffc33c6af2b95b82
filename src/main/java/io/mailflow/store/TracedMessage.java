package io.mailflow.store;

import java.time.Instant;
import java.util.List;

/** A message as the trace shows it: its summary and its events in order. */
public record TracedMessage(String queueId, Instant receivedAt, String sender, String messageId, String subject,
        long size, String clientIp, List<String> recipients, List<TraceRecord> events) {
}
