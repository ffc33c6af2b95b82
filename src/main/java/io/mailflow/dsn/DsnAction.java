package io.mailflow.dsn;

import java.util.Locale;

/** What happened to a recipient: the RFC 3464 §2.3.3 Action field values. */
public enum DsnAction {
    /** Delivery failed for good; the notice is a non-delivery report (NDR). */
    FAILED,
    /** Delivery has not succeeded yet and is still being tried. */
    DELAYED,
    /** Delivered to the recipient's mailbox. */
    DELIVERED,
    /** Handed to a next hop that will not send delivery notifications itself. */
    RELAYED,
    /**
     * Delivered to a distribution group, which passed it on to its members (RFC 3464 §2.3.3: not a
     * final state; a member's failure or delay may still be reported).
     */
    EXPANDED;

    /** The action-value as written on the wire: lower case (RFC 3464 §2.3.3). */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
