package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.AcceptedDomain;
import io.mailflow.model.DistributionGroup;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.MailContact;
import io.mailflow.model.MailUser;
import io.mailflow.model.Mailbox;
import io.mailflow.model.Recipient;
import io.mailflow.rules.Directory;
import io.mailflow.rules.Party;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The directory as the rule engine sees it, answered from one configuration snapshot: who an
 * address is, which groups it belongs to, whether it is inside the organization (exchange-mailflow.md
 * §4.3: a mailbox, mail user or group here, or an address in an accepted domain; a mail contact
 * is outside).
 */
final class RuleDirectory implements Directory {

    private final ConfigSnapshot config;

    RuleDirectory(ConfigSnapshot config) {
        this.config = config;
    }

    @Override
    public Party describe(EmailAddress address) {
        return party(address, config.member(address).orElse(null));
    }

    @Override
    public List<Party> resolve(EmailAddress address) {
        return RecipientResolver.resolve(List.of(new Envelope.Recipient(address, null, null)), config).recipients().stream()
                .map(this::party).toList();
    }

    Party party(RecipientResolver.Resolved r) {
        return party(r.address(), r.via());
    }

    /** {@code address} as it travels; {@code via} the directory object it belongs to or came from. */
    private Party party(EmailAddress address, Recipient via) {
        Set<String> identities = new HashSet<>();
        identities.add(address.key());
        EmailAddress primary = address;
        if (via != null) {
            via.addresses().forEach(a -> identities.add(a.key()));
            if (via instanceof MailContact c) {
                identities.add(c.external().key());
            }
            primary = switch (via) {
                case Mailbox m -> m.primary();
                case MailUser u -> u.primarySmtpAddress() == null ? address : EmailAddress.parse(u.primarySmtpAddress());
                case DistributionGroup g -> g.primary();
                case MailContact c -> c.external();
            };
        }
        Set<String> groups = new HashSet<>(config.groupsOf(address));
        if (via != null) {
            groups.addAll(config.groupsOf(primary));
        }
        boolean inside = switch (via) {
            case null -> inAcceptedDomain(address);
            case MailContact c -> false;
            default -> true;
        };
        return new Party(address, primary, identities, groups, inside);
    }

    /** Authoritative or InternalRelay accepted domains are inside; Mailflow has no ExternalRelay. */
    boolean inAcceptedDomain(EmailAddress address) {
        Optional<AcceptedDomain> d = config.acceptedDomain(address.domain());
        return d.isPresent();
    }
}
