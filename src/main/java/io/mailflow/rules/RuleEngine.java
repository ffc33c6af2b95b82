package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.RuleAction;
import io.mailflow.model.RuleCondition;
import io.mailflow.model.RuleErrorAction;
import io.mailflow.model.RuleMode;
import io.mailflow.model.TransportRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the mail flow rules over one message, in priority order (exchange-mailflow.md §4). Pure:
 * the same rules, message and facts give the same outcome, which is why live processing, explain
 * and {@code rules test} all call {@link #run}.
 *
 * <p>The message starts as one copy for all its recipients. A rule whose conditions name
 * recipients and matches only some of a copy's recipients splits that copy (Exchange's
 * bifurcation): the matched recipients get a copy that the rule's actions change, the others keep
 * theirs, and later rules see each copy as it now is. Rules in an audit mode only record what they
 * would have done.
 */
public final class RuleEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

    private RuleEngine() {
    }

    /**
     * @param rules the rules in evaluation order (index = effective priority)
     */
    public static RuleOutcome run(List<TransportRule> rules, RuleInput input, Instant now) {
        List<Copy> copies = new ArrayList<>();
        List<Target> all = new ArrayList<>();
        for (RuleInput.Recipient r : input.recipients()) {
            all.add(new Target(r.party(), r.orcpt(), r.dsnNotify(), null, false, null));
        }
        copies.add(new Copy(input.content(), false, all));
        List<RuleHit> hits = new ArrayList<>();
        List<RuleOutcome.RuleEvaluation> evaluations = new ArrayList<>();
        for (int priority = 0; priority < rules.size(); priority++) {
            TransportRule rule = rules.get(priority);
            if (!rule.activeAt(now)) {
                if (input.explain()) {
                    evaluations.add(new RuleOutcome.RuleEvaluation(rule.name(), priority, List.of(), false,
                            List.of(rule.enabled() ? "not active now (activationDate/expiryDate)" : "disabled")));
                }
                continue;
            }
            List<Copy> next = new ArrayList<>();
            for (Copy copy : copies) {
                if (copy.stopped || copy.recipients.isEmpty()) {
                    next.add(copy);
                    continue;
                }
                Match match;
                try {
                    match = match(rule, copy, input);
                } catch (RuntimeException e) { // a pattern over its budget (BoundedRegex.TooExpensive), or a defect
                    LOG.atWarn().setCause(e instanceof BoundedRegex.TooExpensive ? null : e).addKeyValue("rule", rule.name())
                            .addKeyValue("ruleErrorAction", rule.ruleErrorAction())
                            .log("a mail flow rule could not be evaluated: {}", e.getMessage());
                    if (rule.ruleErrorAction() == RuleErrorAction.Defer) {
                        return new RuleOutcome.Deferred(rule.name(), e.getMessage(), hits, evaluations);
                    }
                    match = new Match(false, List.of(), input.explain()
                            ? List.of("could not be evaluated (" + e.getMessage() + "); ruleErrorAction Ignore: skipped")
                            : null);
                }
                if (input.explain()) {
                    evaluations.add(new RuleOutcome.RuleEvaluation(rule.name(), priority,
                            copy.recipients.stream().map(t -> t.party.address().toString()).toList(), match.applies, match.reasons));
                }
                if (!match.applies) {
                    next.add(copy);
                    continue;
                }
                Copy target = copy;
                if (match.recipients.size() < copy.recipients.size()) {
                    List<Target> rest = new ArrayList<>(copy.recipients);
                    rest.removeAll(match.recipients);
                    next.add(copy.split(rest));
                    target = copy.split(match.recipients);
                }
                RuleHit hit = new RuleHit(rule.name(), priority, rule.mode(), describe(rule.actions()),
                        target.recipients.stream().map(t -> t.party.address().toString()).toList(), match.reasons);
                hits.add(hit);
                if (rule.mode() == RuleMode.Enforce) {
                    String refusal;
                    try {
                        refusal = Actions.apply(rule, target, input.directory());
                    } catch (RuntimeException e) {
                        // The copy may be half changed: it must not go out like that, whatever the
                        // ruleErrorAction. 451 keeps the message with the client; the log shows why.
                        LOG.atError().setCause(e).addKeyValue("rule", rule.name()).log("a mail flow rule's actions failed");
                        return new RuleOutcome.Deferred(rule.name(), "its actions failed: " + e, hits, evaluations);
                    }
                    if (refusal != null) {
                        RuleAction.RejectMessage r = refusalOf(rule, refusal);
                        return new RuleOutcome.Rejected(r.enhancedStatusCode(), r.reasonText(), rule.name(), hits, evaluations);
                    }
                    target.stopped = rule.stopRuleProcessing();
                }
                next.add(target);
            }
            copies = next;
        }
        return new RuleOutcome.Proceed(merge(copies), hits, evaluations);
    }

    private static RuleAction.RejectMessage refusalOf(TransportRule rule, String refusal) {
        return rule.actions().stream().filter(a -> a instanceof RuleAction.RejectMessage).map(a -> (RuleAction.RejectMessage) a)
                .findFirst().orElse(new RuleAction.RejectMessage(refusal, "5.7.1"));
    }

    /** Copies whose content ended up the same travel as one message again. */
    private static List<RuleOutcome.Branch> merge(List<Copy> copies) {
        Map<Object, List<Copy>> byContent = new LinkedHashMap<>();
        for (Copy c : copies) {
            byContent.computeIfAbsent(c.changed ? c.content : (Object) "original", k -> new ArrayList<>()).add(c);
        }
        List<RuleOutcome.Branch> out = new ArrayList<>();
        for (List<Copy> same : byContent.values()) {
            List<RuleOutcome.Target> targets = new ArrayList<>();
            for (Copy c : same) {
                for (Target t : c.recipients) {
                    targets.add(new RuleOutcome.Target(t.party, t.orcpt, t.dsnNotify, t.connector, t.requireTls, t.addedBy));
                }
            }
            out.add(new RuleOutcome.Branch(same.getFirst().content, same.getFirst().changed, targets));
        }
        return out;
    }

    private record Match(boolean applies, List<Target> recipients, List<String> reasons) {
    }

    /**
     * Message conditions must all hold and no message exception may; with recipient conditions or
     * exceptions, the recipients that meet all of the first and none of the second are matched,
     * and at least one must be.
     */
    private static Match match(TransportRule rule, Copy copy, RuleInput input) {
        Conditions conditions = copy.conditions(input);
        List<String> reasons = input.explain() ? new ArrayList<>() : null;
        for (RuleCondition c : rule.conditions()) {
            if (!c.aboutRecipients()) {
                Conditions.Result r = conditions.message(c, rule.senderAddressLocation());
                note(reasons, r, "");
                if (!r.matched()) {
                    return new Match(false, List.of(), reasons);
                }
            }
        }
        for (RuleCondition c : rule.exceptions()) {
            if (!c.aboutRecipients()) {
                Conditions.Result r = conditions.message(c, rule.senderAddressLocation());
                if (r.matched()) {
                    note(reasons, r, "exception: ");
                    return new Match(false, List.of(), reasons);
                }
            }
        }
        if (!rule.aboutRecipients()) {
            return new Match(true, copy.recipients, reasons);
        }
        List<Target> matched = new ArrayList<>();
        for (Target t : copy.recipients) {
            if (recipientMatches(rule, t.party, conditions, reasons)) {
                matched.add(t);
            }
        }
        if (matched.isEmpty() && reasons != null) {
            reasons.add("no recipient meets the recipient conditions");
        }
        return new Match(!matched.isEmpty(), matched, reasons);
    }

    private static boolean recipientMatches(TransportRule rule, Party p, Conditions conditions, List<String> reasons) {
        for (RuleCondition c : rule.conditions()) {
            if (c.aboutRecipients()) {
                Conditions.Result r = conditions.recipient(c, p);
                if (!r.matched()) {
                    note(reasons, r, "");
                    return false;
                }
                note(reasons, r, "");
            }
        }
        for (RuleCondition c : rule.exceptions()) {
            if (c.aboutRecipients()) {
                Conditions.Result r = conditions.recipient(c, p);
                if (r.matched()) {
                    note(reasons, r, "exception: ");
                    return false;
                }
            }
        }
        return true;
    }

    private static void note(List<String> reasons, Conditions.Result r, String prefix) {
        if (reasons != null && r.reason() != null) {
            reasons.add(prefix + (r.matched() ? "yes: " : "no: ") + r.reason());
        }
    }

    static List<String> describe(List<RuleAction> actions) {
        List<String> out = new ArrayList<>();
        for (RuleAction a : actions) {
            out.add(switch (a) {
                case RuleAction.RouteMessageOutboundConnector r -> "routeMessageOutboundConnector: " + r.connector();
                case RuleAction.RouteMessageOutboundRequireTls r -> "routeMessageOutboundRequireTls";
                case RuleAction.RejectMessage r -> "rejectMessage: " + r.enhancedStatusCode() + " " + r.reasonText();
                case RuleAction.DeleteMessage d -> "deleteMessage";
                case RuleAction.RedirectMessageTo r -> "redirectMessageTo: " + String.join(", ", r.addresses());
                case RuleAction.BlindCopyTo b -> "blindCopyTo: " + String.join(", ", b.addresses());
                case RuleAction.AddToRecipients t -> "addToRecipients: " + String.join(", ", t.addresses());
                case RuleAction.CopyTo c -> "copyTo: " + String.join(", ", c.addresses());
                case RuleAction.SetHeader h -> "setHeader: " + h.name() + ": " + h.value();
                case RuleAction.RemoveHeader h -> "removeHeader: " + h.name();
                case RuleAction.PrependSubject p -> "prependSubject: " + p.prefix();
                case RuleAction.ApplyHtmlDisclaimer d -> "applyHtmlDisclaimer (" + d.location() + ", fallback " + d.fallback() + ")";
            });
        }
        return out;
    }

    /** A recipient while the rules run: mutable routing instructions, identity by the recipient. */
    static final class Target {
        final Party party;
        final String orcpt;
        final String dsnNotify;
        String connector;
        boolean requireTls;
        final String addedBy;

        Target(Party party, String orcpt, String dsnNotify, String connector, boolean requireTls, String addedBy) {
            this.party = party;
            this.orcpt = orcpt;
            this.dsnNotify = dsnNotify;
            this.connector = connector;
            this.requireTls = requireTls;
            this.addedBy = addedBy;
        }

        String key() {
            return party.address().key();
        }
    }

    /** One copy of the message while the rules run. */
    static final class Copy {
        MessageContent content;
        boolean changed;
        final List<Target> recipients;
        boolean stopped;
        private MessageView view;
        private Conditions conditions;

        Copy(MessageContent content, boolean changed, List<Target> recipients) {
            this.content = content;
            this.changed = changed;
            this.recipients = new ArrayList<>(recipients);
        }

        MessageView view() {
            if (view == null) {
                view = MessageView.of(content);
            }
            return view;
        }

        Conditions conditions(RuleInput input) {
            if (conditions == null) {
                conditions = new Conditions(input, view());
            }
            return conditions;
        }

        /** A copy of the same content for some of the recipients; what was learnt of the content is shared. */
        Copy split(List<Target> some) {
            Copy c = new Copy(content, changed, some);
            c.view = view;
            c.conditions = conditions;
            return c;
        }

        /** The rules changed the message: later rules see the new content. */
        void replace(MessageContent newContent) {
            content = newContent;
            changed = true;
            view = null;
            conditions = null;
        }

        /** The rules changed only the top-level header: the body's text and attachments are known still. */
        void replaceHeader(MessageContent newContent) {
            MessageView old = view();
            content = newContent;
            changed = true;
            view = old.withHeaderChange(newContent);
            conditions = null;
        }

        boolean has(EmailAddress a) {
            return recipients.stream().anyMatch(t -> t.key().equals(a.key()));
        }
    }
}
