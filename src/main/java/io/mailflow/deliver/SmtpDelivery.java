package io.mailflow.deliver;

import io.mailflow.model.OutboundConnector;
import io.mailflow.model.TlsAuthLevel;
import io.mailflow.model.TransportSettings;
import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.smtp.Reply;
import io.mailflow.trace.TraceEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Delivers one message to one next hop over SMTP: tries its hosts in order, failing over on a
 * connection-level problem, a 4xx/5xx greeting, a 4xx to EHLO or MAIL, or a lost connection
 * (S10); stops at the first host that decides the recipients, including with a 5xx (S11).
 */
final class SmtpDelivery {

    /** Everything one attempt needs to know about the hop. */
    record Hop(String connectorName, List<HostCandidate> hosts, TlsAuthLevel tls, String tlsDomain) {
    }

    private final String hostname;
    private final ConnectionPool pool;
    private final OutboundTls tls;
    private final SmartHostRotation rotation;
    private final TransportSettings transport;
    private final Clock clock;

    /** One per attempt: the settings are those in force when the attempt starts. */
    SmtpDelivery(String hostname, ConnectionPool pool, OutboundTls tls, SmartHostRotation rotation, TransportSettings transport,
            Clock clock) {
        this.hostname = hostname;
        this.pool = pool;
        this.tls = tls;
        this.rotation = rotation;
        this.transport = transport;
        this.clock = clock;
    }

    List<RecipientOutcome> deliver(Delivery d, Hop hop) {
        String last = OutboundReplies.CANNOT_CONNECT;
        String lastHost = null;
        InetSocketAddress lastAddress = null;
        List<String> passedOver = new ArrayList<>();
        for (HostCandidate host : hop.hosts()) {
            boolean allConnectionLevel = true;
            for (InetSocketAddress address : host.addresses()) {
                AttemptResult r = tryHost(d, hop, host, address);
                if (r instanceof AttemptResult.Decided decided) {
                    if (host.smartHost()) {
                        rotation.markUp(host.label());
                    }
                    return passedOver.isEmpty() ? decided.outcomes() : withFailover(decided.outcomes(), passedOver);
                }
                AttemptResult.NextHost next = (AttemptResult.NextHost) r;
                last = next.reason();
                lastHost = host.label();
                lastAddress = address;
                passedOver.add(host.label() + ": " + next.reason());
                allConnectionLevel &= next.connectionLevel();
            }
            if (host.smartHost() && allConnectionLevel) {
                rotation.markDown(host.label(), clock.instant().plus(transport.smartHostDownTime()));
            }
        }
        String reason = last;
        String remote = lastHost;
        RecipientOutcome.Relay tried = lastAddress == null ? null
                : new RecipientOutcome.Relay(lastHost, lastAddress.getAddress().getHostAddress(), "none");
        return d.recipients().stream().<RecipientOutcome>map(r -> new RecipientOutcome.Deferred(r.index(), reason, remote, true, null,
                tried)).toList();
    }

    /** The trace of a delivery that failed over says which hosts were passed over, and why. */
    private static List<RecipientOutcome> withFailover(List<RecipientOutcome> outcomes, List<String> passedOver) {
        String failover = String.join("; ", passedOver);
        return outcomes.stream().map(o -> o instanceof RecipientOutcome.Delivered d && d.event() instanceof TraceEvent.Send s
                ? new RecipientOutcome.Delivered(d.index(), new TraceEvent.Send(s.recipient(), s.connector(), s.host(), s.ip(),
                        s.tls(), s.reply(), failover), d.handover(), d.relay())
                : o).toList();
    }

    private AttemptResult tryHost(Delivery d, Hop hop, HostCandidate host, InetSocketAddress address) {
        // A pooled connection passed the checks of the hop that opened it: the key holds everything
        // those checks depend on, the expected certificate name included (DomainValidation).
        String key = host.label() + "@" + address + "#" + hop.tls() + (hop.tlsDomain() == null ? "" : "#" + hop.tlsDomain());
        SmtpClientConnection pooled = pool.take(key);
        if (pooled != null) {
            AttemptResult r = transact(pooled, d, hop, host);
            if (!(r instanceof AttemptResult.NextHost n && n.connectionLevel())) {
                finish(key, pooled, r);
                return r;
            }
            // A cached connection that died while idle is not the host's fault: try a fresh one.
        }
        return connectAndSend(d, hop, host, address, key, null);
    }

    /** @param plainTextBecause null to use STARTTLS as the hop asks; else why this connection stays in plain text */
    private AttemptResult connectAndSend(Delivery d, Hop hop, HostCandidate host, InetSocketAddress address, String key,
            String plainTextBecause) {
        Duration connectTimeout = host.smartHost() ? transport.smartHostConnectTimeout() : transport.connectTimeout();
        SmtpClientConnection conn;
        try {
            conn = SmtpClientConnection.open(address, connectTimeout, transport.replyTimeout());
        } catch (ConnectException e) {
            return new AttemptResult.NextHost(OutboundReplies.REFUSED + " (" + where(host, address) + ")", true);
        } catch (SocketTimeoutException e) {
            return new AttemptResult.NextHost(OutboundReplies.TIMED_OUT + " (" + where(host, address) + ")", true);
        } catch (IOException e) {
            return new AttemptResult.NextHost(OutboundReplies.CANNOT_CONNECT + ": " + e.getMessage(), true);
        }
        try {
            AttemptResult greeted = greet(conn, host);
            if (greeted != null) {
                conn.quit();
                return greeted;
            }
            AttemptResult secured = secure(conn, hop, host, plainTextBecause);
            if (secured instanceof AttemptResult.RetryWithoutTls retry) {
                conn.close();
                return connectAndSend(d, hop, host, address, key, retry.reason()); // S14: plain text after a failed handshake
            }
            if (secured != null) {
                conn.quit();
                return secured;
            }
            AttemptResult r = transact(conn, d, hop, host);
            finish(key, conn, r);
            return r;
        } catch (SocketTimeoutException e) {
            conn.close();
            return new AttemptResult.NextHost(OutboundReplies.TIMED_OUT + " waiting for " + host.label(), true);
        } catch (IOException e) {
            conn.close();
            return new AttemptResult.NextHost(OutboundReplies.CLOSED_ABRUPTLY + " (" + host.label() + ": " + e.getMessage() + ")", true);
        }
    }

