package io.mailflow.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A whole Mailflow configuration, as written in one YAML file. Absent sections take their
 * defaults; {@link #validate()} lists every problem at once, each with its YAML path.
 */
public record Configuration(ServerSettings server, List<AcceptedDomain> acceptedDomains, List<Mailbox> mailboxes,
        List<MailUser> mailUsers, List<MailContact> mailContacts, List<DistributionGroup> distributionGroups,
        List<InboundConnector> inboundConnectors, List<OutboundConnector> outboundConnectors, List<TransportRule> transportRules,
        TransportSettings transport, DnsSettings dns, LoggingSettings logging) {

    public Configuration {
        server = server == null ? ServerSettings.defaults() : server;
        acceptedDomains = acceptedDomains == null ? List.of() : List.copyOf(acceptedDomains);
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        mailUsers = mailUsers == null ? List.of() : List.copyOf(mailUsers);
        mailContacts = mailContacts == null ? List.of() : List.copyOf(mailContacts);
        distributionGroups = distributionGroups == null ? List.of() : List.copyOf(distributionGroups);
        inboundConnectors = inboundConnectors == null ? List.of() : List.copyOf(inboundConnectors);
        outboundConnectors = outboundConnectors == null ? List.of() : List.copyOf(outboundConnectors);
        transportRules = transportRules == null ? List.of() : List.copyOf(transportRules);
        transport = transport == null ? TransportSettings.defaults() : transport;
        dns = dns == null ? DnsSettings.defaults() : dns;
        logging = logging == null ? LoggingSettings.defaults() : logging;
    }

    /** Every problem in this configuration; empty when it may be used. */
    public List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        server.validate().forEach(e -> errors.add(e.under("server")));
        new DirectoryValidation(this, errors).run();
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
        new RuleValidation(this, errors).run();
        transport.validate().forEach(e -> errors.add(e.under("transport")));
        dns.validate().forEach(e -> errors.add(e.under("dns")));
        return errors;
    }

    /**
     * Every file this configuration names, by YAML path, as written: what must exist and be
     * readable before the configuration may be used. The model reads no files; the loader, which
     * knows the directory relative paths start from, checks them.
     */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("server.tls.certificateFile", server.tls().certificateFile());
        files.put("server.tls.privateKeyFile", server.tls().privateKeyFile());
        files.put("transport.trustedCaFile", transport.trustedCaFile());
        files.values().removeIf(java.util.Objects::isNull);
        return files;
    }
}
