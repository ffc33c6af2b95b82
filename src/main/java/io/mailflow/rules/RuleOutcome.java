package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import java.util.List;

/** What the rules decided for a message. */
public sealed interface RuleOutcome {

    List<RuleHit> hits();

    /** Every rule evaluated, matched or not, with its reasons (only when explaining). */
    List<RuleEvaluation> evaluations();

    /**
     * The message goes on, as one or more copies: rules that matched only some recipients split
     * the message (Exchange's bifurcation), and each copy carries its own changes.
     */
    record Proceed(List<Branch> branches, List<RuleHit> hits, List<RuleEvaluation> evaluations) implements RuleOutcome {
    }

    /** A rule refused the message: answer the end of DATA with this. */
    /**
     * A rule with {@code ruleErrorAction: Defer} could not be evaluated: the message is refused
     * with a temporary error and the client tries again.
     */
    record Deferred(String rule, String reason, List<RuleHit> hits, List<RuleEvaluation> evaluations) implements RuleOutcome {
    }

    record Rejected(String enhancedStatusCode, String text, String rule, List<RuleHit> hits, List<RuleEvaluation> evaluations)
            implements RuleOutcome {
    }

    /**
     * One copy of the message.
     *
     * @param content the message as the rules left it
     * @param changed the rules changed it (it differs from what was received)
     * @param recipients who gets this copy, each with its routing instructions; empty when the
     *        rules deleted it for everyone
     */
    record Branch(MessageContent content, boolean changed, List<Target> recipients) {
    }

    /**
     * A recipient with what the rules said about its route.
     *
     * @param party the recipient
     * @param orcpt DSN ORCPT (none for recipients added by a rule)
     * @param dsnNotify DSN NOTIFY (none for recipients added by a rule)
     * @param connector RouteMessageOutboundConnector's connector, or null
     * @param requireTls RouteMessageOutboundRequireTls applies
     * @param addedBy the rule that added this recipient, or null
     */
    record Target(Party party, String orcpt, String dsnNotify, String connector, boolean requireTls, String addedBy) {
    }

    /** A rule as evaluated on one copy of the message (its recipients), for explain: did it apply, and why (not). */
    record RuleEvaluation(String rule, int priority, List<String> recipients, boolean applied, List<String> reasons) {
    }
}
