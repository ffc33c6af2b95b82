package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.IpRange;
import io.mailflow.model.Recipient;
import io.mailflow.model.MailContact;
import io.mailflow.routing.RouteDecision;
import io.mailflow.routing.RouteRequest;
import io.mailflow.routing.Router;
import io.mailflow.rules.Party;
import io.mailflow.rules.RuleEngine;
import io.mailflow.rules.RuleHit;
import io.mailflow.rules.RuleInput;
import io.mailflow.rules.RuleOutcome;
import io.mailflow.smtp.Reply;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.message.MessageContent;
import io.mailflow.store.RuleRoute;
import io.mailflow.trace.TraceEvent;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to a received message, decided before anything is stored (Exchange's categorizer,
 * exchange-mailflow.md §5): recipients resolved through the directory, then the mail flow rules
 * (which may refuse the message, change it, add or drop recipients, split it into copies, or
 * choose routes), then each recipient's next hop. Pure apart from reading the configuration: the
 * live pipeline, {@code explain} and {@code rules test} all plan with it.
 */
public final class MessagePlanner {

    /** The decision for one message. */
    public sealed interface Plan {

        /** Every rule evaluated and why (empty unless explaining). */
        List<RuleOutcome.RuleEvaluation> evaluations();

        /** Refused before 250: the end of DATA is answered with {@code reply}. */
        record Refused(Reply reply, String why, List<TraceEvent> events, List<RuleOutcome.RuleEvaluation> evaluations)
                implements Plan {
        }

        /**
         * Accepted: one copy, or several when rules split the message.
         *
         * @param events what happened to the message as a whole (expansion, rules), for every copy's trace
         * @param expanded groups whose sender asked to hear of success: each gets an "expanded" notice
         */
        record Accepted(List<Copy> copies, List<TraceEvent> events, List<RuleOutcome.RuleEvaluation> evaluations,
                List<RecipientResolver.Expanded> expanded) implements Plan {
        }
    }

    /**
     * One message to queue.
     *
     * @param content the content as received (without our Received: field) or as the rules changed it
     * @param changed the rules changed the content
     * @param recipients who gets it and how; empty when rules deleted it for everyone
     */
    public record Copy(MessageContent content, boolean changed, List<Planned> recipients) {
    }

    /** A recipient with its route. */
    public record Planned(EmailAddress address, String orcpt, String dsnNotify, RouteDecision route, RuleRoute ruleRoute,
            String addedBy) {
    }

    private MessagePlanner() {
    }

    /**
     * @param content the message as the client sent it
     * @param explain collect the reasons of every rule evaluation
     */
    public static Plan plan(Envelope envelope, ClientFacts client, MessageContent content, ConfigSnapshot config, Instant now,
            boolean explain) {
        int maxExpanded = config.configuration().server().limits().maxExpandedRecipients();
        RecipientResolver.Result resolved = RecipientResolver.resolve(envelope.recipients(), config);
        List<TraceEvent> events = new ArrayList<>(resolved.events());
        if (resolved.recipients().size() > maxExpanded) {
            return new Plan.Refused(SmtpReplies.TOO_MANY_AFTER_EXPANSION, resolved.recipients().size()
                    + " recipients after group expansion, more than " + maxExpanded, events, List.of());
        }
        if (config.rules().isEmpty()) {
            List<Planned> planned = new ArrayList<>();
            for (RecipientResolver.Resolved r : resolved.recipients()) {
                planned.add(route(r.address(), r.orcpt(), r.dsnNotify(), RuleRoute.NONE, null, client, config));
            }
            return new Plan.Accepted(List.of(new Copy(content, false, planned)), events, List.of(), resolved.expanded());
        }
        RuleDirectory directory = new RuleDirectory(config);
        List<RuleInput.Recipient> recipients = new ArrayList<>();
        for (RecipientResolver.Resolved r : resolved.recipients()) {
            recipients.add(new RuleInput.Recipient(directory.party(r), r.orcpt(), r.dsnNotify()));
        }
        EmailAddress sender = envelope.sender();
        Party senderParty = sender == null ? null : directory.describe(sender);
        RuleInput input = new RuleInput(senderParty, fromInOrganization(sender, client, config), clientIp(client), recipients,
                content, directory, explain);
        RuleOutcome outcome = RuleEngine.run(config.rules(), input, now);
        outcome.hits().forEach(h -> events.add(ruleEvent(h)));
        return switch (outcome) {
            case RuleOutcome.Rejected r -> new Plan.Refused(Reply.of(550, r.enhancedStatusCode(), r.text()),
                    "mail flow rule '" + r.rule() + "' rejects the message", events, outcome.evaluations());
            // Exchange's RuleErrorAction Defer: nothing is stored; the client keeps the message and tries again.
            case RuleOutcome.Deferred d -> new Plan.Refused(Reply.of(451, "4.3.0", "Mail flow rules could not be evaluated, try again later"),
                    "mail flow rule '" + d.rule() + "' could not be evaluated (" + d.reason() + "); ruleErrorAction Defer",
                    events, outcome.evaluations());
            case RuleOutcome.Proceed p -> {
                // Rules may add recipients and groups (expanded); the limit counts every copy's recipients.
                int total = p.branches().stream().mapToInt(b -> b.recipients().size()).sum();
                yield total > maxExpanded
                        ? new Plan.Refused(SmtpReplies.TOO_MANY_AFTER_EXPANSION, total
                                + " recipients after group expansion and mail flow rules, more than " + maxExpanded, events,
                                outcome.evaluations())
                        : accepted(copies(p, content, client, config), events, outcome.evaluations(), resolved.expanded());
            }
        };
    }

