package io.mailflow.queue;

import io.mailflow.message.MessageContent;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RuleRoute;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** The queue's in-memory view of one message; every field after construction is guarded by the object's lock. */
final class QueuedMessage {

    /** One recipient's live state. */
    static final class Recipient {
        final int index;
        final String address;
        final String orcpt;
        final String dsnNotify;
        String nextHop;
        RecipientState state;
        int attempts;
        Instant nextAttemptAt;
        String lastError;
        boolean inFlight;
        String pendingReason;
        boolean delayNotified;
        final RuleRoute ruleRoute;
        /** The host that gave the last temporary failure, for an expiry notice's Remote-MTA. */
        String lastRemoteMta;

        Recipient(StoredRecipient r) {
            this.index = r.index();
            this.address = r.address();
            this.orcpt = r.orcpt();
            this.dsnNotify = r.dsnNotify();
            this.nextHop = r.nextHop();
            this.state = r.state();
            this.attempts = r.attempts();
            this.nextAttemptAt = r.nextAttemptAt();
            this.lastError = r.lastError();
            this.delayNotified = r.delayNotified();
            this.ruleRoute = r.ruleRoute();
        }

        boolean isDue(Instant now) {
            return state == RecipientState.QUEUED && !inFlight && (nextAttemptAt == null || !nextAttemptAt.isAfter(now));
        }

        StoredRecipient view() {
            return new StoredRecipient(index, address, orcpt, dsnNotify, nextHop, state, attempts, nextAttemptAt,
                    pendingReason != null ? pendingReason : lastError, delayNotified, ruleRoute);
        }

        DeliveryRecipient forDelivery() {
            return new DeliveryRecipient(index, address, orcpt, dsnNotify, ruleRoute);
        }
    }

    final StoredMessage message;
    final List<Recipient> recipients;
    /** Read back from the store after a restart: an attempt may have reached its next hop before the crash. */
    final boolean recovered;
    MessageContent content;
    int deliveriesInFlight;
    ScheduledFuture<?> wake;
    Instant wakeAt;

    /**
     * @param content the content when the caller holds it, null to read it from the store
     * @param recovered loaded from the store at start-up rather than just received
     */
    QueuedMessage(StoredMessage message, List<StoredRecipient> recipients, MessageContent content, boolean recovered) {
        this.message = message;
        this.recipients = recipients.stream().map(Recipient::new).toList();
        this.content = content;
        this.recovered = recovered;
    }

    String id() {
        return message.queueId();
    }

    Recipient recipient(int index) {
        for (Recipient r : recipients) {
            if (r.index == index) {
                return r;
            }
        }
        return null;
    }

    boolean allFinal() {
        return recipients.stream().allMatch(r -> r.state.isFinal()) && deliveriesInFlight == 0;
    }
}
