package io.mailflow.model;

import java.util.Locale;

/**
 * An e-mail address: a local part and a domain. The domain is kept normalised (lower-case
 * A-labels); the local part is kept as written, but compared case-insensitively, as Exchange does
 * for its recipients ({@link #key()}).
 */
public record EmailAddress(String localPart, String domain) {

    public EmailAddress {
        if (localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        domain = isAddressLiteral(domain) ? domain.toLowerCase(Locale.ROOT) : Domains.normalize(domain);
    }

    /** True for an address literal such as {@code [192.0.2.1]} (RFC 5321 §4.1.3). */
    public static boolean isAddressLiteral(String domain) {
        return domain.startsWith("[") && domain.endsWith("]");
    }

    /**
     * Parses the plain {@code local@domain} form used in configuration files: a dot-atom local part
     * (RFC 5322 §3.2.3) without the sender-routing characters {@code % ! @}.
     */
    public static EmailAddress parse(String text) {
        String t = text.strip();
        int at = t.lastIndexOf('@');
        if (at <= 0 || at == t.length() - 1) {
            throw new IllegalArgumentException("not an e-mail address: '" + text + "' (write local@domain)");
        }
        String local = t.substring(0, at);
        if (!isDotAtom(local)) {
            throw new IllegalArgumentException("not a valid local part in '" + text + "'");
        }
        try {
            return new EmailAddress(local, t.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + Domains.visible(t) + "': " + e.getMessage());
        }
    }

    /**
     * Reads back an address this gateway stored itself (queue, trace): the local part may be
     * quoted or hold characters a configuration file may not, since the SMTP parser accepted it.
     */
    public static EmailAddress parseLenient(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("not an e-mail address: '" + text + "'");
        }
        return new EmailAddress(text.substring(0, at), text.substring(at + 1));
    }

    /** True for a dot-atom of atext characters, excluding {@code %} and {@code !}. */
    public static boolean isDotAtom(String local) {
        if (local.isEmpty() || local.startsWith(".") || local.endsWith(".") || local.contains("..")
                || local.length() > 64) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
                    || "#$&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The lookup key: the address with its local part folded to lower case. */
    public String key() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
