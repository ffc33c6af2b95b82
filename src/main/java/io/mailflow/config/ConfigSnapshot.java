package io.mailflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.model.AcceptedDomain;
import io.mailflow.model.Configuration;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.InboundConnector;
import io.mailflow.model.IpRange;
import io.mailflow.model.DistributionGroup;
import io.mailflow.model.MailContact;
import io.mailflow.model.RulePriorities;
import io.mailflow.model.TransportRule;
import io.mailflow.model.Mailbox;
import io.mailflow.model.Recipient;
import io.mailflow.model.OutboundConnector;
import io.mailflow.model.SmartHost;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * One checked configuration with its lookup indexes, never changed after it is built. A reload
 * builds a new snapshot; code that holds an old one keeps a consistent view.
 */
public final class ConfigSnapshot {

    /** An inbound connector's IP range, for most-specific-first attribution. */
    private record InboundRange(IpRange range, InboundConnector connector) {
    }

    private final Configuration configuration;
    private final Path sourceFile;
    private final long version;
    private final Path dataDirectory;
    private final Map<String, AcceptedDomain> domains = new HashMap<>();
    private final Map<String, Mailbox> mailboxesByAddress = new HashMap<>();
    private final Map<String, Recipient> directory = new HashMap<>();
    private final Map<String, MailContact> contactsByExternal = new HashMap<>();
    private final List<InboundRange> inboundRanges;
    private final List<IpRange> normalizeBareLineFeedFrom;
    private final Map<String, OutboundConnector> outboundByName = new HashMap<>();
    /** Each connector's smart hosts, parsed once per snapshot rather than on every delivery attempt. */
    private final Map<String, List<SmartHost>> smartHostsByConnector = new HashMap<>();
    /** Member key (any address of a directory object, or a contact's external address) → the groups listing it. */
    private final Map<String, List<DistributionGroup>> directGroups = new HashMap<>();
    private final List<TransportRule> rules;
    private final EmailAddress postmasterRecipient;
    private final List<ConfigProblem> warnings;
    /** The YAML's tree this snapshot was checked from (never handed out, only copies), or null when built in code. */
    private final JsonNode document;
    private final ToIntFunction<String> lineOf;

    /** @param lineOf the line of a field in the file, for the warnings */
    private ConfigSnapshot(Configuration configuration, Path sourceFile, long version, ToIntFunction<String> lineOf,
            JsonNode document) {
        this.document = document;
        this.lineOf = lineOf;
        this.configuration = configuration;
        this.sourceFile = sourceFile;
        this.version = version;
        String postmaster = configuration.transport().postmasterRecipient();
        this.postmasterRecipient = postmaster != null ? EmailAddress.parse(postmaster)
                : configuration.mailboxes().stream().findFirst().map(Mailbox::primary).orElse(null);
        Path base = sourceFile == null ? Path.of("") : sourceFile.toAbsolutePath().getParent();
        this.dataDirectory = base.resolve(configuration.server().dataDirectory()).toAbsolutePath().normalize();
        configuration.acceptedDomains().forEach(d -> domains.put(d.domainName(), d));
        for (Mailbox m : configuration.mailboxes()) {
            m.allAddresses().forEach(a -> mailboxesByAddress.put(a.key(), m));
        }
        for (Recipient r : allRecipients(configuration)) {
            r.addresses().forEach(a -> directory.put(a.key(), r));
        }
        configuration.mailContacts().forEach(c -> contactsByExternal.put(c.external().key(), c));
        // Most specific range first (longest prefix), then connector name, so attribution is stable.
        this.inboundRanges = configuration.inboundConnectors().stream()
                .filter(InboundConnector::isEnabled)
                .flatMap(c -> c.senderIpRanges().stream().map(r -> new InboundRange(r, c)))
                .sorted(Comparator.comparingInt((InboundRange r) -> -r.range().prefixLength())
                        .thenComparing(r -> r.connector().name().toLowerCase(Locale.ROOT))
                        .thenComparing(r -> r.connector().name()))
                .toList();
        this.normalizeBareLineFeedFrom = configuration.server().normalizeBareLineFeedFrom().stream()
                .map(IpRange::parse).toList();
        configuration.outboundConnectors().forEach(c -> {
            outboundByName.put(c.name().toLowerCase(Locale.ROOT), c);
            smartHostsByConnector.put(c.name().toLowerCase(Locale.ROOT), c.parsedSmartHosts());
        });
        for (DistributionGroup g : configuration.distributionGroups()) {
            for (String m : g.members()) {
                EmailAddress member = EmailAddress.parse(m);
                Recipient r = member(member).orElse(null);
                List<EmailAddress> keys = r == null ? List.of(member) : r.addresses();
                for (EmailAddress k : keys.isEmpty() ? List.of(member) : keys) {
                    directGroups.computeIfAbsent(k.key(), x -> new java.util.ArrayList<>()).add(g);
                }
                if (r instanceof MailContact c) {
                    directGroups.computeIfAbsent(c.external().key(), x -> new java.util.ArrayList<>()).add(g);
                }
            }
        }
        this.rules = RulePriorities.order(configuration.transportRules());
        // Last: the checks read the snapshot's indexes.
        this.warnings = ConfigWarnings.of(this, sourceFile == null ? "(built in code)" : sourceFile.toString(), lineOf);
    }

