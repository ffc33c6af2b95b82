package io.mailflow.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceStatusTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    private static TracedMessage message(List<String> recipients, TraceRecord... events) {
        return new TracedMessage("Q1", AT, "s@x.test", "<m@x>", "hi", 10, "192.0.2.1", recipients, List.of(events));
    }

    private static TraceRecord event(String name, String recipient) {
        return new TraceRecord("Q1", AT, name, recipient, "{}");
    }

    @Test
    void recipientShouldBePendingUntilAFinalEvent() {
        var m = message(List.of("a@x.test", "B@x.test"), event("RECEIVE", null), event("DEFER", "a@x.test"),
                event("SEND", "b@x.test"));
        assertThat(TraceStatus.byRecipient(m)).containsEntry("a@x.test", TraceStatus.Pending)
                .containsEntry("b@x.test", TraceStatus.Delivered);
        assertThat(TraceStatus.of(m)).isEqualTo(TraceStatus.Pending);
    }

    @Test
    void messageShouldBeFailedWhenARecipientFailedAndNoneIsPending() {
        var m = message(List.of("a@x.test", "b@x.test"), event("DEFER", "a@x.test"), event("FAIL", "a@x.test"),
                event("DELIVER", "b@x.test"));
        assertThat(TraceStatus.of(m)).isEqualTo(TraceStatus.Failed);
    }

    @Test
    void recipientDeletedByAnAdministratorShouldBeFailed() {
        var m = message(List.of("a@x.test"), event("DEFER", "a@x.test"),
                new TraceRecord("Q1", AT, "ADMIN", "a@x.test", "{\"recipient\":\"a@x.test\",\"action\":\"delete\"}"));
        assertThat(TraceStatus.of(m)).isEqualTo(TraceStatus.Failed);
    }

    @Test
    void groupOnlyMessageShouldBeExpanded() {
        var m = message(List.of("team@x.test"), event("EXPAND", "team@x.test"));
        assertThat(TraceStatus.of(m)).isEqualTo(TraceStatus.Expanded);
        assertThat(TraceStatus.parse("expanded")).isEqualTo(TraceStatus.Expanded);
        assertThat(TraceStatus.parse("Bounced")).isNull();
    }
}
