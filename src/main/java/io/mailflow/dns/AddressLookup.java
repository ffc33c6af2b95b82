package io.mailflow.dns;

import java.net.InetAddress;
import java.util.List;

/** The answer to "which addresses does this host have?" (A and AAAA records). */
public sealed interface AddressLookup {

    /**
     * The host's addresses, IPv4 before IPv6, each family in the server's order. Never empty.
     * If one family's query failed but the other found addresses, those are returned.
     */
    record Found(List<InetAddress> addresses) implements AddressLookup {
        public Found {
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("Found needs at least one address");
            }
        }
    }

    /** The name exists but has neither A nor AAAA records. */
    record NoAddresses() implements AddressLookup {
    }

    /** The name does not exist (NXDOMAIN), or it cannot be a DNS name. */
    record NoSuchDomain() implements AddressLookup {
    }

    /** No answer could be had (timeout, SERVFAIL, refusal, network): a temporary failure. */
    record Failed(String reason) implements AddressLookup {
    }
}
