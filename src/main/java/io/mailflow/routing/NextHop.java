package io.mailflow.routing;

import java.util.Locale;

/**
 * Where a recipient goes next. Recipients of one message with the same next hop travel together
 * in one delivery. {@link #key()} is the stored form ({@code mailbox:alice@contoso.test},
 * {@code mx:example.com}).
 */
public sealed interface NextHop {

    String key();

    /** A mailbox this gateway holds, named by its primary SMTP address. */
    record Mailbox(String primarySmtpAddress) implements NextHop {
        public Mailbox {
            primarySmtpAddress = primarySmtpAddress.toLowerCase(Locale.ROOT);
        }

        public String key() {
            return "mailbox:" + primarySmtpAddress;
        }
    }

    /** The recipient domain's own mail servers, found through its MX records. */
    record Mx(String domain) implements NextHop {
        public String key() {
            return "mx:" + domain;
        }
    }

    /** Reads a stored key back; throws IllegalArgumentException for an unknown form. */
    static NextHop parse(String key) {
        int colon = key.indexOf(':');
        String kind = colon < 0 ? key : key.substring(0, colon);
        String value = colon < 0 ? "" : key.substring(colon + 1);
        return switch (kind) {
            case "mailbox" -> new Mailbox(value);
            case "mx" -> new Mx(value);
            default -> throw new IllegalArgumentException("unknown next hop: " + key);
        };
    }
}
