package io.mailflow.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;

/**
 * The Message-ID and Date fields a submitted message gets when it has none, as Postfix's cleanup
 * and Exchange add them: RFC 5322 §3.6 requires Date and asks for Message-ID, and RFC 6409 §8.2
 * and §8.3 let a submission server add them. Only for the organization's own clients; mail
 * relayed from the internet is left as it came (RFC 5321 §6.4: a relay MUST NOT add them).
 */
final class SubmissionHeaders {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What one message gets, placed right after our Received: field.
     *
     * @param messageId the Message-ID added (with its angle brackets), or null
     * @param date the Date added, or null
     */
    record Added(String messageId, String date) {

        static final Added NONE = new Added(null, null);

        byte[] fields() {
            return ((messageId == null ? "" : "Message-ID: " + messageId + "\r\n") + (date == null ? "" : "Date: " + date + "\r\n"))
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private SubmissionHeaders() {
    }

    /**
     * True for a client that submits the organization's mail: a user who logged in with SMTP AUTH
     * (only Submission listeners offer it) or a server of an OnPremises inbound connector.
     */
    static boolean appliesTo(ClientFacts client) {
        return client.authenticatedUser() != null || client.fromOnPremises();
    }

    /**
     * A new Message-ID for a message of ours: the queue id (unique on this gateway) and 48 random
     * bits (unique beside other gateways of the same name), at our hostname (RFC 5322 §3.6.4).
     */
    static String newMessageId(String queueId, String hostname) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "<" + queueId + "." + HexFormat.of().formatHex(random) + "@" + hostname + ">";
    }

    /**
     * The fields the message lacks. A field that is present, even empty, is kept: a second one
     * would break RFC 5322's "at most one".
     *
     * @param messageId the Message-ID to use when one is missing, or null when nothing is to be added
     * @param zone the gateway's time zone, from its clock
     */
    static Added missing(HeaderSection header, String messageId, Instant now, ZoneId zone) {
        if (messageId == null) {
            return Added.NONE;
        }
        return new Added(header.all("Message-ID").isEmpty() ? messageId : null,
                header.all("Date").isEmpty() ? ReceivedHeader.date(now, zone) : null);
    }
}
