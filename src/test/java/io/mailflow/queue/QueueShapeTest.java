package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.model.AddressPattern;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientState;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueShapeTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static QueuedEntry entry(String id, Duration age, StoredRecipient... recipients) {
        return new QueuedEntry(new StoredMessage(id, NOW.minus(age), "Sender@Example.com", 10, "", "", "192.0.2.1", Map.of()),
                List.of(recipients));
    }

    private static StoredRecipient waiting(int i, String address, String hop, String error) {
        return new StoredRecipient(i, address, null, null, hop, RecipientState.QUEUED, 1, null, error, false, null);
    }

    private static StoredRecipient delivered(int i, String address, String hop) {
        return new StoredRecipient(i, address, null, null, hop, RecipientState.DELIVERED, 1, null, null, false, null);
    }

    private final List<QueuedEntry> queue = List.of(
            entry("Q1", Duration.ofHours(2), waiting(0, "a@fabrikam.test", "connector:Fabrikam", "451 4.4.1 old"),
                    waiting(1, "b@fabrikam.test", "connector:Fabrikam", null), delivered(2, "c@contoso.test", "mailbox:c")),
            entry("Q2", Duration.ofMinutes(5), waiting(0, "d@fabrikam.test", "connector:Fabrikam", "451 4.4.1 newer")),
            entry("Q3", Duration.ofMinutes(1), waiting(0, "e@mx.test", "mx:mx.test", null)));

    @Test
    void summaryShouldCountWaitingMessagesAndRecipientsPerNextHop() {
        var shape = QueueShape.summarize(queue, NOW, Set.of("mx:mx.test", "mx:idle.test"));
        assertThat(shape).containsExactly(
                new QueueShape.NextHopSummary("connector:Fabrikam", 2, 3, Duration.ofHours(2), "451 4.4.1 newer", false),
                new QueueShape.NextHopSummary("mx:mx.test", 1, 1, Duration.ofMinutes(1), null, true),
                new QueueShape.NextHopSummary("mx:idle.test", 0, 0, Duration.ZERO, null, true));
    }

    @Test
    void filterShouldMatchOneRecipientOnEveryRecipientFilter() {
        var byHopAndState = new QueueShape.Filter("CONNECTOR:fabrikam", RecipientState.QUEUED, null, null);
        assertThat(queue.stream().filter(byHopAndState::matches)).extracting(e -> e.message().queueId())
                .containsExactly("Q1", "Q2");
        var deliveredToFabrikam = new QueueShape.Filter("connector:Fabrikam", RecipientState.DELIVERED, null, null);
        assertThat(queue.stream().filter(deliveredToFabrikam::matches)).isEmpty();
        var byAddresses = new QueueShape.Filter(null, null, new AddressPattern("sender@*"), new AddressPattern("*@MX.test"));
        assertThat(queue.stream().filter(byAddresses::matches)).extracting(e -> e.message().queueId()).containsExactly("Q3");
    }
}
