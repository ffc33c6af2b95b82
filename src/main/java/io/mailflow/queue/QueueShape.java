package io.mailflow.queue;

import io.mailflow.model.AddressPattern;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientState;
import io.mailflow.store.StoredRecipient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue seen per next hop, as Postfix's qshape shows it: how much waits for each destination,
 * since when, and why. Pure: the caller gives the queue's entries, the time and the suspended hops.
 */
public final class QueueShape {

    /**
     * One next hop's waiting mail.
     *
     * @param messageCount messages with at least one recipient waiting for it
     * @param recipientCount recipients waiting for it
     * @param oldestMessageAge since the oldest of those messages was received
     * @param lastError the error of the most recently received message that has one, or null
     * @param suspended an administrator suspended deliveries to it
     */
    public record NextHopSummary(String nextHop, int messageCount, int recipientCount, Duration oldestMessageAge,
            String lastError, boolean suspended) {
    }

    /**
     * Which entries an operator asked for; null fields do not filter. A message matches when one
     * of its recipients matches every recipient-level filter (next hop, state, address).
     */
    public record Filter(String nextHop, RecipientState state, AddressPattern sender, AddressPattern recipient) {

        public static final Filter ALL = new Filter(null, null, null, null);

        public boolean matches(QueuedEntry e) {
            if (sender != null && !sender.matches(e.message().sender())) {
                return false;
            }
            return e.recipients().stream().anyMatch(this::matches);
        }

        private boolean matches(StoredRecipient r) {
            return (nextHop == null || nextHop.equalsIgnoreCase(r.nextHop())) && (state == null || state == r.state())
                    && (recipient == null || recipient.matches(r.address()));
        }
    }

    private QueueShape() {
    }

    /**
     * Every next hop with a waiting recipient, the one with the most recipients first, then the
     * suspended ones with none (an operator who suspended a hop must still see it held).
     */
    public static List<NextHopSummary> summarize(List<QueuedEntry> entries, Instant now, Set<String> suspended) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (QueuedEntry e : entries) {
            for (StoredRecipient r : e.recipients()) {
                if (r.state() == RecipientState.QUEUED) {
                    tallies.computeIfAbsent(r.nextHop(), h -> new Tally()).add(e, r);
                }
            }
        }
        List<NextHopSummary> out = new ArrayList<>();
        tallies.forEach((hop, t) -> out.add(new NextHopSummary(hop, t.messages.size(), t.recipients,
                Duration.between(t.oldest, now).isNegative() ? Duration.ZERO : Duration.between(t.oldest, now), t.lastError,
                suspended.contains(hop))));
        out.sort(Comparator.comparingInt(NextHopSummary::recipientCount).reversed().thenComparing(NextHopSummary::nextHop));
        suspended.stream().filter(h -> !tallies.containsKey(h)).sorted()
                .forEach(h -> out.add(new NextHopSummary(h, 0, 0, Duration.ZERO, null, true)));
        return out;
    }

    private static final class Tally {
        final Set<String> messages = new java.util.HashSet<>();
        int recipients;
        Instant oldest;
        Instant errorAt;
        String lastError;

        void add(QueuedEntry e, StoredRecipient r) {
            Instant at = e.message().receivedAt();
            messages.add(e.message().queueId());
            recipients++;
            if (oldest == null || at.isBefore(oldest)) {
                oldest = at;
            }
            if (r.lastError() != null && (errorAt == null || !at.isBefore(errorAt))) {
                errorAt = at;
                lastError = r.lastError();
            }
        }
    }
}
