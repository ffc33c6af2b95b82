/**
 * The SMTP server: listeners, connections, sessions, and the decision on every recipient.
 *
 * <p><b>Owns:</b> accepting connections within the total and per-IP limits
 * ({@link io.mailflow.receive.SmtpServer}), one virtual thread per connection doing the socket
 * I/O, timeouts and STARTTLS ({@link io.mailflow.receive.SmtpConnection}), the protocol state
 * machine ({@link io.mailflow.receive.Session}), and per-recipient acceptance at RCPT time
 * ({@link io.mailflow.receive.RecipientAcceptance}).
 *
 * <p><b>Never:</b> writes durable state itself; a complete message goes to
 * {@link io.mailflow.pipeline.MessageIntake}, which answers only once the message is on disk.
 *
 * <p><b>Security:</b> never an open relay: a domain that is not accepted needs a relay right
 * (an OnPremises inbound connector's IP range); sender-routed addresses never relay. Lines end
 * only in CRLF; plaintext pipelined behind STARTTLS is discarded (CVE-2011-0411); a client that
 * pipelines past a command that must end a group (RFC 2920 §3.1) is disconnected with 554 5.5.0,
 * as Postfix's smtpd_forbid_unauth_pipelining does; limits on connections, line length, size,
 * recipients, errors, commands without progress and time. Every write to a client is timed
 * ({@link io.mailflow.net.WriteWatchdog}) and every connection has a deadline, so a client that
 * never reads holds its slot for no longer than the configured timeouts.
 *
 * <p><b>Standards:</b> RFC 5321, RFC 3207 (STARTTLS), RFC 2920, RFC 3030, RFC 3461, RFC 6531.
 */
package io.mailflow.receive;
