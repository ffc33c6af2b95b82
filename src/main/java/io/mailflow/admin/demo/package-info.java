/**
 * The demo: the seed article's scenario on one machine ({@code mailflow demo}), with simulated
 * on-premises servers.
 *
 * <p><b>Owns:</b> {@link io.mailflow.admin.demo.SimulatedSmtpServer}, a small scriptable SMTP
 * server (accept, refuse connections, answer a recipient with a chosen reply, offer or withhold
 * STARTTLS) that the demo uses as smart hosts, and that tests use where Postfix's smtp-sink cannot
 * do what is needed (TLS, per-recipient replies).
 *
 * <p><b>Never:</b> used by the gateway itself.
 */
package io.mailflow.admin.demo;
