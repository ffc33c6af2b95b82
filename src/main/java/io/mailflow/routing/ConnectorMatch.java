package io.mailflow.routing;

import io.mailflow.model.OutboundConnector;
import java.util.Comparator;
import java.util.Locale;

/**
 * How well an outbound connector's address space matches a recipient domain. Lower sorts first:
 * exact domain, then the longest matching {@code *.domain} wildcard, then all accepted domains,
 * then {@code *}; ties go to the name that sorts first, case-insensitively, then by ordinal (S12).
 *
 * @param connector the connector
 * @param specificity 0 exact, 1 wildcard, 2 all accepted domains, 3 {@code *}
 * @param suffixLength for a wildcard, the length of the matched suffix (longer wins)
 * @param how the matching entry, for explanations
 */
record ConnectorMatch(OutboundConnector connector, int specificity, int suffixLength, String how) {

    static final Comparator<ConnectorMatch> PRECEDENCE = Comparator.comparingInt(ConnectorMatch::specificity)
            .thenComparing(Comparator.comparingInt(ConnectorMatch::suffixLength).reversed())
            .thenComparing(m -> m.connector().name().toLowerCase(Locale.ROOT))
            .thenComparing(m -> m.connector().name());

    /** The best match of one connector for a domain, or null when none of its entries match. */
    static ConnectorMatch of(OutboundConnector c, String domain, boolean acceptedDomain) {
        ConnectorMatch best = null;
        for (String entry : c.recipientDomains()) {
            String e = io.mailflow.model.DomainPatterns.normalize(entry);
            ConnectorMatch m = null;
            if (e.equals(domain)) {
                m = new ConnectorMatch(c, 0, 0, "exact domain " + entry);
            } else if (e.startsWith("*.") && (domain.equals(e.substring(2)) || domain.endsWith(e.substring(1)))) {
                m = new ConnectorMatch(c, 1, e.length() - 2, "wildcard " + entry);
            } else if (e.equals("*")) {
                m = new ConnectorMatch(c, 3, 0, "* (every domain)");
            }
            if (m != null && (best == null || PRECEDENCE.compare(m, best) < 0)) {
                best = m;
            }
        }
        if (c.allAcceptedDomains() && acceptedDomain) {
            ConnectorMatch m = new ConnectorMatch(c, 2, 0, "allAcceptedDomains");
            if (best == null || PRECEDENCE.compare(m, best) < 0) {
                best = m;
            }
        }
        return best;
    }

    String describe() {
        return "'" + connector.name() + "' matches by " + how;
    }
}
