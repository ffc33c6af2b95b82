package io.mailflow.deliver;

import io.mailflow.model.HostPort;
import io.mailflow.model.TransportSettings;
import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.smtp.Reply;
import io.mailflow.trace.TraceEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Local delivery through LMTP (RFC 2033) to a mailbox server such as Dovecot: one RCPT for the
 * mailbox (its primary address), and after DATA the server's own reply for it: 2xx delivered, 4xx
 * deferred, 5xx failed with an NDR.
 */
final class LmtpDelivery {

    private final String hostname;

    LmtpDelivery(String hostname) {
        this.hostname = hostname;
    }

    List<RecipientOutcome> deliver(Delivery d, String primaryAddress, HostPort server, TransportSettings t) {
        InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
        String where = "lmtp:" + server;
        // LMTP to a mailbox server here is plain text (RFC 2033 has no STARTTLS requirement)
        RecipientOutcome.Relay relay = new RecipientOutcome.Relay(where,
                address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress(), "none");
        try (SmtpClientConnection conn = SmtpClientConnection.open(address, t.smartHostConnectTimeout(), t.replyTimeout())) {
            Reply greeting = conn.read();
            if (!greeting.isPositive()) {
                return all(d, greeting, relay);
            }
            Reply lhlo = conn.command("LHLO " + hostname);
            if (!lhlo.isPositive()) {
                return all(d, lhlo, relay);
            }
            Capabilities caps = Capabilities.of(lhlo);
            // A mailbox server takes the message's bytes as they are: the parameters go when it offers
            // them, and nothing is refused for want of them (Dovecot 2.3 offers no SMTPUTF8, stores UTF-8 fine).
            boolean utf8 = "true".equals(d.message().attribute("smtpUtf8")) && caps.smtpUtf8();
            boolean eightBit = "8BITMIME".equals(d.message().attribute("body")) && caps.eightBitMime();
            Reply mail = conn.command("MAIL FROM:<" + d.message().sender() + ">" + (eightBit ? " BODY=8BITMIME" : "")
                    + (utf8 ? " SMTPUTF8" : ""));
            if (!mail.isPositive()) {
                return all(d, mail, relay);
            }
            Reply rcpt = conn.command("RCPT TO:<" + primaryAddress + ">");
            if (!rcpt.isPositive()) {
                return all(d, rcpt, relay);
            }
            Reply data = conn.command("DATA");
            if (data.code() != 354) {
                return all(d, data, relay);
            }
            conn.writeData(d.content());
            Reply result = conn.read(2); // RFC 2033 §4.2: one reply per accepted RCPT, here exactly one
            conn.quit();
            return all(d, result, relay);
        } catch (ConnectException e) {
            return deferred(d, OutboundReplies.REFUSED + " (" + where + ")", relay);
        } catch (IOException e) {
            return deferred(d, OutboundReplies.CLOSED_ABRUPTLY + " (" + where + ": " + e.getMessage() + ")", relay);
        }
    }

    private static List<RecipientOutcome> all(Delivery d, Reply reply, RecipientOutcome.Relay relay) {
        String where = relay.host();
        return d.recipients().stream().map((DeliveryRecipient r) -> reply.isPositive()
                ? (RecipientOutcome) new RecipientOutcome.Delivered(r.index(), new TraceEvent.Deliver(r.address(), where, reply.text()),
                        RecipientOutcome.Handover.MAILBOX, relay)
                : reply.isPermanent() ? new RecipientOutcome.Failed(r.index(), reply.text(), where, null, relay)
                : new RecipientOutcome.Deferred(r.index(), reply.text(), where, false, null, relay)).toList();
    }

    private static List<RecipientOutcome> deferred(Delivery d, String reason, RecipientOutcome.Relay relay) {
        return d.recipients().stream().<RecipientOutcome>map(r -> new RecipientOutcome.Deferred(r.index(), reason, relay.host(), true,
                null, relay)).toList();
    }
}
