package io.mailflow.store;

import java.time.Instant;

/**
 * What to look for in the trace; null fields do not filter. Addresses may be written as in SMTP,
 * in angle brackets: {@code <>} (or an empty text) is the null sender of bounces and notices.
 *
 * @param recipient an envelope recipient (case-insensitive); a {@code *} in it matches any run of
 *     characters ({@link io.mailflow.model.AddressPattern})
 * @param sender the envelope sender (case-insensitive, {@code *} as for recipient); {@code ""} or
 *     {@code <>} for the null sender
 * @param messageId the Message-ID header, with or without angle brackets
 * @param since only messages received at or after this time
 * @param until only messages received before this time, or null
 * @param offset how many of the newest matching messages to skip (paging)
 * @param limit at most this many messages, newest first
 */
public record TraceQuery(String recipient, String sender, String messageId, Instant since, Instant until, int offset,
        int limit) {

    public TraceQuery {
        recipient = unbracketed(recipient);
        sender = unbracketed(sender);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }

    public TraceQuery(String recipient, String sender, String messageId, Instant since, int limit) {
        this(recipient, sender, messageId, since, null, 0, limit);
    }

    /** {@code <a@b>} is {@code a@b} and {@code <>} is the null sender's empty address, as stored. */
    private static String unbracketed(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        return a.length() >= 2 && a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1).strip() : a;
    }
}
