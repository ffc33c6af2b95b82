package io.mailflow.deliver;

import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.queue.RecipientOutcome;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.XText;
import io.mailflow.trace.TraceEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction on an open connection: MAIL, RCPT for each recipient, then DATA (pipelined
 * when the host offers PIPELINING) or, when it offers CHUNKING, one BDAT LAST (RFC 3030).
 * Outcomes come from reply codes only (STYLE.md OUTCOMES): a 5xx to MAIL, RCPT, DATA, BDAT or
 * the end of data is final for the recipients it concerns; a 4xx to a RCPT
 * defers that recipient; a 4xx to MAIL or a broken connection before the end of data sends the
 * message to the next host.
 */
final class SmtpTransaction {

    private final SmtpClientConnection conn;
    private final Delivery delivery;
    private final String connector;
    private final String hostLabel;
    private final boolean eightBit;
    private final boolean smtpUtf8;

    SmtpTransaction(SmtpClientConnection conn, Delivery delivery, String connector, String hostLabel, boolean eightBit,
            boolean smtpUtf8) {
        this.conn = conn;
        this.delivery = delivery;
        this.connector = connector;
        this.hostLabel = hostLabel;
        this.eightBit = eightBit;
        this.smtpUtf8 = smtpUtf8;
    }

    AttemptResult run() {
        Capabilities caps = conn.capabilities;
        List<DeliveryRecipient> rcpts = delivery.recipients();
        // RFC 3030: with CHUNKING the message goes as one BDAT after the recipients' replies, with
        // no dot-stuffing (and by the kernel on a plain connection); else DATA, pipelined.
        boolean bdat = caps.chunking();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        try {
            if (caps.pipelining()) {
                conn.write(mailCommand(caps));
                for (DeliveryRecipient r : rcpts) {
                    conn.write(rcptCommand(r, caps));
                }
                if (!bdat) {
                    conn.write("DATA");
                }
                conn.flush();
            } else {
                conn.write(mailCommand(caps));
                conn.flush();
            }
            Reply mail = conn.read();
            if (!mail.isPositive()) {
                drainPipelined(caps, rcpts.size() + (bdat ? 0 : 1));
                reset();
                return mail.isPermanent() ? decided(rcpts, r -> failed(r, mail)) : new AttemptResult.NextHost(text(mail), false);
            }
            List<DeliveryRecipient> accepted = new ArrayList<>();
            for (DeliveryRecipient r : rcpts) {
                Reply reply = caps.pipelining() ? conn.read() : conn.command(rcptCommand(r, caps));
                if (reply.isPositive()) {
                    accepted.add(r);
                } else {
                    outcomes.add(reply.isPermanent() ? failed(r, reply) : deferred(r, text(reply)));
                }
            }
            Reply end = bdat ? sendChunk(accepted) : sendData(caps, accepted, outcomes);
            if (end == null) {
                return new AttemptResult.Decided(outcomes); // no recipient took it, or DATA was refused
            }
            conn.transactions++;
            for (DeliveryRecipient r : accepted) {
                outcomes.add(end.isPositive() ? delivered(r, end) : end.isPermanent() ? failed(r, end) : deferred(r, text(end)));
            }
            return new AttemptResult.Decided(outcomes);
        } catch (IOException e) {
            return broken(e, rcpts, outcomes);
        }
    }

    /** The connection broke: who keeps which answer, and where the rest go. */
    private AttemptResult broken(IOException e, List<DeliveryRecipient> rcpts, List<RecipientOutcome> outcomes) {
        conn.close();
        if (dataSent) {
            // The host may have the message: deferring (not failing over) keeps duplicates to
            // one retry. Only the recipients it accepted are in doubt; the answers it gave at
            // RCPT stand (S11: a 5xx is final, an NDR now and no other host).
            return keptAndDeferred(rcpts, outcomes, OutboundReplies.CLOSED_ABRUPTLY + " after the end of data ("
                    + e.getMessage() + ")");
        }
        String reason = OutboundReplies.CLOSED_ABRUPTLY + " (" + e.getMessage() + ")";
        if (outcomes.stream().anyMatch(o -> o instanceof RecipientOutcome.Failed)) {
            // This host already refused some recipients for good (S11: another host must not
            // see them): keep that answer and defer the rest, rather than fail all over.
            return keptAndDeferred(rcpts, outcomes, reason);
        }
        return new AttemptResult.NextHost(reason, true);
    }

    /** BDAT LAST for the recipients that were accepted; its reply, or null when there were none. */
    private Reply sendChunk(List<DeliveryRecipient> accepted) throws IOException {
        if (accepted.isEmpty()) {
            reset();
            return null;
        }
        conn.writeBdat(delivery.content());
        dataSent = true;
        return conn.read(2);
    }