    private static String where(HostCandidate host, InetSocketAddress address) {
        String a = address.getAddress().getHostAddress() + ":" + address.getPort();
        return host.label().equals(a) ? a : host.label() + " at " + a;
    }

    /** Greeting and EHLO (HELO when EHLO is refused); null when the session is ready. */
    private AttemptResult greet(SmtpClientConnection conn, HostCandidate host) throws IOException {
        Reply greeting = conn.read();
        if (!greeting.isPositive()) {
            return new AttemptResult.NextHost(greeting.text() + " (greeting from " + host.label() + ")", false);
        }
        return ehlo(conn, host);
    }

    private AttemptResult ehlo(SmtpClientConnection conn, HostCandidate host) throws IOException {
        Reply ehlo = conn.command("EHLO " + hostname);
        if (ehlo.isPositive()) {
            conn.capabilities = Capabilities.of(ehlo);
            return null;
        }
        if (ehlo.isPermanent()) {
            Reply helo = conn.command("HELO " + hostname);
            if (helo.isPositive()) {
                conn.capabilities = Capabilities.HELO;
                return null;
            }
            return new AttemptResult.NextHost(helo.text() + " (HELO to " + host.label() + ")", false);
        }
        return new AttemptResult.NextHost(ehlo.text() + " (EHLO to " + host.label() + ")", false);
    }

    /**
     * STARTTLS as the hop's TLS setting asks: opportunistic (null) uses it when offered and goes on
     * in plain text when the host refuses the command (say, {@code 454 4.7.0}) or after a failed
     * handshake (S14), saying so in the trace; any tlsSettings value requires it and never sends
     * plain text. Returns null when the session may go on.
     */
    private AttemptResult secure(SmtpClientConnection conn, Hop hop, HostCandidate host, String plainTextBecause)
            throws IOException {
        boolean required = hop.tls() != null;
        if (plainTextBecause != null) {
            conn.plainTextBecause(plainTextBecause);
            return null;
        }
        if (!conn.capabilities.startTls()) {
            return required ? new AttemptResult.NextHost(OutboundReplies.TLS_NOT_OFFERED + " (" + host.label() + ")", false)
                    : null;
        }
        Reply ready = conn.command("STARTTLS");
        if (ready.code() != 220) {
            // RFC 3207 §4: after a 454 the client decides whether to go on without TLS; only opportunistic TLS may.
            if (required) {
                return new AttemptResult.NextHost(OutboundReplies.TLS_REFUSED + ": " + ready.text() + " (" + host.label() + ")",
                        false);
            }
            conn.plainTextBecause("refused STARTTLS: " + ready.text());
            return null;
        }
        SSLContext context = tls.context(hop.tls());
        try {
            conn.startTls(context, OutboundTls.parameters(context, host.name()), host.name());
            OutboundTls.checkDomain(conn.tls(), hop.tls(), hop.tlsDomain(), host.name());
        } catch (SSLException e) {
            if (!required) {
                return new AttemptResult.RetryWithoutTls("STARTTLS handshake failed: " + e.getMessage());
            }
            return new AttemptResult.NextHost(OutboundReplies.CERTIFICATE + " (" + host.label() + "): " + tls.failure(e), false);
        }
        return ehlo(conn, host);
    }

    /** Checks what the message needs from the hop, then runs the transaction. */
    private AttemptResult transact(SmtpClientConnection conn, Delivery d, Hop hop, HostCandidate host) {
        Capabilities caps = conn.capabilities;
        // As declared, unless the hop lacks the extension and the message does not need it after all.
        boolean utf8 = "true".equals(d.message().attribute("smtpUtf8")) && (caps.smtpUtf8() || MessageNeeds.smtpUtf8(d));
        boolean eightBit = "8BITMIME".equals(d.message().attribute("body"))
                && (caps.eightBitMime() || MessageNeeds.eightBit(d.content()));
        String refusal = utf8 && !caps.smtpUtf8() ? OutboundReplies.NEEDS_SMTPUTF8
                : eightBit && !caps.eightBitMime() ? OutboundReplies.NEEDS_8BITMIME
                : caps.maxSize() > 0 && d.content().size() > caps.maxSize()
                        ? OutboundReplies.TOO_BIG + " (" + host.label() + " accepts " + caps.maxSize() + " octets)" : null;
        if (refusal != null) {
            String reason = refusal;
            RecipientOutcome.Relay relay = new RecipientOutcome.Relay(host.label(), conn.remote().getAddress().getHostAddress(),
                    conn.tlsText());
            return new AttemptResult.Decided(d.recipients().stream().<RecipientOutcome>map(
                    (DeliveryRecipient r) -> new RecipientOutcome.Failed(r.index(), reason, host.label(), null, relay)).toList());
        }
        return new SmtpTransaction(conn, d, hop.connectorName(), host.label(), eightBit, utf8).run();
    }

    private void finish(String key, SmtpClientConnection conn, AttemptResult r) {
        if (r instanceof AttemptResult.Decided && conn.isOpen()) {
            pool.give(key, conn);
        } else {
            conn.close();
        }
    }
}
