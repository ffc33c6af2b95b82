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
        if (!isDottedQuad(t) && !(t.indexOf(':') >= 0 && isHexColonDot(t))) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
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

    // Scans rather than regular expressions: a smart host's address is parsed on every attempt.

    /** Four decimal parts of one to three digits, each at most 255. */
    private static boolean isDottedQuad(String t) {
        int parts = 0;
        int i = 0;
        while (i <= t.length()) {
            int start = i;
            int value = 0;
            while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + t.charAt(i++) - '0';
            }
            if (i == start || value > 255) {
                return false;
            }
            parts++;
            if (i == t.length()) {
                return parts == 4;
            }
            if (t.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
        return false;
    }

    private static boolean isHexColonDot(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
