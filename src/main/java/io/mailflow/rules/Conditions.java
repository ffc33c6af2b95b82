package io.mailflow.rules;

import io.mailflow.model.Domains;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.OrganizationScope;
import io.mailflow.model.RuleCondition;
import io.mailflow.model.SenderAddressLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Evaluates conditions: message conditions against a copy of the message, recipient conditions
 * against one recipient. Each test can say why it decided, for explain.
 */
final class Conditions {

    /** The outcome of one condition, with its reason when explaining. */
    record Result(boolean matched, String reason) {
    }

    private final RuleInput input;
    private final MessageView message;
    private final List<Party> headerSenders;

    Conditions(RuleInput input, MessageView message) {
        this.input = input;
        this.message = message;
        List<Party> senders = new ArrayList<>();
        for (EmailAddress a : message.fromAddresses()) {
            senders.add(input.directory().describe(a));
        }
        this.headerSenders = senders;
    }

    /** The senders the sender conditions look at, per the rule's SenderAddressLocation. */
    private List<Party> senders(SenderAddressLocation where) {
        List<Party> out = new ArrayList<>();
        if (where != SenderAddressLocation.Envelope) {
            out.addAll(headerSenders);
        }
        if (where != SenderAddressLocation.Header && input.envelopeSender() != null) {
            out.add(input.envelopeSender());
        }
        return out;
    }

    Result message(RuleCondition c, SenderAddressLocation where) {
        return switch (c) {
            case RuleCondition.From f -> anySender(where, p -> f.addresses().stream()
                    .anyMatch(a -> p.identities().contains(EmailAddress.parseLenient(a).key())), () -> "from " + f.addresses());
            case RuleCondition.FromScope s -> {
                boolean in = input.fromInOrganization();
                yield result((s.scope() == OrganizationScope.InOrganization) == in,
                        () -> "fromScope " + s.scope() + ": the sender is " + (in ? "in" : "not in") + " the organization");
            }
            case RuleCondition.FromMemberOf m -> anySender(where, p -> m.groups().stream()
                    .anyMatch(g -> p.groups().contains(EmailAddress.parseLenient(g).key())), () -> "fromMemberOf " + m.groups());
            case RuleCondition.SenderDomainIs d -> anySender(where, p -> d.domains().stream()
                    .anyMatch(x -> Domains.isSameOrSubdomain(p.address().domain(), x)), () -> "senderDomainIs " + d.domains());
            case RuleCondition.FromAddressContainsWords w -> anySender(where,
                    p -> containsAny(new WordText(p.address().toString()), w.words()) != null, () -> "fromAddressContainsWords " + w.words());
            case RuleCondition.FromAddressMatchesPatterns m -> anySender(where,
                    p -> matchesAny(m.patterns(), p.address().toString()) != null, () -> "fromAddressMatchesPatterns");
            case RuleCondition.SubjectContainsWords w -> words(message.subjectWords(), w.words(), "subjectContainsWords", "subject");
            case RuleCondition.SubjectMatchesPatterns m -> patterns(m.patterns(), message.subjectWords(), "subjectMatchesPatterns", "subject");
            case RuleCondition.SubjectOrBodyContainsWords w -> {
                Result subject = words(message.subjectWords(), w.words(), "subjectOrBodyContainsWords", "subject");
                yield subject.matched() ? subject : words(message.bodyWords(), w.words(), "subjectOrBodyContainsWords", "body");
            }
            case RuleCondition.SubjectOrBodyMatchesPatterns m -> {
                Result subject = patterns(m.patterns(), message.subjectWords(), "subjectOrBodyMatchesPatterns", "subject");
                yield subject.matched() ? subject
                        : patterns(m.patterns(), message.bodyWords(), "subjectOrBodyMatchesPatterns", "body");
            }
            case RuleCondition.HeaderContainsWords h -> {
                for (String v : message.header(h.header())) {
                    String w = containsAny(new WordText(v), h.words());
                    if (w != null) {
                        yield result(true, () -> "headerContainsWords: '" + w + "' in " + h.header());
                    }
                }
                yield result(false, () -> "headerContainsWords: none of " + h.words() + " in " + h.header());
            }
            case RuleCondition.HeaderMatchesPatterns h -> {
                for (String v : message.header(h.header())) {
                    Pattern p = matchesAny(h.patterns(), v);
                    if (p != null) {
                        yield result(true, () -> "headerMatchesPatterns: /" + p.pattern() + "/ matches " + h.header());
                    }
                }
                yield result(false, () -> "headerMatchesPatterns: no pattern matches " + h.header());
            }
            case RuleCondition.MessageSizeOver s -> result(message.size() >= s.size().bytes(),
                    () -> "messageSizeOver " + s.size() + ": the message has " + message.size() + " bytes");
            case RuleCondition.SenderIpRanges r -> {
                boolean in = input.clientIp() != null && r.ranges().stream().anyMatch(x -> x.contains(input.clientIp()));
                yield result(in, () -> "senderIpRanges " + r.ranges() + ": the client is "
                        + (input.clientIp() == null ? "unknown" : input.clientIp().getHostAddress()));
            }
            case RuleCondition.AttachmentExtensionMatchesWords a -> {
                for (String name : message.attachments()) {
                    int dot = name.lastIndexOf('.');
                    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
                    if (a.extensions().stream().anyMatch(x -> x.equalsIgnoreCase(ext))) {
                        yield result(true, () -> "attachmentExtensionMatchesWords: attachment '" + name + "'");
                    }
                }
                yield result(false, () -> "attachmentExtensionMatchesWords " + a.extensions() + ": attachments " + message.attachments());
            }
            case RuleCondition.HasAttachment h -> result(h.value() == !message.attachments().isEmpty(),
                    () -> "hasAttachment " + h.value() + ": " + message.attachments().size() + " attachment(s)");
            case RuleCondition.SentTo s -> throw new IllegalArgumentException(s.parameter() + " is a recipient condition");
            case RuleCondition.SentToScope s -> throw new IllegalArgumentException(s.parameter() + " is a recipient condition");
            case RuleCondition.SentToMemberOf s -> throw new IllegalArgumentException(s.parameter() + " is a recipient condition");
            case RuleCondition.RecipientDomainIs s -> throw new IllegalArgumentException(s.parameter() + " is a recipient condition");
            case RuleCondition.RecipientAddressContainsWords s ->
                throw new IllegalArgumentException(s.parameter() + " is a recipient condition");
            case RuleCondition.RecipientAddressMatchesPatterns s ->
                throw new IllegalArgumentException(s.parameter() + " is a recipient condition");
        };
    }

