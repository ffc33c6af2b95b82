package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A connector for mail coming into Mailflow from a known server (Exchange's
 * {@code InboundConnector}, exchange-mailflow.md §2). A session is attributed to at most one
 * connector: by the client certificate presented during STARTTLS, else by IP address.
 *
 * <p>An <b>OnPremises</b> connector gives its servers the right to relay to any domain, when the
 * certificate's domain or the MAIL FROM domain is an accepted domain (Exchange's rule since 2023).
 * A <b>Partner</b> connector restricts: mail from its {@code senderDomains} that breaks its TLS, IP
 * or certificate restriction is refused. {@code requireTls} applies to both: on a Partner connector to
 * mail from its senderDomains, on an OnPremises one to every transaction of a session attributed to
 * it (Exchange's hybrid wizard creates OnPremises connectors with RequireTls).
 *
 * @param name unique name, at most 64 characters
 * @param connectorType Partner or OnPremises (required)
 * @param enabled false hides the connector as if it did not exist (default true)
 * @param comment free text
 * @param senderDomains the sender (MAIL FROM) domains a Partner connector's restrictions cover:
 *        exact, {@code *.domain} or {@code *} (default {@code *})
 * @param senderIPAddresses IPv4/IPv6 addresses or CIDR ranges of the connector's servers
 * @param requireTls Partner: mail from senderDomains must come over TLS; OnPremises: all mail of a
 *        session attributed to it (default false)
 * @param restrictDomainsToIPAddresses Partner: mail from senderDomains must come from senderIPAddresses
 * @param restrictDomainsToCertificate Partner: mail from senderDomains must come with a certificate
 *        named tlsSenderCertificateName
 * @param tlsSenderCertificateName the name (subject CN or SAN, {@code *.domain} allowed) of the
 *        client certificate that attributes a session to this connector
 * @param treatMessagesAsInternal OnPremises: mail through this connector counts as from inside the organization
 */
public record InboundConnector(String name, ConnectorType connectorType, Boolean enabled, String comment,
        List<String> senderDomains, List<String> senderIPAddresses, Boolean requireTls, Boolean restrictDomainsToIPAddresses,
        Boolean restrictDomainsToCertificate, String tlsSenderCertificateName, Boolean treatMessagesAsInternal) {

    public InboundConnector {
        enabled = enabled == null || enabled;
        senderIPAddresses = senderIPAddresses == null ? List.of() : List.copyOf(senderIPAddresses);
        senderDomains = senderDomains == null ? List.of("*") : List.copyOf(senderDomains);
        requireTls = requireTls != null && requireTls;
        restrictDomainsToIPAddresses = restrictDomainsToIPAddresses != null && restrictDomainsToIPAddresses;
        restrictDomainsToCertificate = restrictDomainsToCertificate != null && restrictDomainsToCertificate;
        treatMessagesAsInternal = treatMessagesAsInternal != null && treatMessagesAsInternal;
        // Certificates carry A-labels: a name written in Unicode is compared in that form.
        tlsSenderCertificateName = tlsSenderCertificateName == null ? null : DomainPatterns.normalize(tlsSenderCertificateName);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The parsed sender IP ranges; only call on a valid connector. */
    public List<IpRange> senderIpRanges() {
        return senderIPAddresses.stream().map(IpRange::parse).toList();
    }

    /** True when a Partner connector restricts something (it then wins over ones that only allow). */
    public boolean restricts() {
        return connectorType == ConnectorType.Partner && (requireTls || restrictDomainsToIPAddresses || restrictDomainsToCertificate);
    }

    /** True for an OnPremises connector whose sessions must be encrypted before any MAIL. */
    public boolean onPremisesRequiresTls() {
        return connectorType == ConnectorType.OnPremises && requireTls;
    }

    /** True when the (normalised) sender domain is one of senderDomains. */
    public boolean coversSenderDomain(String domain) {
        return DomainPatterns.matchesAny(senderDomains, domain);
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
        if (tlsSenderCertificateName != null) {
            Connectors.checkDomainPattern("tlsSenderCertificateName", tlsSenderCertificateName, errors);
            if (tlsSenderCertificateName.equals("*")) {
                errors.add(new ConfigError("tlsSenderCertificateName", "must name a domain ('*' would match any certificate)"));
            }
        }
        if (connectorType == ConnectorType.OnPremises) {
            onPremisesOnly(errors);
        } else if (connectorType == ConnectorType.Partner) {
            partnerOnly(errors);
        }
        return errors;
    }

    private void onPremisesOnly(List<ConfigError> errors) {
        for (String[] f : new String[][] {{"restrictDomainsToIPAddresses", restrictDomainsToIPAddresses.toString()},
                {"restrictDomainsToCertificate", restrictDomainsToCertificate.toString()}}) {
            if (f[1].equals("true")) {
                errors.add(new ConfigError(f[0], "is only used on a Partner connector"));
            }
        }
        if (senderIPAddresses.isEmpty() && tlsSenderCertificateName == null) {
            errors.add(new ConfigError("senderIPAddresses", "or tlsSenderCertificateName is needed: an OnPremises connector"
                    + " is recognised by its servers' addresses or their certificate"));
        }
    }

    private void partnerOnly(List<ConfigError> errors) {
        if (treatMessagesAsInternal) {
            errors.add(new ConfigError("treatMessagesAsInternal", "is only allowed on an OnPremises connector"));
        }
        if (restrictDomainsToIPAddresses && senderIPAddresses.isEmpty()) {
            errors.add(new ConfigError("senderIPAddresses", "are required when restrictDomainsToIPAddresses is true"));
        }
        if (restrictDomainsToCertificate && tlsSenderCertificateName == null) {
            errors.add(new ConfigError("tlsSenderCertificateName", "is required when restrictDomainsToCertificate is true"));
        }
        if (restrictDomainsToCertificate && !requireTls) {
            errors.add(new ConfigError("requireTls", "must be true when restrictDomainsToCertificate is true (the"
                    + " certificate is only seen over TLS)"));
        }
    }
}
