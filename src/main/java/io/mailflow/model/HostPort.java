package io.mailflow.model;

/**
 * A host (name or IP literal) and a TCP port, written {@code host:port}, {@code [::1]:port} or
 * just {@code host} when a default port applies.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
    }

    /** Parses {@code host:port}; a missing port takes {@code defaultPort} (-1 = the port is required). */
    public static HostPort parse(String text, int defaultPort) {
        String t = text.strip();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("missing ']' in '" + text + "'");
            }
            host = t.substring(1, end);
            String rest = t.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']' in '" + text + "'");
                }
                port = rest.substring(1);
            }
        } else if (t.chars().filter(c -> c == ':').count() > 1) {
            host = t; // a bare IPv6 literal has no port
        } else {
            int colon = t.lastIndexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in '" + text + "'");
        }
        if (port == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("missing port in '" + text + "' (write host:port)");
            }
            return new HostPort(host, defaultPort);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
