package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A domain Mailflow receives mail for (Exchange's {@code AcceptedDomain}).
 *
 * @param domainName the domain, normalised to lower-case ASCII when valid
 * @param domainType Authoritative (default) or InternalRelay
 * @param matchSubDomains InternalRelay only: every subdomain is accepted too (default false)
 */
public record AcceptedDomain(String domainName, DomainType domainType, Boolean matchSubDomains) {

    public AcceptedDomain {
        if (domainType == null) {
            domainType = DomainType.Authoritative;
        }
        matchSubDomains = matchSubDomains != null && matchSubDomains;
        if (domainName != null && Domains.isValid(domainName)) {
            domainName = Domains.normalize(domainName);
        }
    }

    public AcceptedDomain(String domainName, DomainType domainType) {
        this(domainName, domainType, null);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (domainName == null || domainName.isBlank()) {
            errors.add(new ConfigError("domainName", "is required"));
        } else if (!Domains.isValid(domainName)) {
            errors.add(new ConfigError("domainName", Domains.problem(domainName)));
        }
        if (matchSubDomains && domainType != DomainType.InternalRelay) {
            errors.add(new ConfigError("matchSubDomains", "requires domainType: InternalRelay (as in Exchange)"));
        }
        return errors;
    }
}
