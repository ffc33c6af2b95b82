package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A connector for mail leaving Mailflow (Exchange's {@code OutboundConnector}): which recipients
 * it takes and how it delivers them (smart hosts or MX, TLS).
 *
 * @param name unique, at most 64 characters; ties between equally specific connectors go to the
 *        name that sorts first (S12)
 * @param connectorType Partner or OnPremises (required)
 * @param enabled false hides the connector (default true)
 * @param comment free text
 * @param recipientDomains exact domains, {@code *.domain} (the domain and its subdomains) or {@code *}
 * @param allAcceptedDomains OnPremises only: takes recipients of every accepted domain
 * @param isTransportRuleScoped used only when a mail flow rule routes a message to it (S7)
 * @param useMxRecord true (default): deliver to the recipient domain's MX; false: to the smart hosts
 * @param smartHosts host names, IP addresses or CIDR ranges, optional {@code :port}
 * @param tlsSettings null for opportunistic TLS, or the required level
 * @param tlsDomain the name the certificate must carry, with DomainValidation
 * @param routeAllMessagesViaOnPremises OnPremises only: all mail to outside the accepted domains goes through it
 */
public record OutboundConnector(String name, ConnectorType connectorType, Boolean enabled, String comment,
        List<String> recipientDomains, Boolean allAcceptedDomains, Boolean isTransportRuleScoped, Boolean useMxRecord,
        List<String> smartHosts, TlsAuthLevel tlsSettings, String tlsDomain, Boolean routeAllMessagesViaOnPremises) {

    public OutboundConnector {
        enabled = enabled == null || enabled;
        recipientDomains = recipientDomains == null ? List.of() : List.copyOf(recipientDomains);
        allAcceptedDomains = allAcceptedDomains != null && allAcceptedDomains;
        isTransportRuleScoped = isTransportRuleScoped != null && isTransportRuleScoped;
        useMxRecord = useMxRecord == null || useMxRecord;
        smartHosts = smartHosts == null ? List.of() : List.copyOf(smartHosts);
        routeAllMessagesViaOnPremises = routeAllMessagesViaOnPremises != null && routeAllMessagesViaOnPremises;
        // Certificates carry A-labels: a name written in Unicode is compared in that form.
        tlsDomain = tlsDomain == null ? null : DomainPatterns.normalize(tlsDomain);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The parsed smart hosts; only call on a valid connector. */
    public List<SmartHost> parsedSmartHosts() {
        return smartHosts.stream().map(SmartHost::parse).toList();
    }

    /** True when TLS is required (any tlsSettings value): never plain text. */
    public boolean requiresTls() {
        return tlsSettings != null;
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        Connectors.checkName(name, errors);
        if (connectorType == null) {
            errors.add(new ConfigError("connectorType", "is required (Partner or OnPremises)"));
        }
        for (int i = 0; i < recipientDomains.size(); i++) {
            Connectors.checkDomainPattern("recipientDomains[" + i + "]", recipientDomains.get(i), errors);
        }
        if (recipientDomains.isEmpty() && !allAcceptedDomains && !isTransportRuleScoped && !routeAllMessagesViaOnPremises) {
            errors.add(new ConfigError("recipientDomains", "is needed unless allAcceptedDomains, isTransportRuleScoped"
                    + " or routeAllMessagesViaOnPremises is set: otherwise no recipient can ever use this connector"));
        }
        if (allAcceptedDomains && connectorType == ConnectorType.Partner) {
            errors.add(new ConfigError("allAcceptedDomains", "is only allowed on an OnPremises connector"));
        }
        if (routeAllMessagesViaOnPremises && connectorType == ConnectorType.Partner) {
            errors.add(new ConfigError("routeAllMessagesViaOnPremises", "is only allowed on an OnPremises connector"));
        }
        if (!useMxRecord && smartHosts.isEmpty()) {
            errors.add(new ConfigError("smartHosts", "are required when useMxRecord is false"));
        }
        if (useMxRecord && !smartHosts.isEmpty()) {
            errors.add(new ConfigError("smartHosts", "are only used with useMxRecord: false"));
        }
        for (int i = 0; i < smartHosts.size(); i++) {
            try {
                SmartHost.parse(smartHosts.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("smartHosts[" + i + "]", e.getMessage()));
            }
        }
        if (tlsDomain != null) {
            if (tlsSettings != TlsAuthLevel.DomainValidation) {
                errors.add(new ConfigError("tlsDomain", "is only used with tlsSettings: DomainValidation"));
            }
            Connectors.checkDomainPattern("tlsDomain", tlsDomain.equals("*") ? "x" : tlsDomain, errors);
        }
        return errors;
    }
}
