package io.mailflow.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A whole Mailflow configuration, as written in one YAML file. Absent sections take their
 * defaults; {@link #validate()} lists every problem at once, each with its YAML path.
 */
public record Configuration(ServerSettings server, List<AcceptedDomain> acceptedDomains, List<Mailbox> mailboxes,
        List<InboundConnector> inboundConnectors, List<OutboundConnector> outboundConnectors, TransportSettings transport,
        DnsSettings dns) {

    public Configuration {
        server = server == null ? ServerSettings.defaults() : server;
        acceptedDomains = acceptedDomains == null ? List.of() : List.copyOf(acceptedDomains);
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        inboundConnectors = inboundConnectors == null ? List.of() : List.copyOf(inboundConnectors);
        outboundConnectors = outboundConnectors == null ? List.of() : List.copyOf(outboundConnectors);
        transport = transport == null ? TransportSettings.defaults() : transport;
        dns = dns == null ? DnsSettings.defaults() : dns;
    }

    /** Every problem in this configuration; empty when it may be used. */
    public List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        server.validate().forEach(e -> errors.add(e.under("server")));
        Map<String, AcceptedDomain> domains = validateDomains(errors);
        validateMailboxes(domains, errors);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inboundConnectors.size(); i++) {
            InboundConnector c = inboundConnectors.get(i);
            String path = "inboundConnectors[" + i + "]";
            c.validate().forEach(e -> errors.add(e.under(path)));
            if (c.name() != null && !names.add(c.name().toLowerCase(Locale.ROOT))) {
                errors.add(new ConfigError(path + ".name", "'" + c.name() + "' is used by another inbound connector"));
            }
        }
        Set<String> outboundNames = new HashSet<>();
        for (int i = 0; i < outboundConnectors.size(); i++) {
            OutboundConnector c = outboundConnectors.get(i);
            String path = "outboundConnectors[" + i + "]";
            c.validate().forEach(e -> errors.add(e.under(path)));
            if (c.name() != null && !outboundNames.add(c.name().toLowerCase(Locale.ROOT))) {
                errors.add(new ConfigError(path + ".name", "'" + c.name() + "' is used by another outbound connector"));
            }
        }
        transport.validate().forEach(e -> errors.add(e.under("transport")));
        dns.validate().forEach(e -> errors.add(e.under("dns")));
        return errors;
    }

    private Map<String, AcceptedDomain> validateDomains(List<ConfigError> errors) {
        Map<String, AcceptedDomain> seen = new HashMap<>();
        for (int i = 0; i < acceptedDomains.size(); i++) {
            AcceptedDomain d = acceptedDomains.get(i);
            String path = "acceptedDomains[" + i + "]";
            List<ConfigError> own = d.validate();
            own.forEach(e -> errors.add(e.under(path)));
            if (own.isEmpty() && seen.putIfAbsent(d.domainName(), d) != null) {
                errors.add(new ConfigError(path + ".domainName", "'" + d.domainName() + "' is listed twice"));
            }
        }
        return seen;
    }

    private void validateMailboxes(Map<String, AcceptedDomain> domains, List<ConfigError> errors) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < mailboxes.size(); i++) {
            Mailbox m = mailboxes.get(i);
            String path = "mailboxes[" + i + "]";
            List<ConfigError> own = m.validate();
            own.forEach(e -> errors.add(e.under(path)));
            if (!own.isEmpty()) {
                continue;
            }
            List<EmailAddress> all = m.allAddresses();
            for (int j = 0; j < all.size(); j++) {
                EmailAddress a = all.get(j);
                String field = j == 0 ? path + ".primarySmtpAddress" : path + ".emailAddresses[" + (j - 1) + "]";
                if (!domains.containsKey(a.domain())) {
                    errors.add(new ConfigError(field, "'" + a + "' is not in an accepted domain"));
                }
                String owner = owners.putIfAbsent(a.key(), m.primarySmtpAddress());
                if (owner != null) {
                    errors.add(new ConfigError(field, "'" + a + "' already belongs to mailbox " + owner));
                }
            }
        }
    }
}
