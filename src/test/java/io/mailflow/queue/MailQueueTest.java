package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.model.TransportSettings;
import io.mailflow.message.MessageContent;
import io.mailflow.store.RecipientState;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.store.sqlite.SqliteMailStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue with a real store and a scripted delivery agent. */
class MailQueueTest {

    @TempDir
    Path dir;

    /** An agent whose answer per next hop the test decides; it records every delivery. */
    static final class ScriptedAgent implements DeliveryAgent {
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        volatile Function<Delivery, String> answer = d -> "OK";

        @Override
        public String unavailableReason(String nextHop) {
            return nextHop.startsWith("held:") ? "held for the test" : null;
        }

        @Override
        public int concurrencyLimit(String nextHop) {
            return 4;
        }

        @Override
        public List<RecipientOutcome> deliver(Delivery d) {
            deliveries.add(d);
            attempts.computeIfAbsent(d.nextHop(), h -> new AtomicInteger()).incrementAndGet();
            String a = answer.apply(d);
            return d.recipients().stream().<RecipientOutcome>map(r -> switch (a.charAt(0)) {
                case 'O' -> new RecipientOutcome.Delivered(r.index(), null, RecipientOutcome.Handover.RELAYED);
                case '4' -> new RecipientOutcome.Deferred(r.index(), a, null, true, null);
                default -> new RecipientOutcome.Failed(r.index(), a, null, null);
            }).toList();
        }
    }

    private SqliteMailStore store() throws Exception {
        return SqliteMailStore.open(dir, new SimpleMeterRegistry(), java.time.Clock.systemUTC());
    }

