package io.mailflow.store;

/** Where one recipient of a queued message stands. */
public enum RecipientState {
    /** Waiting for its first or next delivery attempt. */
    QUEUED,
    /** Delivered to its next hop or mailbox: final. */
    DELIVERED,
    /** Failed for good (5xx, expiry, deleted by an administrator): final. */
    FAILED;

    public boolean isFinal() {
        return this != QUEUED;
    }
}
