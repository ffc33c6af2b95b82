package io.mailflow.smtp;

import java.util.Set;

/**
 * The ESMTP parameters of a RCPT command (RFC 3461 §4.1, §4.2).
 *
 * @param dsnNotify the NOTIFY values, or an empty set when not given (the default applies:
 *        failure and delay notices)
 * @param orcptType the ORCPT address type ({@code rfc822} or {@code utf-8}), or null
 * @param orcpt the original recipient, decoded, or null
 */
public record RcptParameters(Set<DsnNotify> dsnNotify, String orcptType, String orcpt) {

    public static final RcptParameters NONE = new RcptParameters(Set.of(), null, null);

    public RcptParameters {
        dsnNotify = Set.copyOf(dsnNotify);
    }
}
