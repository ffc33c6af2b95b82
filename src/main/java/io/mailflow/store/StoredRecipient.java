package io.mailflow.store;

import java.time.Instant;

/**
 * One recipient of a queued message.
 *
 * @param index position in the message's recipient list, stable for its life
 * @param address the recipient address
 * @param orcpt DSN ORCPT as {@code type;address}, or null
 * @param dsnNotify DSN NOTIFY values joined by commas, or null for the default
 * @param nextHop where routing sent it, as the routing key (e.g. {@code mailbox:alice@contoso.test})
 * @param state where it stands
 * @param attempts delivery attempts made so far
 * @param nextAttemptAt when to try next; null when due now or final
 * @param lastError the last failure's text, or null
 * @param delayNotified the sender was sent a delay notice for this recipient
 * @param ruleRoute what a mail flow rule decided about its route
 */
public record StoredRecipient(int index, String address, String orcpt, String dsnNotify, String nextHop,
        RecipientState state, int attempts, Instant nextAttemptAt, String lastError, boolean delayNotified, RuleRoute ruleRoute) {

    public StoredRecipient {
        ruleRoute = ruleRoute == null ? RuleRoute.NONE : ruleRoute;
    }

    /** A recipient as it enters the queue. */
    public static StoredRecipient queued(int index, String address, String orcpt, String dsnNotify, String nextHop) {
        return queued(index, address, orcpt, dsnNotify, nextHop, RuleRoute.NONE);
    }

    /** A recipient as it enters the queue, with what the rules said about its route. */
    public static StoredRecipient queued(int index, String address, String orcpt, String dsnNotify, String nextHop,
            RuleRoute ruleRoute) {
        return new StoredRecipient(index, address, orcpt, dsnNotify, nextHop, RecipientState.QUEUED, 0, null, null, false,
                ruleRoute);
    }
}
