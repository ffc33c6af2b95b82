package io.mailflow.queue;

import java.util.List;

/** Delivers messages to next hops; implemented in package {@code deliver}. */
public interface DeliveryAgent {

    /**
     * Null when this agent can attempt delivery to the next hop; otherwise why recipients for it
     * stay queued without an attempt.
     */
    String unavailableReason(String nextHop);

    /** How many deliveries to this next hop may run at once. */
    int concurrencyLimit(String nextHop);

    /** Attempts one delivery; returns exactly one outcome per recipient. */
    List<RecipientOutcome> deliver(Delivery delivery) throws InterruptedException;
}
