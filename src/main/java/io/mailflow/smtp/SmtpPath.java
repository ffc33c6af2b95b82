package io.mailflow.smtp;

import io.mailflow.model.EmailAddress;

/**
 * A reverse-path or forward-path from MAIL or RCPT (RFC 5321 §4.1.2).
 *
 * @param address the mailbox, or null for the null reverse-path {@code <>}
 * @param sourceRoute the at-domain list before the mailbox ({@code @a,@b:}), or empty
 * @param utf8 true when the path holds non-ASCII characters (needs SMTPUTF8, RFC 6531)
 */
public record SmtpPath(EmailAddress address, String sourceRoute, boolean utf8) {

    public static final SmtpPath NULL = new SmtpPath(null, "", false);

    public boolean isNull() {
        return address == null;
    }

    /**
     * True when the path asks a server further on to route the mail (a source route, or a local
     * part holding {@code %}, {@code !} or {@code @}): the open-relay tricks that Mailflow never
     * honours.
     */
    public boolean isSenderRouted() {
        if (!sourceRoute.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        String local = address.localPart();
        return local.indexOf('%') >= 0 || local.indexOf('!') >= 0 || local.indexOf('@') >= 0;
    }

    /** The path as written in an SMTP command: {@code <local@domain>}. */
    public String toPathString() {
        return address == null ? "<>" : "<" + address + ">";
    }
}
