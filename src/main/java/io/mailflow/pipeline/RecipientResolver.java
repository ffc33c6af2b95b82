package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.DistributionGroup;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.MailContact;
import io.mailflow.model.MailUser;
import io.mailflow.model.Mailbox;
import io.mailflow.model.Recipient;
import io.mailflow.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recipient resolution (Exchange's categorizer, exchange-mailflow.md §5): each envelope recipient
 * is looked up in the directory; a mail user or contact becomes its external address (REDIRECT),
 * a distribution group its members, nested groups included, each group once per message, loops cut
 * (EXPAND). A recipient (or mailbox) reached twice is delivered once.
 */
public final class RecipientResolver {

    /**
     * One final recipient, with the DSN parameters it carries (none for group members).
     *
     * @param via the directory object the address belongs to or was reached through (a mail user
     *        whose external address this is), or null for an address the directory does not know
     */
    public record Resolved(EmailAddress address, String orcpt, String dsnNotify, Recipient via) {
    }

    public record Result(List<Resolved> recipients, List<TraceEvent> events) {
    }

    private final ConfigSnapshot config;
    private final Map<String, Resolved> out = new LinkedHashMap<>();
    private final List<TraceEvent> events = new ArrayList<>();
    private final Set<String> groupsSeen = new HashSet<>();

    private RecipientResolver(ConfigSnapshot config) {
        this.config = config;
    }

    public static Result resolve(List<Envelope.Recipient> envelope, ConfigSnapshot config) {
        RecipientResolver r = new RecipientResolver(config);
        for (Envelope.Recipient e : envelope) {
            r.resolve(e.address(), e.orcpt(), e.dsnNotify(), config.recipient(e.address()));
        }
        return new Result(List.copyOf(r.out.values()), List.copyOf(r.events));
    }

    private void resolve(EmailAddress address, String orcpt, String notify, Optional<Recipient> entry) {
        switch (entry.orElse(null)) {
            case null -> add(address.key(), address, orcpt, notify, null);
            // Keyed by the mailbox, so a mailbox reached by two of its addresses gets one copy.
            case Mailbox m -> add("mailbox:" + m.primary().key(), address, orcpt, notify, m);
            case MailUser u -> {
                events.add(new TraceEvent.Redirect(address.toString(), u.externalEmailAddress(), u.describe()));
                add(u.external().key(), u.external(), orcpt, notify, u);
            }
            case MailContact k -> {
                if (!k.external().key().equals(address.key())) {
                    events.add(new TraceEvent.Redirect(address.toString(), k.externalEmailAddress(), k.describe()));
                }
                add(k.external().key(), k.external(), orcpt, notify, k);
            }
            case DistributionGroup g -> expand(address, g);
        }
    }

    /** RFC 3461 §6.2.7.3: a list's members get no NOTIFY or ORCPT of the original recipient. */
    private void expand(EmailAddress address, DistributionGroup g) {
        if (!groupsSeen.add(g.primary().key())) {
            return; // expanded already in this message: a loop or the same group twice
        }
        events.add(new TraceEvent.Expand(address.toString(), g.primarySmtpAddress(), g.members()));
        for (String member : g.members()) {
            EmailAddress m = EmailAddress.parse(member);
            resolve(m, null, null, config.member(m));
        }
    }

    private void add(String key, EmailAddress address, String orcpt, String notify, Recipient via) {
        out.putIfAbsent(key, new Resolved(address, orcpt, notify, via));
    }
}
