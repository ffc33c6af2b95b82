package io.mailflow.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mail flow rule (Exchange's transport rule, exchange-mailflow.md §4): conditions, exceptions
 * and actions, written in the configuration with New-TransportRule's parameter names in camelCase
 * ({@link RuleParameters} reads them).
 *
 * <p>Several conditions must all match; several values of one condition are alternatives; any
 * exception stops the rule; no conditions match every message.
 *
 * @param name unique name
 * @param priority the position asked for (0 = first); null = after the others. The effective
 *        order is {@link RulePriorities#order}
 * @param enabled a disabled rule is never evaluated (default true)
 * @param mode Enforce (default), Audit or AuditAndNotify
 * @param activationDate the rule acts from then on (null = always)
 * @param expiryDate the rule stops acting then (null = never)
 * @param senderAddressLocation which sender address sender conditions look at (default Header)
 * @param stopRuleProcessing when the rule applies, no later rule is evaluated
 * @param comments free text
 * @param ruleErrorAction when the rule cannot be evaluated on a message: Ignore (default: the rule
 *        is skipped) or Defer (the message is refused with a temporary error)
 * @param problems what was wrong with the parameters as written, reported by {@link #validate}
 */
public record TransportRule(String name, Integer priority, boolean enabled, RuleMode mode, Instant activationDate,
        Instant expiryDate, SenderAddressLocation senderAddressLocation, boolean stopRuleProcessing, String comments,
        RuleErrorAction ruleErrorAction, List<RuleCondition> conditions, List<RuleCondition> exceptions, List<RuleAction> actions, List<ConfigError> problems) {

    /** Exchange's limits on the texts of some actions. */
    static final int MAX_REJECT_TEXT = 1024;
    static final int MAX_DISCLAIMER = 5000;

    public TransportRule {
        mode = mode == null ? RuleMode.Enforce : mode;
        senderAddressLocation = senderAddressLocation == null ? SenderAddressLocation.Header : senderAddressLocation;
        ruleErrorAction = ruleErrorAction == null ? RuleErrorAction.Ignore : ruleErrorAction;
        conditions = List.copyOf(conditions);
        exceptions = List.copyOf(exceptions);
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
    }

    /** True when the rule is enabled and {@code now} is inside its activation window. */
    public boolean activeAt(Instant now) {
        return enabled && (activationDate == null || !now.isBefore(activationDate))
                && (expiryDate == null || now.isBefore(expiryDate));
    }

    /** True when the rule's conditions or exceptions look at recipients. */
    public boolean aboutRecipients() {
        return conditions.stream().anyMatch(RuleCondition::aboutRecipients)
                || exceptions.stream().anyMatch(RuleCondition::aboutRecipients);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>(problems);
        if (name == null || name.isBlank()) {
            errors.add(new ConfigError("name", "is required"));
        } else if (name.length() > 64) {
            errors.add(new ConfigError("name", "is longer than 64 characters"));
        }
        if (priority != null && priority < 0) {
            errors.add(new ConfigError("priority", "must be 0 or more (0 = evaluated first)"));
        }
        if (activationDate != null && expiryDate != null && !expiryDate.isAfter(activationDate)) {
            errors.add(new ConfigError("expiryDate", "must be after activationDate"));
        }
        if (actions.isEmpty() && !stopRuleProcessing && errors.isEmpty()) {
            errors.add(new ConfigError("", "has no action: give at least one (e.g. prependSubject, routeMessageOutboundConnector)"));
        }
        long terminal = actions.stream().filter(a -> a instanceof RuleAction.RejectMessage || a instanceof RuleAction.DeleteMessage
                || a instanceof RuleAction.RedirectMessageTo).count();
        if (terminal > 1) {
            errors.add(new ConfigError("deleteMessage", "rejectMessage…, deleteMessage and redirectMessageTo exclude each other"));
        }
        return errors;
    }
}
