package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import io.mailflow.model.DisclaimerFallbackAction;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.RuleAction;
import io.mailflow.model.TransportRule;
import java.util.List;

/** Takes a rule's actions on one copy of a message (the rule is in Enforce mode). */
final class Actions {

    private Actions() {
    }

    /** Applies every action; returns why the message must be refused, or null. */
    static String apply(TransportRule rule, RuleEngine.Copy copy, Directory directory) {
        for (RuleAction a : rule.actions()) {
            switch (a) {
                case RuleAction.RejectMessage r -> {
                    return r.reasonText();
                }
                case RuleAction.DeleteMessage d -> copy.recipients.clear();
                case RuleAction.RedirectMessageTo r -> {
                    copy.recipients.clear();
                    add(copy, r.addresses(), rule.name(), directory);
                }
                case RuleAction.RouteMessageOutboundConnector r -> copy.recipients.forEach(t -> t.connector = r.connector());
                case RuleAction.RouteMessageOutboundRequireTls r -> copy.recipients.forEach(t -> t.requireTls = true);
                case RuleAction.BlindCopyTo b -> add(copy, b.addresses(), rule.name(), directory);
                case RuleAction.AddToRecipients t -> {
                    add(copy, t.addresses(), rule.name(), directory);
                    copy.replaceHeader(HeaderEditor.appendAddresses(copy.view(), "To", t.addresses()));
                }
                case RuleAction.CopyTo c -> {
                    add(copy, c.addresses(), rule.name(), directory);
                    copy.replaceHeader(HeaderEditor.appendAddresses(copy.view(), "Cc", c.addresses()));
                }
                case RuleAction.SetHeader h -> changeHeader(copy, h.name(), HeaderEditor.set(copy.view(), h.name(), h.value()));
                case RuleAction.RemoveHeader h -> {
                    if (!copy.view().header(h.name()).isEmpty()) {
                        changeHeader(copy, h.name(), HeaderEditor.remove(copy.view(), h.name()));
                    }
                }
                case RuleAction.PrependSubject p -> copy.replaceHeader(HeaderEditor.set(copy.view(), "Subject", p.prefix() + copy.view().subject()));
                case RuleAction.ApplyHtmlDisclaimer d -> {
                    MessageContent changed = Disclaimers.insert(copy.view(), d.html(), d.location());
                    if (changed != null) {
                        copy.replace(changed);
                    } else if (d.fallback() == DisclaimerFallbackAction.Wrap) {
                        copy.replace(Disclaimers.wrap(copy.view(), d.html()));
                    } else if (d.fallback() == DisclaimerFallbackAction.Reject) {
                        return "Delivery not authorized, message refused: a disclaimer could not be applied";
                    }
                }
            }
        }
        return null;
    }

    /** A MIME field changes how the body reads; any other field leaves what is known of the body valid. */
    private static void changeHeader(RuleEngine.Copy copy, String name, MessageContent changed) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("content-") || n.equals("mime-version")) {
            copy.replace(changed);
        } else {
            copy.replaceHeader(changed);
        }
    }

    /** Adds the resolved recipients of these addresses that the copy does not have yet. */
    private static void add(RuleEngine.Copy copy, List<String> addresses, String rule, Directory directory) {
        for (String a : addresses) {
            for (Party p : directory.resolve(EmailAddress.parseLenient(a))) {
                if (!copy.has(p.address())) {
                    copy.recipients.add(new RuleEngine.Target(p, null, null, null, false, rule));
                }
            }
        }
    }
}
