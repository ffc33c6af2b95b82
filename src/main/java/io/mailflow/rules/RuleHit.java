package io.mailflow.rules;

import io.mailflow.model.RuleMode;
import java.util.List;

/**
 * A rule that matched a message (or some of its recipients): what the message trace's RULE event
 * records.
 *
 * @param rule the rule's name
 * @param priority its effective priority
 * @param mode Enforce: the actions were taken; Audit/AuditAndNotify: only recorded
 * @param actions the actions, as {@code parameter: value}
 * @param recipients the recipients it applied to
 * @param reasons why it matched, one line per condition (only when explaining)
 */
public record RuleHit(String rule, int priority, RuleMode mode, List<String> actions, List<String> recipients,
        List<String> reasons) {
}
