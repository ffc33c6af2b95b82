/**
 * The queue: durable acceptance, then delivery attempts with retries, until every recipient is
 * delivered or has failed.
 *
 * <p><b>Owns:</b> queue ids ({@link io.mailflow.queue.QueueId}), the in-memory view of queued
 * messages, grouping of due recipients by next hop (one delivery per next hop: Exchange's
 * bifurcation), per-next-hop concurrency, retry timing and expiry, recovery after a restart, and
 * the operator's view and verbs: the per-next-hop summary ({@link io.mailflow.queue.QueueShape}),
 * retry, delete (with or without an NDR), and next hops suspended (in memory only) and resumed.
 *
 * <p><b>Promise:</b> {@link io.mailflow.queue.MailQueue#enqueue} returns only once the message
 * is durable; from then on the message is either delivered, failed with a reason, or still in the
 * store after any crash.
 *
 * <p><b>Never:</b> talks SMTP or writes mailboxes; a {@link io.mailflow.queue.DeliveryAgent}
 * (package {@code deliver}) does that and reports one outcome per recipient.
 */
package io.mailflow.queue;
