package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailflow.message.MessageContent;
import io.mailflow.model.TransportSettings;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.sqlite.SqliteMailStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every outcome is settled in one place and logged there once, whatever produced it. */
class OutcomeLogTest {

    @TempDir
    Path dir;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        ((Logger) LoggerFactory.getLogger(OutcomeLog.class)).addAppender(log);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(OutcomeLog.class)).detachAppender(log);
    }

    /** "to status dsn attempt" of every line logged, in order. */
    private List<String> lines() {
        return log.list.stream().map(e -> {
            Map<String, Object> kv = new java.util.HashMap<>();
            e.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
            return kv.get("to") + " " + kv.get("status") + " " + kv.get("dsn") + " " + kv.get("attempt");
        }).toList();
    }

    private static MailQueue queue(SqliteMailStore store, DeliveryAgent agent, Duration expiry) {
        TransportSettings t = new TransportSettings(expiry, Duration.ofHours(4), List.of(Duration.ofMillis(100)), 25, null, null, null,
                null, null, null, null, null, null);
        return new MailQueue(store, agent, () -> t, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static IncomingMessage message(MailQueue q, String... hops) {
        List<StoredRecipient> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < hops.length; i++) {
            recipients.add(StoredRecipient.queued(i, hops[i].substring(3) + "@x.test", null, null, hops[i]));
        }
        StoredMessage m = new StoredMessage(q.newQueueId(), Instant.now(), "s@x.test", 5, "<id@x.test>", "", "127.0.0.1", Map.of());
        return new IncomingMessage(m, MessageContent.ofBytes("hello".getBytes()), recipients, List.of());
    }

    @Test
    void eachOutcomeShouldBeLoggedOnceWithItsStatusDsnAndAttempt() throws Exception {
        MailQueueTest.ScriptedAgent agent = new MailQueueTest.ScriptedAgent();
        AtomicInteger later = new AtomicInteger();
        agent.answer = d -> switch (d.nextHop()) {
            case "mx:ok" -> "OK";
            case "mx:no" -> "550 5.1.1 no such user";
            default -> later.incrementAndGet() == 1 ? "451 4.4.316 Connection refused" : "OK";
        };
        try (SqliteMailStore store = SqliteMailStore.open(dir, new SimpleMeterRegistry(), java.time.Clock.systemUTC())) {
            MailQueue q = queue(store, agent, Duration.ofHours(1));
            q.enqueue(message(q, "mx:ok", "mx:no", "mx:later"));
            await().until(() -> q.list().isEmpty());
            q.shutdown(Duration.ofSeconds(5));
        }
        assertThat(lines()).containsExactlyInAnyOrder("ok@x.test sent 2.0.0 1", "no@x.test bounced 5.1.1 1",
                "later@x.test deferred 4.4.316 1", "later@x.test sent 2.0.0 2");
        assertThat(log.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("delivery "));
    }

    @Test
    void anExpiredRecipientShouldBeLoggedAsBouncedOnce() throws Exception {
        MailQueueTest.ScriptedAgent agent = new MailQueueTest.ScriptedAgent();
        agent.answer = d -> "451 4.4.316 Connection refused";
        try (SqliteMailStore store = SqliteMailStore.open(dir, new SimpleMeterRegistry(), java.time.Clock.systemUTC())) {
            MailQueue q = queue(store, agent, Duration.ofMillis(500));
            q.enqueue(message(q, "mx:gone"));
            await().atMost(Duration.ofSeconds(10)).until(() -> q.list().isEmpty());
            q.shutdown(Duration.ofSeconds(5));
        }
        List<String> lines = lines();
        assertThat(lines).last().asString().startsWith("gone@x.test bounced 5.4.7");
        assertThat(lines).filteredOn(l -> l.contains("bounced")).hasSize(1);
        assertThat(lines.subList(0, lines.size() - 1)).isNotEmpty().allMatch(l -> l.startsWith("gone@x.test deferred 4.4.316"));
    }

    @Test
    void dsnShouldTakeItsClassFromTheOutcomeAndItsDetailFromTheReply() {
        assertThat(OutcomeLog.dsn("250 2.0.0 Ok: queued as X", OutcomeLog.Status.SENT)).isEqualTo("2.0.0");
        assertThat(OutcomeLog.dsn("250 Ok", OutcomeLog.Status.SENT)).isEqualTo("2.0.0");
        assertThat(OutcomeLog.dsn(null, OutcomeLog.Status.SENT)).isEqualTo("2.0.0");
        assertThat(OutcomeLog.dsn("550 4.4.7 QUEUE.Expired; message expired", OutcomeLog.Status.BOUNCED)).isEqualTo("5.4.7");
        assertThat(OutcomeLog.dsn("450 4.4.316 Connection refused (127.0.0.1:1)", OutcomeLog.Status.DEFERRED)).isEqualTo("4.4.316");
        assertThat(OutcomeLog.dsn("550-5.7.1 relaying denied", OutcomeLog.Status.BOUNCED)).isEqualTo("5.7.1");
        assertThat(OutcomeLog.dsn("421 too busy", OutcomeLog.Status.DEFERRED)).isEqualTo("4.0.0");
    }
}
