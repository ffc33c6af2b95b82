package io.mailflow.pipeline;

import io.mailflow.model.EmailAddress;
import java.util.List;

/**
 * The SMTP envelope of one transaction, as accepted recipient by recipient.
 *
 * @param sender the envelope sender, or null for the null sender {@code <>}
 * @param smtpUtf8 the SMTPUTF8 parameter was given
 * @param body the BODY parameter ({@code 7BIT}, {@code 8BITMIME}) or null
 * @param dsnRet DSN RET ({@code FULL}, {@code HDRS}) or null
 * @param dsnEnvid DSN ENVID or null
 * @param recipients the accepted recipients, in RCPT order
 */
public record Envelope(EmailAddress sender, boolean smtpUtf8, String body, String dsnRet, String dsnEnvid,
        List<Recipient> recipients) {

    public Envelope {
        recipients = List.copyOf(recipients);
    }

    /**
     * One accepted recipient with its DSN parameters.
     *
     * @param address the recipient
     * @param orcpt DSN ORCPT as {@code type;address}, or null
     * @param dsnNotify NOTIFY values joined by commas, or null for the default
     */
    public record Recipient(EmailAddress address, String orcpt, String dsnNotify) {
    }
}
