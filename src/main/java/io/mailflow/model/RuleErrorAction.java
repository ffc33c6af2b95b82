package io.mailflow.model;

/**
 * What happens when a rule cannot be evaluated on a message, e.g. a pattern that needs more work
 * than its budget (Exchange's {@code RuleErrorAction}).
 */
public enum RuleErrorAction {
    /** The rule is skipped and the message goes on (Exchange's default). */
    Ignore,
    /** The message is refused with a temporary error, so the client sends it again later. */
    Defer
}
