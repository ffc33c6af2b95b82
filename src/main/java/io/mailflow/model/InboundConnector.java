package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A connector for mail coming into Mailflow from a known server (Exchange's
 * {@code InboundConnector}). An enabled OnPremises connector gives the servers in its
 * {@code senderIPAddresses} the right to relay to any domain.
 *
 * @param name unique name, at most 64 characters
 * @param connectorType Partner or OnPremises (required)
 * @param enabled false hides the connector as if it did not exist (default true)
 * @param comment free text
 * @param senderIPAddresses single IPv4/IPv6 addresses or CIDR ranges
 * @param senderDomains the sender domains the connector applies to ({@code *} = all)
 */
public record InboundConnector(String name, ConnectorType connectorType, Boolean enabled, String comment,
        List<String> senderIPAddresses, List<String> senderDomains) {

    public InboundConnector {
        enabled = enabled == null || enabled;
        senderIPAddresses = senderIPAddresses == null ? List.of() : List.copyOf(senderIPAddresses);
        senderDomains = senderDomains == null ? List.of("*") : List.copyOf(senderDomains);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The parsed sender IP ranges; only call on a valid connector. */
    public List<IpRange> senderIpRanges() {
        return senderIPAddresses.stream().map(IpRange::parse).toList();
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        Connectors.checkName(name, errors);
        if (connectorType == null) {
            errors.add(new ConfigError("connectorType", "is required (Partner or OnPremises)"));
        }
        for (int i = 0; i < senderIPAddresses.size(); i++) {
            try {
                IpRange.parse(senderIPAddresses.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("senderIPAddresses[" + i + "]", e.getMessage()));
            }
        }
        for (int i = 0; i < senderDomains.size(); i++) {
            Connectors.checkDomainPattern("senderDomains[" + i + "]", senderDomains.get(i), errors);
        }
        return errors;
    }
}