    /** A message that rules deleted for everyone was delivered to no group: no "expanded" notice then. */
    private static Plan.Accepted accepted(List<Copy> copies, List<TraceEvent> events, List<RuleOutcome.RuleEvaluation> evaluations,
            List<RecipientResolver.Expanded> expanded) {
        boolean deleted = copies.stream().allMatch(c -> c.recipients().isEmpty());
        return new Plan.Accepted(copies, events, evaluations, deleted ? List.of() : expanded);
    }

    private static List<Copy> copies(RuleOutcome.Proceed p, MessageContent original, ClientFacts client, ConfigSnapshot config) {
        List<Copy> out = new ArrayList<>();
        for (RuleOutcome.Branch b : p.branches()) {
            if (b.recipients().isEmpty()) {
                continue;
            }
            List<Planned> planned = new ArrayList<>();
            for (RuleOutcome.Target t : b.recipients()) {
                planned.add(route(t.party().address(), t.orcpt(), t.dsnNotify(), new RuleRoute(t.connector(), t.requireTls()),
                        t.addedBy(), client, config));
            }
            out.add(new Copy(b.changed() ? b.content() : original, b.changed(), planned));
        }
        if (out.isEmpty()) {
            out.add(new Copy(original, false, List.of())); // deleted for everyone: kept for the trace only
        }
        return out;
    }

    private static Planned route(EmailAddress address, String orcpt, String notify, RuleRoute rule, String addedBy,
            ClientFacts client, ConfigSnapshot config) {
        RouteDecision d = Router.decide(new RouteRequest(address, rule.connector(), client.fromOnPremises(), rule.requireTls()),
                config);
        return new Planned(address, orcpt, notify, d, rule, addedBy);
    }

    private static TraceEvent ruleEvent(RuleHit h) {
        return new TraceEvent.Rule(h.rule(), h.mode().name(), h.actions(), h.recipients());
    }

    /**
     * Exchange's FromScope InOrganization (exchange-mailflow.md §4.3): the message came over an
     * authenticated connection (SMTP AUTH, or an OnPremises inbound connector) from a sender in
     * the directory or in an accepted domain; or its connector treats its mail as internal.
     */
    static boolean fromInOrganization(EmailAddress sender, ClientFacts client, ConfigSnapshot config) {
        if (client.internal()) {
            return true;
        }
        boolean authenticated = client.authenticatedUser() != null || client.fromOnPremises();
        if (!authenticated || sender == null) {
            return false;
        }
        Optional<Recipient> known = config.recipient(sender);
        return known.isPresent() && !(known.get() instanceof MailContact) || config.acceptedDomain(sender.domain()).isPresent();
    }

    private static InetAddress clientIp(ClientFacts client) {
        try {
            return client.ip() == null || client.ip().isEmpty() ? null : IpRange.literal(client.ip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
