package io.mailflow.store;

import java.time.Instant;

/** A change to one recipient after a delivery attempt or an administrator's action. */
public record RecipientUpdate(String queueId, int index, RecipientState state, int attempts, Instant nextAttemptAt,
        String lastError, String nextHop, boolean delayNotified) {
}
