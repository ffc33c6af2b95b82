/**
 * End-of-data processing: what happens between the client's final dot and our 250.
 *
 * <p><b>Owns:</b> reading the header section ({@link io.mailflow.pipeline.HeaderSection}), the
 * loop check (too many Received: hops), our Received: header, routing every recipient with
 * {@link io.mailflow.routing.Router#decide}, and handing the message to the queue, which makes it
 * durable before {@link io.mailflow.pipeline.MessageIntake#receive} returns.
 *
 * <p><b>Never:</b> answers 250 for a message that is not on disk; a storage failure is a 4xx.
 *
 * <p><b>Standards:</b> RFC 5321 §4.4 (trace information), §6.3 (loop detection), RFC 5322 §3.6.
 */
package io.mailflow.pipeline;
