package io.mailflow.store;

import java.time.Instant;

/**
 * One message-trace event as stored.
 *
 * @param queueId the message
 * @param at when it happened
 * @param event the event name (RECEIVE, DELIVER, ...)
 * @param recipient the recipient it concerns, or null for the whole message
 * @param detail the event's fields as JSON
 */
public record TraceRecord(String queueId, Instant at, String event, String recipient, String detail) {
}
