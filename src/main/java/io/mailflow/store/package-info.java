/**
 * Durable state: queued messages, their recipients and the message trace.
 *
 * <p><b>Owns:</b> the {@link io.mailflow.store.MailStore} interface and its records. The message
 * bytes it keeps travel as {@link io.mailflow.message.MessageContent}. The embedded implementation lives in
 * {@code io.mailflow.store.sqlite}; a PostgreSQL one will implement the same interface.
 *
 * <p><b>Promise:</b> {@link io.mailflow.store.MailStore#accept} returns only once the message,
 * its recipients and its trace events are on disk (a commit followed by fsync). Many sessions
 * share one commit (group commit), so the cost of an fsync is spread over every message that
 * arrived while the previous one ran.
 *
 * <p><b>Never:</b> decides anything about mail; it stores what it is given.
 */
package io.mailflow.store;
