package io.mailflow.dns;

import io.mailflow.model.IpRange;
import java.net.InetAddress;
import java.util.Optional;

/** Recognises IP literals so that they are never sent to DNS. */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * The address {@code text} spells, if it is an IPv4 or IPv6 literal ({@code [..]} allowed
     * around IPv6); empty for anything else. Parses only: never queries DNS.
     */
    static Optional<InetAddress> parse(String text) {
        try {
            return Optional.of(IpRange.literal(text)); // the one parser the configuration uses too
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }
}
