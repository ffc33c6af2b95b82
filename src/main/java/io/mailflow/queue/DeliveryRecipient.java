package io.mailflow.queue;

import io.mailflow.store.RuleRoute;

/**
 * A recipient handed to a delivery agent, with its DSN parameters and what the mail flow rules
 * said about its route.
 */
public record DeliveryRecipient(int index, String address, String orcpt, String dsnNotify, RuleRoute ruleRoute) {

    public DeliveryRecipient {
        ruleRoute = ruleRoute == null ? RuleRoute.NONE : ruleRoute;
    }

    public DeliveryRecipient(int index, String address, String orcpt, String dsnNotify) {
        this(index, address, orcpt, dsnNotify, RuleRoute.NONE);
    }
}
