package io.mailflow.dsn;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What happened to one recipient, as a notification reports it.
 *
 * @param finalRecipient the recipient address the report is about (RFC 3464 §2.3.2)
 * @param originalRecipient the DSN ORCPT as {@code type;value}, the value xtext-encoded as
 *        received, or null when the client gave none
 * @param action what happened
 * @param status the enhanced status code, e.g. {@code 5.1.1} (RFC 3463)
 * @param remoteMta the host name of the server that answered, or null when none did
 * @param diagnosticCode the remote server's reply, e.g. {@code 550 5.1.1 No such user}, or our
 *        own reason in the same form; null when there is none
 * @param lastAttempt when delivery was last tried, or null
 * @param willRetryUntil for {@link DsnAction#DELAYED} only: when we give up; null otherwise
 */
public record RecipientReport(String finalRecipient, String originalRecipient, DsnAction action, String status,
        String remoteMta, String diagnosticCode, Instant lastAttempt, Instant willRetryUntil) {

    /** RFC 3463 §2: class "." subject "." detail, without leading zeros. */
    static final Pattern STATUS = Pattern.compile("[245]\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

    public RecipientReport {
        Objects.requireNonNull(action, "action");
        if (finalRecipient == null || finalRecipient.isBlank()) {
            throw new IllegalArgumentException("a report needs the final recipient");
        }
        if (status == null || !STATUS.matcher(status).matches()) {
            throw new IllegalArgumentException("not an enhanced status code: " + status);
        }
        if (willRetryUntil != null && action != DsnAction.DELAYED) {
            // RFC 3464 §2.3.9: Will-Retry-Until only belongs in a "delayed" report.
            throw new IllegalArgumentException("willRetryUntil is for delayed reports only");
        }
    }
}
