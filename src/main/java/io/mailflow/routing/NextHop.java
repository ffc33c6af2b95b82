package io.mailflow.routing;

import java.util.Locale;

/**
 * Where a recipient goes next. Recipients of one message with the same next hop travel together
 * in one delivery (Exchange's bifurcation by NextHopSolutionKey). {@link #key()} is the stored
 * form: {@code mailbox:alice@contoso.test}, {@code connector:To Fabrikam},
 * {@code connector-mx:partner.test:Partner TLS}, {@code mx:example.com}, {@code tls:mx:example.com}.
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

    /**
     * An outbound connector: it decides smart hosts or MX, and TLS. For a connector that uses MX
     * records the recipient domain is part of the hop (each domain has its own servers); for a
     * smart-host connector it is null, so recipients of several domains travel together.
     */
    record Connector(String name, String mxDomain) implements NextHop {
        public String key() {
            return mxDomain == null ? "connector:" + name : "connector-mx:" + mxDomain + ":" + name;
        }
    }

    /** The recipient domain's own mail servers, found through its MX records. */
    record Mx(String domain) implements NextHop {
        public String key() {
            return "mx:" + domain;
        }
    }

    /**
     * A next hop reached over TLS only, whatever it would do otherwise: a mail flow rule's
     * RouteMessageOutboundRequireTls. A hop that already requires TLS keeps its own (stricter)
     * validation; an opportunistic one requires TLS without certificate validation.
     */
    record TlsRequired(NextHop hop) implements NextHop {
        public TlsRequired {
            if (hop instanceof TlsRequired || hop instanceof Mailbox) {
                throw new IllegalArgumentException("TLS cannot be required for " + hop.key());
            }
        }

        public String key() {
            return "tls:" + hop.key();
        }
    }

    /** Reads a stored key back; throws IllegalArgumentException for an unknown form. */
    static NextHop parse(String key) {
        if (key.startsWith("tls:")) {
            return new TlsRequired(parse(key.substring(4)));
        }
        int colon = key.indexOf(':');
        String kind = colon < 0 ? key : key.substring(0, colon);
        String value = colon < 0 ? "" : key.substring(colon + 1);
        return switch (kind) {
            case "mailbox" -> new Mailbox(value);
            case "mx" -> new Mx(value);
            case "connector" -> new Connector(value, null);
            case "connector-mx" -> {
                // The domain may be an address literal with colons of its own: [IPv6:2001:db8::1]
                int second = value.startsWith("[") && value.indexOf(']') > 0 ? value.indexOf(']') + 1 : value.indexOf(':');
                if (second < 0 || second >= value.length() || value.charAt(second) != ':') {
                    throw new IllegalArgumentException("unknown next hop: " + key);
                }
                yield new Connector(value.substring(second + 1), value.substring(0, second));
            }
            default -> throw new IllegalArgumentException("unknown next hop: " + key);
        };
    }
}