    private static MailQueue queue(SqliteMailStore store, DeliveryAgent agent, Duration retry, Duration expiry) {
        TransportSettings t = new TransportSettings(expiry, Duration.ofHours(4), List.of(retry), 25, null, null, null, null, null,
                null, null, null, null);
        return new MailQueue(store, agent, () -> t, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static IncomingMessage message(MailQueue q, String... hops) {
        String id = q.newQueueId();
        List<StoredRecipient> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < hops.length; i++) {
            recipients.add(StoredRecipient.queued(i, "r" + i + "@x.test", null, null, hops[i]));
        }
        StoredMessage m = new StoredMessage(id, Instant.now(), "s@x.test", 5, "", "", "127.0.0.1", Map.of());
        return new IncomingMessage(m, MessageContent.ofBytes("hello".getBytes()), recipients, List.of());
    }

    @Test
    void recipientsShouldTravelTogetherPerNextHop() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofSeconds(60), Duration.ofHours(1));
            q.enqueue(message(q, "mx:a.test", "mx:b.test", "mx:a.test", "mailbox:c@x.test"));
            await().until(() -> q.list().isEmpty());
            assertThat(agent.deliveries).extracting(d -> d.nextHop() + "=" + d.recipients().size())
                    .containsExactlyInAnyOrder("mx:a.test=2", "mx:b.test=1", "mailbox:c@x.test=1");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void deferredRecipientShouldBeRetriedOnTheIntervalUntilDelivered() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        AtomicInteger calls = new AtomicInteger();
        agent.answer = d -> calls.incrementAndGet() < 3 ? "451 4.4.316 Connection refused" : "OK";
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofMillis(200), Duration.ofHours(1));
            IncomingMessage m = message(q, "mx:a.test");
            q.enqueue(m);
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            store.flush();
            assertThat(calls.get()).isEqualTo(3);
            List<String> events = store.trace(new TraceQuery("r0@x.test", null, null, null, 5)).getFirst().events().stream()
                    .map(TraceRecord::event).toList();
            assertThat(events).containsExactly("DEFER", "DEFER");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void permanentFailureShouldBeFinalAfterOneAttempt() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        agent.answer = d -> "550 5.1.1 no such user";
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofMillis(100), Duration.ofHours(1));
            q.enqueue(message(q, "mx:a.test"));
            await().until(() -> q.list().isEmpty());
            store.flush();
            assertThat(agent.deliveries).hasSize(1);
            assertThat(store.trace(new TraceQuery("r0@x.test", null, null, null, 5)).getFirst().events())
                    .extracting(TraceRecord::event).containsExactly("FAIL");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void anNdrThatCannotBeQueuedShouldKeepItsRecipientQueuedUntilTheNdrIsQueued() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        agent.answer = d -> "550 5.1.1 no such user";
        List<String> reported = new CopyOnWriteArrayList<>();
        AtomicInteger reportCalls = new AtomicInteger();
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofMillis(200), Duration.ofHours(1));
            q.reportTo((message, kind, recipients) -> {
                if (reportCalls.incrementAndGet() == 1) {
                    throw new IllegalStateException("cannot queue the FAILED notice: disk full");
                }
                recipients.forEach(r -> reported.add(kind + " " + r.address()));
            });
            q.enqueue(message(q, "mx:a.test"));
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            store.flush();
            assertThat(reported).as("the NDR went out on the second round").containsExactly("FAILED r0@x.test");
            assertThat(agent.deliveries).as("the recipient was tried again, not dropped with its NDR").hasSize(2);
            assertThat(store.trace(new TraceQuery("r0@x.test", null, null, null, 5)).getFirst().events())
                    .extracting(TraceRecord::event).containsExactly("FAIL", "DEFER", "FAIL");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void copiesStoredTogetherFromOneSpillFileShouldEachDeliverTheWholeContent() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        List<String> seen = new CopyOnWriteArrayList<>();
        agent.answer = d -> {
            seen.add(new String(d.content().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII));
            return "OK";
        };
        java.nio.file.Files.createDirectories(dir.resolve("spool"));
        java.nio.file.Path spill = java.nio.file.Files.writeString(dir.resolve("spool/rcv-1.eml"), "Subject: big\r\n\r\nbody\r\n");
        MessageContent shared = MessageContent.ofFile(spill, java.nio.file.Files.size(spill));
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofSeconds(60), Duration.ofHours(1));
            List<IncomingMessage> copies = new java.util.ArrayList<>();
            for (String hop : List.of("mx:a.test", "mx:b.test")) {
                IncomingMessage m = message(q, hop);
                copies.add(new IncomingMessage(m.message(), shared.withPrefix(("X-Copy: " + hop + "\r\n").getBytes()),
                        m.recipients(), List.of()));
            }
            q.enqueueAll(copies);
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            assertThat(seen).containsExactlyInAnyOrder("X-Copy: mx:a.test\r\nSubject: big\r\n\r\nbody\r\n",
                    "X-Copy: mx:b.test\r\nSubject: big\r\n\r\nbody\r\n");
            assertThat(spill).as("the spill file is gone once the store has the copies").doesNotExist();
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void heldRecipientShouldStayQueuedWithItsReasonAndNoAttempt() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofMillis(100), Duration.ofHours(1));
            q.enqueue(message(q, "held:x", "mx:a.test"));
            await().until(() -> agent.deliveries.size() == 1);
            await().until(() -> q.list().size() == 1 && q.list().getFirst().recipients().stream()
                    .anyMatch(r -> r.state() == RecipientState.QUEUED && "held for the test".equals(r.lastError())));
            assertThat(agent.attempts).doesNotContainKey("held:x");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void suspendedNextHopShouldHoldItsMailUntilResumedAndLeaveOtherHopsAlone() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofHours(1), Duration.ofHours(1));
            assertThat(q.suspend("mx:a.test")).isTrue();
            assertThat(q.suspend("mx:a.test")).as("already suspended").isFalse();
            q.enqueue(message(q, "mx:a.test", "mx:b.test"));
            await().until(() -> agent.deliveries.size() == 1);
            await().until(() -> q.list().size() == 1 && q.list().getFirst().recipients().stream()
                    .anyMatch(r -> r.state() == RecipientState.QUEUED && Dispatcher.SUSPENDED.equals(r.lastError())));
            assertThat(agent.attempts).doesNotContainKey("mx:a.test");
            assertThat(q.suspendedNextHops()).containsExactly("mx:a.test");
            assertThat(q.resume("mx:a.test")).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            assertThat(agent.attempts.get("mx:a.test").get()).isEqualTo(1);
            assertThat(q.resume("mx:a.test")).as("not suspended any more").isFalse();
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void suspendedMailShouldStillExpireOnTime() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofHours(1), Duration.ofMillis(700));
            q.suspend("mx:a.test");
            q.enqueue(message(q, "mx:a.test"));
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            store.flush();
            assertThat(agent.deliveries).isEmpty();
            List<TraceRecord> events = store.trace(new TraceQuery("r0@x.test", null, null, null, 5)).getFirst().events();
            assertThat(events).extracting(TraceRecord::event).containsExactly("PENDING", "FAIL");
            assertThat(events.getLast().detail()).contains("QUEUE.Expired");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void retryOfANextHopShouldMakeItsDeferredRecipientsDueNow() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        AtomicInteger calls = new AtomicInteger();
        agent.answer = d -> calls.incrementAndGet() == 1 ? "451 4.4.316 Connection refused" : "OK";
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofHours(1), Duration.ofHours(2));
            q.enqueue(message(q, "mx:a.test"));
            await().until(() -> calls.get() == 1 && q.list().getFirst().recipients().getFirst().attempts() == 1);
            assertThat(q.retryNextHop("mx:b.test")).isZero();
            assertThat(q.retryNextHop("mx:a.test")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void messagePastItsExpirationShouldFailWithQueueExpired() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        agent.answer = d -> "451 4.4.316 Connection refused";
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofMillis(100), Duration.ofMillis(700));
            q.enqueue(message(q, "mx:a.test"));
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            store.flush();
            List<TraceRecord> events = store.trace(new TraceQuery("r0@x.test", null, null, null, 5)).getFirst().events();
            assertThat(events.getLast().event()).isEqualTo("FAIL");
            assertThat(events.getLast().detail()).contains("550 4.4.7 QUEUE.Expired; message expired")
                    .contains("last error: 451 4.4.316 Connection refused");
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void queuedMessageShouldBeDeliveredByTheNextGatewayAfterARestart() throws Exception {
        ScriptedAgent failing = new ScriptedAgent();
        failing.answer = d -> "451 4.4.316 Connection refused";
        String id;
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, failing, Duration.ofHours(1), Duration.ofHours(24));
            IncomingMessage m = message(q, "mx:a.test");
            id = m.message().queueId();
            q.enqueue(m);
            await().until(() -> !failing.deliveries.isEmpty());
            q.shutdown(Duration.ofSeconds(5));
        }
        ScriptedAgent working = new ScriptedAgent();
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, working, Duration.ofHours(1), Duration.ofHours(24));
            assertThat(q.recover()).isEqualTo(1);
            assertThat(q.list()).singleElement().satisfies(e -> assertThat(e.recipients().getFirst().attempts()).isEqualTo(1));
            assertThat(q.retry(id)).isTrue();
            await().until(() -> q.list().isEmpty());
            assertThat(working.deliveries).singleElement().satisfies(d -> {
                assertThat(d.message().queueId()).isEqualTo(id);
                assertThat(d.content().toByteArray()).isEqualTo("hello".getBytes());
            });
            q.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void deleteShouldRemoveTheMessageWithoutFurtherAttempts() throws Exception {
        ScriptedAgent agent = new ScriptedAgent();
        agent.answer = d -> "451 later";
        try (SqliteMailStore store = store()) {
            MailQueue q = queue(store, agent, Duration.ofHours(1), Duration.ofHours(24));
            IncomingMessage m = message(q, "mx:a.test");
            q.enqueue(m);
            await().until(() -> !agent.deliveries.isEmpty());
            assertThat(q.delete(m.message().queueId())).isTrue();
            assertThat(q.list()).isEmpty();
            assertThat(q.delete(m.message().queueId())).isFalse();
            store.flush();
            assertThat(store.queued()).isEmpty();
            q.shutdown(Duration.ofSeconds(5));
        }
    }
}
