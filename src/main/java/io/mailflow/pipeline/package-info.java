/**
 * End-of-data processing: what happens between the client's final dot and our 250.
 *
 * <p><b>Owns:</b> reading the header section ({@link io.mailflow.pipeline.HeaderSection}), the
 * loop check (too many Received: hops), our Received: header, the Message-ID and Date that
 * submitted mail lacks ({@code SubmissionHeaders}), routing every recipient with
 * {@link io.mailflow.routing.Router#decide}, and handing the message to the queue, which makes it
 * durable before {@link io.mailflow.pipeline.MessageIntake#receive} returns.
 *
 * <p><b>Never:</b> answers 250 for a message that is not on disk; a storage failure is a 4xx.
 *
 * <p><b>Standards:</b> RFC 5321 §4.4 (trace information), §6.3 (loop detection), §6.4 (what a relay
 * must not add), RFC 5322 §3.6, RFC 6409 §8.2-8.3 (what a submission server adds).
 */
package io.mailflow.pipeline;
