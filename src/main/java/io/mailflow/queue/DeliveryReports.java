package io.mailflow.queue;

import io.mailflow.store.StoredMessage;
import java.time.Instant;
import java.util.List;

/**
 * Told when recipients reach a state their sender may hear about: failed, delayed, delivered,
 * relayed, or (a distribution group, at intake) expanded. The queue calls it before the new state
 * is stored, so a crash can repeat a notice but never lose one. The implementation decides, from
 * NOTIFY and the sender, whether a notice is sent.
 */
@FunctionalInterface
public interface DeliveryReports {

    /** What is reported. */
    enum Kind { FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED }

    /**
     * One recipient in a report.
     *
     * @param reason the reply or our own reason (the Diagnostic-Code)
     * @param remoteMta the host that gave it, or null
     * @param willRetryUntil for a delay: when the message expires
     */
    record Reported(String address, String orcpt, String dsnNotify, String reason, String remoteMta, Instant lastAttempt,
            Instant willRetryUntil) {
    }

    void report(StoredMessage message, Kind kind, List<Reported> recipients);

    DeliveryReports NONE = (message, kind, recipients) -> { };
}