    Result recipient(RuleCondition c, Party r) {
        return switch (c) {
            case RuleCondition.SentTo s -> result(s.addresses().stream().anyMatch(a -> r.identities().contains(EmailAddress.parseLenient(a).key())),
                    () -> "sentTo " + s.addresses() + ": " + r.address());
            case RuleCondition.SentToScope s -> result((s.scope() == OrganizationScope.InOrganization) == r.inOrganization(),
                    () -> "sentToScope " + s.scope() + ": " + r.address() + " is " + (r.inOrganization() ? "in" : "not in") + " the organization");
            case RuleCondition.SentToMemberOf m -> result(m.groups().stream().anyMatch(g -> r.groups().contains(EmailAddress.parseLenient(g).key())),
                    () -> "sentToMemberOf " + m.groups() + ": " + r.address());
            case RuleCondition.RecipientDomainIs d -> result(d.domains().stream().anyMatch(x -> Domains.isSameOrSubdomain(r.address().domain(), x)),
                    () -> "recipientDomainIs " + d.domains() + ": " + r.address());
            case RuleCondition.RecipientAddressContainsWords w -> result(containsAny(new WordText(r.primary().toString()), w.words()) != null,
                    () -> "recipientAddressContainsWords " + w.words() + ": " + r.primary());
            case RuleCondition.RecipientAddressMatchesPatterns m -> result(matchesAny(m.patterns(), r.primary().toString()) != null,
                    () -> "recipientAddressMatchesPatterns: " + r.primary());
            default -> throw new IllegalArgumentException(c.parameter() + " is a message condition");
        };
    }

    private Result anySender(SenderAddressLocation where, java.util.function.Predicate<Party> test,
            java.util.function.Supplier<String> what) {
        for (Party p : senders(where)) {
            if (test.test(p)) {
                return result(true, () -> what.get() + ": " + p.address() + " (" + where + ")");
            }
        }
        return result(false, () -> what.get() + ": no " + where.name().toLowerCase(Locale.ROOT) + " sender matches "
                + senders(where).stream().map(Party::address).toList());
    }

    private Result words(WordText text, List<String> words, String parameter, String where) {
        String w = containsAny(text, words);
        return result(w != null, () -> w != null ? parameter + ": '" + w + "' in the " + where
                : parameter + ": none of " + words + " in the " + where);
    }

    private Result patterns(List<Pattern> patterns, WordText text, String parameter, String where) {
        Pattern p = matchesAny(patterns, text);
        return result(p != null, () -> p != null ? parameter + ": /" + p.pattern() + "/ matches the " + where
                : parameter + ": no pattern matches the " + where);
    }

    private static String containsAny(WordText text, List<String> words) {
        for (String w : words) {
            if (text.contains(w)) {
                return w;
            }
        }
        return null;
    }

    private static Pattern matchesAny(List<Pattern> patterns, String text) {
        return matchesAny(patterns, new WordText(text));
    }

    /**
     * The first pattern that matches. A pattern over its budget throws {@link BoundedRegex.TooExpensive}:
     * the rule cannot be evaluated, and its ruleErrorAction decides (RuleEngine).
     */
    private static Pattern matchesAny(List<Pattern> patterns, WordText text) {
        for (Pattern p : patterns) {
            if (BoundedRegex.find(p, text)) {
                return p;
            }
        }
        return null;
    }

    /** The reason is only worked out when explaining: building it for every rule on live mail is waste. */
    private Result result(boolean matched, java.util.function.Supplier<String> reason) {
        return new Result(matched, input.explain() ? reason.get() : null);
    }
}
