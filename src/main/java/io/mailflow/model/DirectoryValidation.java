package io.mailflow.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the directory as a whole: accepted domains unique, every address of a mailbox, mail user,
 * contact or group in an accepted domain and owned by one object only, group members known, the
 * postmaster recipient deliverable.
 */
final class DirectoryValidation {

    private final Configuration c;
    private final List<ConfigError> errors;
    private final Map<String, AcceptedDomain> domains = new HashMap<>();
    private final Map<String, String> owners = new HashMap<>();

    DirectoryValidation(Configuration c, List<ConfigError> errors) {
        this.c = c;
        this.errors = errors;
    }

    void run() {
        for (int i = 0; i < c.acceptedDomains().size(); i++) {
            AcceptedDomain d = c.acceptedDomains().get(i);
            String path = "acceptedDomains[" + i + "]";
            List<ConfigError> own = d.validate();
            own.forEach(e -> errors.add(e.under(path)));
            if (own.isEmpty() && domains.putIfAbsent(d.domainName(), d) != null) {
                errors.add(new ConfigError(path + ".domainName", "'" + d.domainName() + "' is listed twice"));
            }
        }
        each(c.mailboxes(), "mailboxes", Mailbox::validate, m -> m.allAddresses(), m -> "mailbox " + m.primarySmtpAddress());
        each(c.mailUsers(), "mailUsers", MailUser::validate, MailUser::addresses, u -> "mail user " + u.primarySmtpAddress());
        each(c.mailContacts(), "mailContacts", MailContact::validate, MailContact::addresses,
                k -> "mail contact " + k.externalEmailAddress());
        each(c.distributionGroups(), "distributionGroups", DistributionGroup::validate, DistributionGroup::addresses,
                g -> "group " + g.primarySmtpAddress());
        checkMembers();
        checkPostmasterRecipient();
    }

    /**
     * transport.postmasterRecipient is a directory recipient, or an address outside the accepted
     * domains: an unknown address in one of ours would be refused or relayed on, and postmaster's
     * mail lost (a postmaster@ nobody owns would even point at itself).
     */
    private void checkPostmasterRecipient() {
        String target = c.transport().postmasterRecipient();
        if (target == null) {
            return;
        }
        try {
            EmailAddress a = EmailAddress.parse(target);
            if (inAcceptedDomain(a.domain()) && !owners.containsKey(a.key())) {
                errors.add(new ConfigError("transport.postmasterRecipient", "'" + target + "' is in an accepted domain but no"
                        + " mailbox, mail user, contact or group has it (give a directory recipient or an external address)"));
            }
        } catch (IllegalArgumentException e) {
            // reported by the transport settings' own validation
        }
    }

    /**
     * Validates each object, then claims its addresses: in an accepted domain, owned by nobody
     * else.
     */
    private <T> void each(List<T> objects, String list, Function<T, List<ConfigError>> validate,
            Function<T, List<EmailAddress>> addresses, Function<T, String> describe) {
        for (int i = 0; i < objects.size(); i++) {
            T o = objects.get(i);
            String path = list + "[" + i + "]";
            List<ConfigError> own = validate.apply(o);
            own.forEach(e -> errors.add(e.under(path)));
            if (!own.isEmpty()) {
                continue;
            }
            List<EmailAddress> all = addresses.apply(o);
            boolean hasPrimary = !(o instanceof MailContact);
            for (int j = 0; j < all.size(); j++) {
                EmailAddress a = all.get(j);
                String field = hasPrimary && j == 0 ? path + ".primarySmtpAddress"
                        : path + ".emailAddresses[" + (hasPrimary ? j - 1 : j) + "]";
                if (!inAcceptedDomain(a.domain())) {
                    errors.add(new ConfigError(field, "'" + a + "' is not in an accepted domain"));
                }
                String owner = owners.putIfAbsent(a.key(), describe.apply(o));
                if (owner != null) {
                    errors.add(new ConfigError(field, "'" + a + "' already belongs to " + owner));
                }
            }
        }
    }

    private boolean inAcceptedDomain(String domain) {
        if (domains.containsKey(domain)) {
            return true;
        }
        return domains.values().stream().anyMatch(d -> d.matchSubDomains() && domain.endsWith("." + d.domainName()));
    }

    /** A member must be an address of a directory object, or a contact's external address. */
    private void checkMembers() {
        Set<String> externals = c.mailContacts().stream().filter(k -> k.validate().isEmpty())
                .map(k -> k.external().key()).collect(Collectors.toSet());
        for (int i = 0; i < c.distributionGroups().size(); i++) {
            DistributionGroup g = c.distributionGroups().get(i);
            for (int j = 0; j < g.members().size(); j++) {
                String m = g.members().get(j);
                try {
                    String key = EmailAddress.parse(m).key();
                    if (!owners.containsKey(key) && !externals.contains(key)) {
                        errors.add(new ConfigError("distributionGroups[" + i + "].members[" + j + "]",
                                "'" + m + "' is not in the directory (add it as a mailbox, mail user, contact or group)"));
                    }
                } catch (IllegalArgumentException e) {
                    // reported by the group's own validation
                }
            }
        }
    }
}
