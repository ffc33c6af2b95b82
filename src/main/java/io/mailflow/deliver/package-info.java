/**
 * Delivery: taking a queued message to its next hop and reporting one outcome per recipient.
 *
 * <p><b>Owns:</b> local delivery into Maildir stores ({@link io.mailflow.deliver.MaildirDelivery})
 * and the {@link io.mailflow.deliver.NextHopDelivery} agent that sends each next hop to the right
 * kind of delivery.
 *
 * <p><b>Promise:</b> an outcome of "delivered" is only reported once the message is durable at
 * its destination (for a Maildir: file fsynced, renamed into {@code new/}, directory fsynced).
 * Local delivery is idempotent: a message's file name is derived from its queue id, so a
 * delivery repeated after a crash does not create a second copy.
 *
 * <p><b>Standards:</b> Maildir (cr.yp.to/proto/maildir.html); Return-Path per RFC 5321 §4.4.
 */
package io.mailflow.deliver;
