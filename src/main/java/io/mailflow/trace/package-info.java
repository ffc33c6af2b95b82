/**
 * Message trace: what happened to each message, event by event, in Exchange's vocabulary.
 *
 * <p><b>Owns:</b> the sealed {@link io.mailflow.trace.TraceEvent} type (RECEIVE, RESOLVE,
 * PENDING, DELIVER, DEFER, FAIL, ...), its stored JSON form, and
 * {@link io.mailflow.trace.MessageTrace}, the query an administrator runs
 * ({@code mailflow trace --recipient ...}), and {@link io.mailflow.trace.TraceRetention}, which
 * removes the trace of messages older than {@code transport.messageTraceRetention}.
 *
 * <p><b>Never:</b> decides anything; events record decisions made elsewhere. Events are data,
 * not log lines: the store keeps them with the message in the same commit.
 */
package io.mailflow.trace;
