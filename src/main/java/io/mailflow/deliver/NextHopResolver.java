package io.mailflow.deliver;

import io.mailflow.dns.AddressLookup;
import io.mailflow.dns.MxHost;
import io.mailflow.dns.MxLookup;
import io.mailflow.dns.Resolver;
import io.mailflow.model.IpRange;
import io.mailflow.model.SmartHost;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a next hop into the hosts to try: a connector's smart hosts (an FQDN resolved MX first,
 * then A/AAAA, RFC 5321 §5.1) or a domain's MX hosts in preference order (random among equals),
 * with the implicit MX and the null MX (RFC 7505).
 */
final class NextHopResolver {

    /** The hosts to try, or why there are none. */
    sealed interface Resolution {
        record Hosts(List<HostCandidate> hosts) implements Resolution {
        }

        /** No host to try; permanent for a domain that does not exist or accepts no mail. */
        record Unroutable(String reason, boolean permanent) implements Resolution {
        }
    }

    private final Resolver dns;

    NextHopResolver(Resolver dns) {
        this.dns = dns;
    }

    /** Smart hosts in the given order; one that cannot be resolved is left out (and named in the reason). */
    Resolution smartHosts(List<SmartHost> ordered) {
        List<HostCandidate> out = new ArrayList<>();
        String failure = null;
        for (SmartHost h : ordered) {
            if (!h.needsDns()) {
                out.add(new HostCandidate(h.toString(), null, socketAddresses(h.addresses(), h.port()), true));
                continue;
            }
            List<HostCandidate> resolved = new ArrayList<>();
            String why = resolveName(h.host(), h.port(), resolved);
            if (why != null) {
                failure = OutboundReplies.DNS_FAILED + ": smart host " + h + ": " + why;
            }
            for (HostCandidate c : resolved) {
                out.add(new HostCandidate(h.toString(), c.name(), c.addresses(), true));
            }
        }
        return out.isEmpty() ? new Resolution.Unroutable(failure == null ? OutboundReplies.NO_ADDRESS : failure, false)
                : new Resolution.Hosts(out);
    }

    /** The MX hosts of a recipient domain. */
    Resolution mx(String domain, int port) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String literal = domain.substring(1, domain.length() - 1);
            literal = literal.regionMatches(true, 0, "IPv6:", 0, 5) ? literal.substring(5) : literal;
            InetAddress a = IpRange.literal(literal);
            return new Resolution.Hosts(List.of(new HostCandidate(domain + ":" + port, null,
                    List.of(new InetSocketAddress(a, port)), false)));
        }
        List<HostCandidate> out = new ArrayList<>();
        return switch (dns.mx(domain)) {
            case MxLookup.NullMx n -> new Resolution.Unroutable(OutboundReplies.NULL_MX, true);
            case MxLookup.NoSuchDomain n -> new Resolution.Unroutable(OutboundReplies.NO_SUCH_DOMAIN + ": " + domain, true);
            case MxLookup.Failed f -> new Resolution.Unroutable(OutboundReplies.DNS_FAILED + ": MX of " + domain + ": " + f.reason(), false);
            case MxLookup.NoMx n -> {
                String why = addresses(domain, port, out);
                yield out.isEmpty() ? new Resolution.Unroutable(why == null || why.startsWith("no")
                        ? OutboundReplies.NO_ADDRESS + ": " + domain + " has neither MX nor address records"
                        : OutboundReplies.DNS_FAILED + ": " + domain + ": " + why, why != null && why.startsWith("no"))
                        : new Resolution.Hosts(out);
            }
            case MxLookup.Found f -> {
                String why = null;
                for (MxHost mx : f.hosts()) {
                    String w = addresses(mx.host(), port, out);
                    why = w == null ? why : w;
                }
                yield out.isEmpty() ? new Resolution.Unroutable(OutboundReplies.DNS_FAILED + ": no address for any MX of "
                        + domain + (why == null ? "" : ": " + why), false) : new Resolution.Hosts(out);
            }
        };
    }

    /** An FQDN smart host: its MX hosts if it has any, else its own addresses. Returns a failure text or null. */
    private String resolveName(String host, int port, List<HostCandidate> out) {
        return switch (dns.mx(host)) {
            case MxLookup.Found f -> {
                String why = null;
                for (MxHost mx : f.hosts()) {
                    String w = addresses(mx.host(), port, out);
                    why = w == null ? why : w;
                }
                yield out.isEmpty() ? why : null;
            }
            case MxLookup.Failed f -> f.reason();
            default -> addresses(host, port, out);
        };
    }

    /** Adds a candidate for a host with its addresses; returns a failure text or null. */
    private String addresses(String host, int port, List<HostCandidate> out) {
        return switch (dns.addresses(host)) {
            case AddressLookup.Found f -> {
                out.add(new HostCandidate(host + ":" + port, host, socketAddresses(f.addresses(), port), false));
                yield null;
            }
            case AddressLookup.NoAddresses n -> "no address records for " + host;
            case AddressLookup.NoSuchDomain n -> "no such host " + host;
            case AddressLookup.Failed f -> f.reason();
        };
    }

    private static List<InetSocketAddress> socketAddresses(List<InetAddress> addresses, int port) {
        return addresses.stream().map(a -> new InetSocketAddress(a, port)).toList();
    }
}
