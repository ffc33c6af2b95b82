package io.mailflow.dns;

import java.util.List;

/** The answer to "which hosts take mail for this domain?" (RFC 5321 §5.1). */
public sealed interface MxLookup {

    /**
     * The domain's mail exchangers, sorted by preference; hosts of equal preference are in random
     * order, shuffled again on every lookup (RFC 5321 §5.1). Never empty.
     */
    record Found(List<MxHost> hosts) implements MxLookup {
        public Found {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("Found needs at least one host");
            }
        }
    }

    /**
     * The domain says it accepts no mail (RFC 7505): its only MX has preference 0 and the root
     * "." as target. Also returned when every MX target is the root, since none is usable.
     */
    record NullMx() implements MxLookup {
    }

    /**
     * The domain exists but has no MX records: deliver to the domain's own addresses, the
     * implicit MX (RFC 5321 §5.1).
     */
    record NoMx() implements MxLookup {
    }

    /** The domain does not exist (NXDOMAIN), or its name cannot be a DNS name. */
    record NoSuchDomain() implements MxLookup {
    }

    /** No answer could be had (timeout, SERVFAIL, refusal, network): a temporary failure. */
    record Failed(String reason) implements MxLookup {
    }
}
