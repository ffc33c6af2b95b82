package io.mailflow.model;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * A span of IP addresses as Exchange's {@code SenderIpRanges} writes it: one address
 * ({@code 192.0.2.7}), a CIDR range ({@code 192.0.2.0/24}) or a dash range
 * ({@code 192.0.2.10-192.0.2.20}). Both ends are of the same family.
 */
public record IpInterval(InetAddress first, InetAddress last, String text) {

    public static IpInterval parse(String text) {
        String t = text.strip();
        int dash = t.indexOf('-');
        if (dash < 0) {
            IpRange r = IpRange.parse(t);
            byte[] hi = r.network().getAddress().clone();
            int hostBits = hi.length * 8 - r.prefixLength();
            for (int i = hi.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
                hi[i] |= (byte) (hostBits >= 8 ? 0xFF : (1 << hostBits) - 1);
            }
            return new IpInterval(r.network(), address(hi), t);
        }
        InetAddress a = IpRange.literal(t.substring(0, dash).strip());
        InetAddress b = IpRange.literal(t.substring(dash + 1).strip());
        if (a.getAddress().length != b.getAddress().length) {
            throw new IllegalArgumentException("'" + text + "' mixes IPv4 and IPv6");
        }
        if (number(a).compareTo(number(b)) > 0) {
            throw new IllegalArgumentException("'" + text + "' ends before it starts");
        }
        return new IpInterval(a, b, t);
    }

    public boolean contains(InetAddress address) {
        if (address.getAddress().length != first.getAddress().length) {
            return false;
        }
        BigInteger n = number(address);
        return n.compareTo(number(first)) >= 0 && n.compareTo(number(last)) <= 0;
    }

    private static BigInteger number(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
