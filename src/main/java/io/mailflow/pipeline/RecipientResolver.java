package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.DistributionGroup;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.MailContact;
import io.mailflow.model.MailUser;
import io.mailflow.model.Mailbox;
import io.mailflow.model.Recipient;
import io.mailflow.smtp.XText;
import io.mailflow.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recipient resolution (Exchange's categorizer, exchange-mailflow.md §5): each envelope recipient
 * is looked up in the directory; a mail user or contact becomes its external address (REDIRECT),
 * a distribution group its members, nested groups included, each group once per message, loops cut
 * (EXPAND). A recipient (or mailbox) reached twice is delivered once. {@code postmaster@} an
 * accepted domain that no directory object has goes to the postmaster recipient (RESOLVE).
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

    /**
     * A distribution group in the envelope whose NOTIFY asked for SUCCESS: its sender is told it
     * was expanded.
     */
    public record Expanded(EmailAddress group, String orcpt, String dsnNotify) {
    }

    /** @param expanded the groups to report as expanded, in envelope order */
    public record Result(List<Resolved> recipients, List<TraceEvent> events, List<Expanded> expanded) {
    }

    private final ConfigSnapshot config;
    private final Map<String, Resolved> out = new LinkedHashMap<>();
    private final List<TraceEvent> events = new ArrayList<>();
    private final Set<String> groupsSeen = new HashSet<>();
    private final List<Expanded> expanded = new ArrayList<>();

    private RecipientResolver(ConfigSnapshot config) {
        this.config = config;
    }

    public static Result resolve(List<Envelope.Recipient> envelope, ConfigSnapshot config) {
        RecipientResolver r = new RecipientResolver(config);
        for (Envelope.Recipient e : envelope) {
            EmailAddress postmaster = config.isUnownedPostmaster(e.address()) ? config.postmasterRecipient().orElse(null) : null;
            if (postmaster != null) {
                // As for a group: the ORCPT names the address the sender wrote, so a notice about the target says so.
                r.events.add(new TraceEvent.Resolve(e.address().toString(), postmaster.toString()));
                r.resolve(postmaster, e.orcpt() != null ? e.orcpt() : naming(e.address()), e.dsnNotify(), config.recipient(postmaster));
            } else {
                r.resolve(e.address(), e.orcpt(), e.dsnNotify(), config.recipient(e.address()));
            }
        }
        return new Result(List.copyOf(r.out.values()), List.copyOf(r.events), List.copyOf(r.expanded));
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
            case DistributionGroup g -> expand(address, orcpt, notify, g);
        }
    }

    /**
     * An address that stands for several (RFC 3461 §6.2.7; Exchange keeps the sender, so a group is
     * an alias, not a list with its own sender). Of the RFC's choices, the one Postfix makes too:
     * the members carry the group's ORCPT (one naming the group when the client gave none, as
     * §4.2 allows) and its NOTIFY without SUCCESS, so the sender still hears of a member's failure
     * or delay; a SUCCESS asked of the group is answered by an "expanded" notice for the group.
     */
    private void expand(EmailAddress address, String orcpt, String notify, DistributionGroup g) {
        if (!groupsSeen.add(g.primary().key())) {
            return; // expanded already in this message: a loop or the same group twice
        }
        events.add(new TraceEvent.Expand(address.toString(), g.primarySmtpAddress(), g.members()));
        if (asksForSuccess(notify)) {
            expanded.add(new Expanded(address, orcpt, notify));
        }
        String memberOrcpt = orcpt != null ? orcpt : naming(address);
        String memberNotify = withoutSuccess(notify);
        for (String member : g.members()) {
            EmailAddress m = EmailAddress.parse(member);
            resolve(m, memberOrcpt, memberNotify, config.member(m));
        }
    }

    private static boolean asksForSuccess(String notify) {
        return notify != null && Arrays.asList(notify.split(",")).contains("SUCCESS");
    }

    /** NOTIFY without SUCCESS; NEVER when nothing is left; null (the default) stays null. */
    static String withoutSuccess(String notify) {
        if (notify == null) {
            return null;
        }
        String rest = Arrays.stream(notify.split(",")).filter(v -> !v.equals("SUCCESS")).collect(Collectors.joining(","));
        return rest.isEmpty() ? "NEVER" : rest;
    }

    /** An ORCPT naming the address: {@code rfc822;} with xtext (RFC 3461 §4.2); none for an SMTPUTF8 address. */
    private static String naming(EmailAddress address) {
        String text = address.toString();
        if (!text.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        return "rfc822;" + XText.encode(text);
    }

    private void add(String key, EmailAddress address, String orcpt, String notify, Recipient via) {
        out.putIfAbsent(key, new Resolved(address, orcpt, notify, via));
    }
}
