package io.mailflow.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address range written as a single address ({@code 192.0.2.7}) or in CIDR form
 * ({@code 192.0.2.0/24}, {@code 2001:db8::/32}).
 *
 * @param network the first address of the range (host bits cleared)
 * @param prefixLength the number of leading bits that must match; a longer prefix is more specific
 */
public record IpRange(InetAddress network, int prefixLength) {

    public IpRange {
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length must be 0.." + max);
        }
        network = masked(network, prefixLength);
    }

    /** Parses a literal address or CIDR range; host names are refused (no DNS lookups here). */
    public static IpRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addressPart = slash < 0 ? t : t.substring(0, slash);
        InetAddress address = literal(addressPart);
        int max = address.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix length /" + prefix + " is longer than " + max + " in '" + text + "'");
            }
        }
        return new IpRange(address, prefix);
    }

    /** Parses an IP literal without ever resolving a name. */
    public static InetAddress literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("not an IP address: '" + text + "'");
                }
            }
        }
        try {
            return InetAddress.getByName(t); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.getAddress().length) {
            return false;
        }
        return masked(address, prefixLength).equals(network);
    }

    /** How many addresses the range holds, capped at Long.MAX_VALUE. */
    public long size() {
        int hostBits = network.getAddress().length * 8 - prefixLength;
        return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] b = address.getAddress().clone();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xFF << (8 - bits));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