    /** The mail flow rules in evaluation order: a rule's index is its effective priority. */
    public List<TransportRule> rules() {
        return rules;
    }

    /**
     * The keys of the primary addresses of every group that has this address's directory object
     * (or this address) as a member, nested groups included.
     */
    public java.util.Set<String> groupsOf(EmailAddress address) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.add(address.key());
        member(address).ifPresent(r -> r.addresses().forEach(a -> todo.add(a.key())));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String key = todo.poll();
            if (!seen.add(key)) {
                continue;
            }
            for (DistributionGroup g : directGroups.getOrDefault(key, List.of())) {
                if (out.add(g.primary().key())) {
                    g.addresses().forEach(a -> todo.add(a.key()));
                }
            }
        }
        return out;
    }

    /** Builds a snapshot of an already validated configuration; its warnings carry no line numbers. */
    public static ConfigSnapshot of(Configuration configuration, Path sourceFile, long version) {
        return new ConfigSnapshot(configuration, sourceFile, version, field -> 0, null);
    }

    /** A snapshot of a checked document whose warnings are located in the file by {@code lineOf}. */
    static ConfigSnapshot of(Configuration configuration, Path sourceFile, long version, ToIntFunction<String> lineOf,
            JsonNode document) {
        return new ConfigSnapshot(configuration, sourceFile, version, lineOf, document);
    }

    /** The same configuration as another version: a file found to hold a stored version, or about to become one. */
    ConfigSnapshot withVersion(long number) {
        return number == version ? this : new ConfigSnapshot(configuration, sourceFile, number, lineOf, document);
    }

    /**
     * A copy of the configuration document (the YAML's tree) this snapshot was checked from: what
     * the configuration store keeps and {@code config export} writes. Empty when built in code.
     */
    public Optional<JsonNode> document() {
        return Optional.ofNullable(document).map(JsonNode::deepCopy);
    }

    /** What a valid configuration may not do as meant ({@link ConfigWarnings}); check-config prints them, the gateway logs them. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    public Configuration configuration() {
        return configuration;
    }

    /** The file this snapshot was read from, or null when built in code. */
    public Path sourceFile() {
        return sourceFile;
    }

    /** The configuration version in the configuration store (1 for a file loaded on its own). */
    public long version() {
        return version;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Resolves a path from the configuration against the configuration file's directory. */
    public Path resolve(String path) {
        Path base = sourceFile == null ? Path.of("") : sourceFile.toAbsolutePath().getParent();
        return base.resolve(path).toAbsolutePath().normalize();
    }

    /**
     * The accepted domain for a normalised domain name: the domain itself, or the nearest parent
     * that is an InternalRelay domain with matchSubDomains.
     */
    public Optional<AcceptedDomain> acceptedDomain(String domain) {
        AcceptedDomain exact = domains.get(domain);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
            AcceptedDomain parent = domains.get(domain.substring(dot + 1));
            if (parent != null && parent.matchSubDomains()) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    /** The directory object that owns an address (case-insensitive local part), if any. */
    public Optional<Recipient> recipient(EmailAddress address) {
        return Optional.ofNullable(directory.get(address.key()));
    }

    /** A group member given by address: a directory object, or a contact by its external address. */
    public Optional<Recipient> member(EmailAddress address) {
        Recipient r = directory.get(address.key());
        return r != null ? Optional.of(r) : Optional.ofNullable(contactsByExternal.get(address.key()));
    }

    private static List<Recipient> allRecipients(Configuration c) {
        List<Recipient> all = new java.util.ArrayList<>();
        all.addAll(c.mailboxes());
        all.addAll(c.mailUsers());
        all.addAll(c.mailContacts());
        all.addAll(c.distributionGroups());
        return all;
    }

    /** The mailbox that owns an address (primary or proxy), compared case-insensitively. */
    public Optional<Mailbox> mailbox(EmailAddress address) {
        return Optional.ofNullable(mailboxesByAddress.get(address.key()));
    }

    /** The enabled inbound connector whose most specific sender IP range holds the address. */
    public Optional<InboundConnector> inboundConnectorFor(InetAddress client) {
        return inboundRanges.stream().filter(r -> r.range().contains(client)).map(InboundRange::connector).findFirst();
    }

    /** True when the client's address is in one of this (enabled) connector's senderIPAddresses, parsed once per snapshot. */
    public boolean inSenderRanges(InboundConnector connector, InetAddress client) {
        return inboundRanges.stream().anyMatch(r -> r.connector() == connector && r.range().contains(client));
    }

    /** The outbound connector with this name (case-insensitive), enabled or not. */
    public Optional<OutboundConnector> outboundConnector(String name) {
        return Optional.ofNullable(outboundByName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The smart hosts of a connector of this snapshot, parsed. */
    public List<SmartHost> smartHosts(OutboundConnector connector) {
        List<SmartHost> hosts = smartHostsByConnector.get(connector.name().toLowerCase(Locale.ROOT));
        return hosts != null ? hosts : connector.parsedSmartHosts();
    }

    /**
     * Where mail to {@code postmaster@} an accepted domain goes when no directory object has that
     * address: transport.postmasterRecipient, else the first mailbox; empty without either.
     */
    public Optional<EmailAddress> postmasterRecipient() {
        return Optional.ofNullable(postmasterRecipient);
    }

    /**
     * True for {@code postmaster} (any case, ASCII only) at an accepted domain when no directory
     * object owns the address: RFC 5321 §4.5.1 says it MUST be accepted, and our notices come from it.
     */
    public boolean isUnownedPostmaster(EmailAddress address) {
        String local = address.localPart();
        return local.length() == 10 && local.chars().allMatch(c -> c < 0x80) && local.toLowerCase(Locale.ROOT).equals("postmaster")
                && !directory.containsKey(address.key()) && acceptedDomain(address.domain()).isPresent();
    }

    /** The first accepted domain: where postmaster@ and the gateway's own notices come from. */
    public Optional<String> defaultDomain() {
        return configuration.acceptedDomains().stream().findFirst().map(AcceptedDomain::domainName);
    }

    /** True when bare LF line endings from this client are normalised rather than refused. */
    public boolean normalizesBareLineFeedFrom(InetAddress client) {
        return normalizeBareLineFeedFrom.stream().anyMatch(r -> r.contains(client));
    }
}
