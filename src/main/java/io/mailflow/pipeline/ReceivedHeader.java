package io.mailflow.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Builds the Received: field this gateway puts on top of every message (RFC 5321 §4.4). */
final class ReceivedHeader {

    /** RFC 5322 §3.3 date-time with a numeric zone. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private ReceivedHeader() {
    }

    /**
     * {@code Received: from helo ([ip]) by host (Mailflow) with ESMTPS id Q for <r>; date}, folded
     * over three lines; the TLS version and cipher are given as a comment.
     */
    static byte[] build(ClientFacts client, String hostname, String queueId, Envelope envelope, Instant at) {
        String ip = client.ip().contains(":") ? "IPv6:" + client.ip() : client.ip();
        StringBuilder b = new StringBuilder("Received: from ").append(printable(client.helo()))
                .append(" ([").append(ip).append("])\r\n\tby ").append(hostname).append(" (Mailflow) with ")
                .append(protocol(client, envelope.smtpUtf8()));
        if (client.tls()) {
            b.append(" (").append(client.tlsProtocol()).append(" cipher ").append(client.tlsCipher()).append(')');
        }
        b.append(" id ").append(queueId);
        if (envelope.recipients().size() == 1) {
            b.append("\r\n\tfor <").append(envelope.recipients().getFirst().address()).append('>');
        }
        b.append("; ").append(date(at, ZoneOffset.UTC)).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An instant as an RFC 5322 date-time in a zone, e.g. {@code Tue, 3 Jun 2025 12:00:00 +0200}. */
    static String date(Instant at, ZoneId zone) {
        // Every message gets one; a second's many messages share the formatted text.
        FormattedDate last = lastDate;
        if (last == null || last.second() != at.getEpochSecond() || !last.zone().equals(zone)) {
            last = new FormattedDate(at.getEpochSecond(), zone, DATE.withZone(zone).format(at));
            lastDate = last;
        }
        return last.text();
    }

    private record FormattedDate(long second, ZoneId zone, String text) {
    }

    private static volatile FormattedDate lastDate;

    /** RFC 3848 / RFC 6531 §3.7.3 protocol names: S for TLS, A for an authenticated client. */
    static String protocol(ClientFacts client, boolean smtpUtf8) {
        String auth = client.authenticatedUser() != null ? "A" : "";
        if (smtpUtf8) {
            return "UTF8SMTP" + (client.tls() ? "S" : "") + auth;
        }
        if (!client.esmtp()) {
            return "SMTP";
        }
        return "ESMTP" + (client.tls() ? "S" : "") + auth;
    }

    /** The HELO name as the client gave it, with anything outside printable ASCII replaced. */
    private static String printable(String helo) {
        StringBuilder b = new StringBuilder();
        helo.codePoints().forEach(c -> b.append(c > 32 && c < 127 && c != '(' && c != ')' ? (char) c : '?'));
        return b.toString();
    }
}
