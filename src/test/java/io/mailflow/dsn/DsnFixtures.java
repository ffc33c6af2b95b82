package io.mailflow.dsn;

import static java.nio.charset.StandardCharsets.US_ASCII;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Requests to compose and a reader for what comes out, through Jakarta Mail as a client would read it. */
final class DsnFixtures {

    static final Instant ARRIVAL = Instant.parse("2025-06-03T10:00:00Z");
    static final Instant LAST_ATTEMPT = Instant.parse("2025-06-03T10:04:00Z");
    static final Instant NOW = Instant.parse("2025-06-03T10:05:00Z");
    static final String MESSAGE_ID = "dsn-1@mx.gateway.example";

    static final String ORIGINAL_HEADERS = "From: Alice <alice@client.example>\r\n"
            + "To: bob@remote.example\r\n"
            + "Subject: Quarterly report\r\n"
            + "Message-ID: <orig-1@client.example>\r\n";
    static final String ORIGINAL_BODY = "The body of the original message.\r\n";
    static final byte[] ORIGINAL = (ORIGINAL_HEADERS + "\r\n" + ORIGINAL_BODY).getBytes(US_ASCII);

    private DsnFixtures() {
    }

    static RecipientReport failed(String recipient, String status, String diagnostic) {
        return new RecipientReport(recipient, null, DsnAction.FAILED, status, "mx.remote.example", diagnostic,
                LAST_ATTEMPT, null);
    }

    static DsnRequest request(boolean returnFull, RecipientReport... reports) {
        return request(returnFull, ORIGINAL, "Quarterly report", reports);
    }

    static DsnRequest request(boolean returnFull, byte[] original, String subject, RecipientReport... reports) {
        return new DsnRequest("mx.gateway.example", "postmaster@gateway.example", "alice@client.example", null,
                ARRIVAL, List.of(reports), returnFull, original, subject);
    }

    static DsnRequest bounce() {
        return request(false, failed("bob@remote.example", "5.1.1", "550 5.1.1 No such user"));
    }

    static MimeMessage parse(byte[] message) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MimeMultipart report(byte[] message) throws MessagingException, IOException {
        return (MimeMultipart) parse(message).getContent();
    }

    static byte[] raw(BodyPart part) throws MessagingException, IOException {
        return part.getInputStream().readAllBytes();
    }

    /** The delivery-status part as its groups of fields: per-message first, then one per recipient. */
    static List<InternetHeaders> statusGroups(byte[] message) throws MessagingException, IOException {
        String body = new String(raw(report(message).getBodyPart(1)), US_ASCII);
        List<InternetHeaders> groups = new ArrayList<>();
        for (String group : body.split("\r\n\r\n")) {
            groups.add(new InternetHeaders(new ByteArrayInputStream((group + "\r\n\r\n").getBytes(US_ASCII))));
        }
        return groups;
    }

    /** The human-readable part, transfer-decoded. */
    static String noticeText(byte[] message) {
        try {
            return (String) report(message).getBodyPart(0).getContent();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notice text with its lines joined, for looking up phrases that wrapping may have split. */
    static String prose(byte[] message) {
        return noticeText(message).replace("\r\n", " ");
    }

    /** The lines of a message; fails on a bare CR or LF, as every line must end in CRLF. */
    static List<byte[]> lines(byte[] message) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' || message[i] == '\r') {
                if (message[i] != '\r' || i + 1 >= message.length || message[i + 1] != '\n') {
                    throw new UncheckedIOException(new IOException("bare CR or LF at octet " + i));
                }
                lines.add(Arrays.copyOfRange(message, start, i));
                start = ++i + 1;
            }
        }
        lines.add(Arrays.copyOfRange(message, start, message.length));
        return lines;
    }

    /** The header section of a composed message, up to the first empty line. */
    static byte[] headerSection(byte[] message) {
        return ReturnedMessage.headerSection(message);
    }
}
