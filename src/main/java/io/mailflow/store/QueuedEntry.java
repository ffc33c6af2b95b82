package io.mailflow.store;

import java.util.List;

/** A message still in the queue with its recipients, for recovery and for {@code queue list}. */
public record QueuedEntry(StoredMessage message, List<StoredRecipient> recipients) {
}
