package io.mailflow.dsn;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a notification to one sender about one message says.
 *
 * @param reportingMta our host name (RFC 3464 §2.2.2)
 * @param from the notice's From address, {@code postmaster@<first accepted domain>}
 * @param to the original envelope sender; never empty, as a message with a null sender gets
 *        no notice
 * @param originalEnvelopeId the DSN ENVID, xtext-decoded, or null
 * @param arrivalDate when the original message arrived
 * @param recipients the reports, at least one, all with the same action
 * @param returnFullMessage RET=FULL was given; only a "failed" notice returns the whole message
 * @param originalMessage the whole original message with CRLF line ends; not copied, so the
 *        caller must not change it
 * @param originalSubject the original Subject, decoded; null is taken as empty
 */
public record DsnRequest(String reportingMta, String from, String to, String originalEnvelopeId,
        Instant arrivalDate, List<RecipientReport> recipients, boolean returnFullMessage, byte[] originalMessage,
        String originalSubject) {

    public DsnRequest {
        Objects.requireNonNull(reportingMta, "reportingMta");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(arrivalDate, "arrivalDate");
        Objects.requireNonNull(originalMessage, "originalMessage");
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("a notice needs a sender to go to");
        }
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a notice needs at least one recipient report");
        }
        if (recipients.stream().map(RecipientReport::action).distinct().count() > 1) {
            // One notice per kind of news: its subject and text speak of a single action.
            throw new IllegalArgumentException("all recipient reports of a notice need the same action");
        }
        originalSubject = originalSubject == null ? "" : originalSubject;
    }

    /** The one action every recipient report of this notice has. */
    DsnAction action() {
        return recipients.getFirst().action();
    }
}