    /**
     * DATA (pipelined or not), the message and its end; the reply to the end of data, or null when
     * no recipient was accepted or DATA itself was refused (its outcomes are then added here).
     */
    private Reply sendData(Capabilities caps, List<DeliveryRecipient> accepted, List<RecipientOutcome> outcomes)
            throws IOException {
        Reply data = caps.pipelining() ? conn.read() : accepted.isEmpty() ? null : conn.command("DATA");
        if (accepted.isEmpty()) {
            if (data != null && data.code() == 354) {
                // RFC 2920 §3.1: a server that accepts the pipelined DATA anyway gets an empty
                // message ended at once; an RSET now would be read as message text.
                conn.write(".");
                conn.flush();
                conn.read(2);
            }
            reset();
            return null;
        }
        if (data.code() != 354) {
            reset();
            accepted.forEach(r -> outcomes.add(data.isPermanent() ? failed(r, data) : deferred(r, text(data))));
            return null;
        }
        conn.writeData(delivery.content());
        dataSent = true;
        return conn.read(2);
    }

    /**
     * Set once the whole message and its end were written: the host may have it, so a broken
     * connection then defers rather than fails over (a message broken off before its end cannot
     * have been taken).
     */
    private boolean dataSent;

    /** The outcomes the host already gave, and every other recipient deferred for {@code reason}. */
    private AttemptResult keptAndDeferred(List<DeliveryRecipient> rcpts, List<RecipientOutcome> given, String reason) {
        List<RecipientOutcome> kept = new ArrayList<>(given);
        rcpts.stream().filter(r -> given.stream().noneMatch(o -> o.index() == r.index()))
                .forEach(r -> kept.add(deferred(r, reason)));
        return new AttemptResult.Decided(kept);
    }

    /** After a refused MAIL, the pipelined RCPT (and DATA) replies still arrive and must be read. */
    private void drainPipelined(Capabilities caps, int pending) throws IOException {
        if (caps.pipelining()) {
            for (int i = 0; i < pending; i++) {
                conn.read();
            }
        }
    }

    /**
     * Leaves the connection ready for the next transaction (RFC 5321 §4.1.1.5). The transaction's
     * outcome is known by then: a connection that fails here is closed, not the outcome thrown away.
     */
    private void reset() {
        try {
            Reply r = conn.command("RSET");
            if (!r.isPositive()) {
                conn.close();
            }
        } catch (IOException e) {
            conn.close();
        }
    }

    private String mailCommand(Capabilities caps) {
        StringBuilder b = new StringBuilder("MAIL FROM:<").append(delivery.message().sender()).append('>');
        if (caps.maxSize() > 0) {
            b.append(" SIZE=").append(delivery.content().size());
        }
        if (eightBit && caps.eightBitMime()) {
            b.append(" BODY=8BITMIME");
        }
        if (smtpUtf8 && caps.smtpUtf8()) {
            b.append(" SMTPUTF8");
        }
        if (caps.dsn()) {
            String ret = delivery.message().attribute("dsnRet");
            String envid = delivery.message().attribute("dsnEnvid");
            if (ret != null) {
                b.append(" RET=").append(ret);
            }
            if (envid != null) {
                b.append(" ENVID=").append(XText.encode(envid));
            }
        }
        return b.toString();
    }

    /** RFC 3461 §5.2: a DSN-capable hop gets NOTIFY and ORCPT passed on. */
    private static String rcptCommand(DeliveryRecipient r, Capabilities caps) {
        StringBuilder b = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
        if (caps.dsn()) {
            if (r.dsnNotify() != null) {
                b.append(" NOTIFY=").append(r.dsnNotify());
            }
            if (r.orcpt() != null) {
                b.append(" ORCPT=").append(r.orcpt());
            }
        }
        return b.toString();
    }

    private interface OutcomeFor {
        RecipientOutcome of(DeliveryRecipient r);
    }

    private static AttemptResult decided(List<DeliveryRecipient> rcpts, OutcomeFor f) {
        return new AttemptResult.Decided(rcpts.stream().map(f::of).toList());
    }

    private RecipientOutcome delivered(DeliveryRecipient r, Reply reply) {
        return new RecipientOutcome.Delivered(r.index(), new TraceEvent.Send(r.address(), connector, hostLabel,
                conn.remote().getAddress().getHostAddress(), conn.tlsText(), reply.text(), null),
                conn.capabilities.dsn() ? RecipientOutcome.Handover.RELAYED_WITH_DSN : RecipientOutcome.Handover.RELAYED, relay());
    }

    private RecipientOutcome failed(DeliveryRecipient r, Reply reply) {
        return new RecipientOutcome.Failed(r.index(), reply.text(), hostLabel, null, relay());
    }

    private RecipientOutcome deferred(DeliveryRecipient r, String reason) {
        return new RecipientOutcome.Deferred(r.index(), reason, hostLabel, false, null, relay());
    }

    private RecipientOutcome.Relay relay() {
        return new RecipientOutcome.Relay(hostLabel, conn.remote().getAddress().getHostAddress(), conn.tlsText());
    }

    private String text(Reply reply) {
        return reply.text() + " (from " + hostLabel + ")";
    }
}
