package io.mailflow.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/** Recognises IP literals so that they are never sent to DNS. */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * The address {@code text} spells, if it is an IPv4 or IPv6 literal ({@code [..]} allowed
     * around IPv6); empty for anything else. Parses only: never queries DNS.
     */
    static Optional<InetAddress> parse(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] bytes = Address.toByteArray(t, Address.IPv4);
        if (bytes == null) {
            bytes = Address.toByteArray(t, Address.IPv6);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
