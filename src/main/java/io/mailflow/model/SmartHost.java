package io.mailflow.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an outbound connector's {@code smartHosts}: a host name (resolved MX first, then
 * A/AAAA), an IP address, or a CIDR range of at most 256 addresses, with an optional port
 * (default 25; Exchange has none, labs and tests need one). Written {@code mail.contoso.com},
 * {@code 192.0.2.10:2525}, {@code [2001:db8::5]:25}, {@code 192.0.2.0/30}.
 */
public record SmartHost(String host, int port, IpRange range) {

    /** Exchange accepts CIDR smart hosts; more than this many addresses is almost surely a typo. */
    public static final int MAX_RANGE = 256;

    public static SmartHost parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash >= 0) {
            int colon = t.indexOf(':', slash);
            String cidr = colon < 0 ? t : t.substring(0, colon);
            int port = colon < 0 ? 25 : port(t.substring(colon + 1), text);
            IpRange range = IpRange.parse(cidr);
            if (range.size() > MAX_RANGE) {
                throw new IllegalArgumentException("'" + text + "' holds " + range.size() + " addresses; at most " + MAX_RANGE);
            }
            return new SmartHost(range.network().getHostAddress(), port, range);
        }
        HostPort hp = HostPort.parse(t, 25);
        if (hp.port() == 0) {
            throw new IllegalArgumentException("port 0 in '" + text + "'");
        }
        if (isIpLiteral(hp.host())) {
            IpRange.literal(hp.host());
            return new SmartHost(hp.host(), hp.port(), null);
        }
        if (!Domains.isValid(hp.host())) {
            throw new IllegalArgumentException("'" + text + "' is neither a host name, an IP address nor a CIDR range");
        }
        return new SmartHost(Domains.normalize(hp.host()), hp.port(), null);
    }

    private static int port(String p, String text) {
        if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 65535
                || Integer.parseInt(p) == 0) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        return Integer.parseInt(p);
    }

    // Asked on every delivery attempt (needsDns, addresses): a scan, not a regular expression.
    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /** True for a host name that needs DNS; false for an address or a range. */
    public boolean needsDns() {
        return range == null && !isIpLiteral(host);
    }

    /** The addresses of an IP or CIDR entry, in order; empty for a host name. */
    public List<InetAddress> addresses() {
        if (needsDns()) {
            return List.of();
        }
        if (range == null) {
            return List.of(IpRange.literal(host));
        }
        List<InetAddress> out = new ArrayList<>();
        byte[] base = range.network().getAddress();
        for (long i = 0; i < range.size(); i++) {
            byte[] b = base.clone();
            long carry = i;
            for (int k = b.length - 1; k >= 0 && carry > 0; k--) {
                long sum = (b[k] & 0xFF) + (carry & 0xFF);
                b[k] = (byte) sum;
                carry = (carry >>> 8) + (sum >>> 8);
            }
            try {
                out.add(InetAddress.getByAddress(b));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        String h = range != null ? range.toString() : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
