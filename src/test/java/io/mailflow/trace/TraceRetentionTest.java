package io.mailflow.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.message.MessageContent;
import io.mailflow.store.MailStore;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.store.sqlite.SqliteMailStore;
import io.mailflow.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message trace retention over the real store, with time driven by hand. */
class TraceRetentionTest {

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final AtomicReference<Duration> retention = new AtomicReference<>(Duration.ofDays(90));
    SqliteMailStore store;
    TraceRetention pruner;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMailStore.open(dir, metrics, java.time.Clock.systemUTC());
        pruner = new TraceRetention(store, retention::get, clock, metrics);
    }

    @AfterEach
    void close() {
        pruner.close();
        store.close();
    }

    /** A message received now, delivered, out of the queue: its trace is all that is left. */
    private void deliveredNow(String id) throws Exception {
        deliveredNow(List.of(id));
    }

    /** Many such messages, stored in one commit. */
    private void deliveredNow(List<String> ids) throws Exception {
        Instant at = clock.instant();
        store.acceptAll(ids.stream().map(id -> new MailStore.NewMessage(
                new StoredMessage(id, at, "s@example.com", 1, "", "", "192.0.2.1", Map.of()), MessageContent.ofBytes(new byte[1]),
                List.of(StoredRecipient.queued(0, id + "@x.test", null, null, "mailbox:" + id + "@x.test")),
                List.of(new TraceRecord(id, at, "RECEIVE", null, "{}")))).toList());
        for (String id : ids) {
            store.update(List.of(new RecipientUpdate(id, 0, RecipientState.DELIVERED, 1, null, null, "mailbox:" + id + "@x.test",
                    false)), List.of(new TraceRecord(id, at, "DELIVER", id + "@x.test", "{}")), id);
        }
        store.flush();
    }

    private static List<String> ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private int traced() throws Exception {
        return store.trace(new TraceQuery(null, null, null, null, 100_000)).size();
    }

    private double counter(String name) {
        return metrics.get(name).counter().count();
    }

    @Test
    void pruneNowShouldKeepATraceForNinetyDaysByDefaultAndRemoveItAfter() throws Exception {
        deliveredNow("Q1");
        clock.advance(Duration.ofDays(89));
        assertThat(pruner.pruneNow()).isZero();
        assertThat(traced()).isEqualTo(1);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(pruner.pruneNow()).isEqualTo(1);
        assertThat(traced()).isZero();
        assertThat(counter("mailflow_trace_pruned_messages_total")).isEqualTo(1);
        assertThat(counter("mailflow_trace_pruned_rows_total")).as("summary, recipient, two events").isEqualTo(4);
    }

    @Test
    void pruneNowShouldApplyAReloadedRetentionAtTheNextRun() throws Exception {
        deliveredNow("Q1");
        clock.advance(Duration.ofMinutes(2));
        assertThat(pruner.pruneNow()).isZero();
        retention.set(Duration.ofMinutes(1));
        assertThat(pruner.pruneNow()).isEqualTo(1);
    }

    @Test
    void pruneNowShouldRemoveABacklogLargerThanOneBatch() throws Exception {
        deliveredNow(ids("B", TraceRetention.BATCH * 2 + 10));
        clock.advance(Duration.ofDays(91));
        assertThat(pruner.pruneNow()).isEqualTo(TraceRetention.BATCH * 2 + 10);
        assertThat(traced()).isZero();
    }

    @Test
    void anAcceptShouldBeStoredBetweenPruneBatchesNotAfterTheWholePrune() throws Exception {
        int backlog = TraceRetention.BATCH * 20;
        for (int i = 0; i < 20; i++) {
            deliveredNow(ids("B" + i + "-", TraceRetention.BATCH));
        }
        clock.advance(Duration.ofDays(91));
        CompletableFuture<Integer> prune = CompletableFuture.supplyAsync(() -> {
            try {
                return pruner.pruneNow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> counter("mailflow_trace_pruned_messages_total") > 0);
        deliveredNow("DURING");
        double prunedWhenStored = counter("mailflow_trace_pruned_messages_total");
        assertThat(prunedWhenStored).as("the accept waited for at most a batch or two").isLessThan(backlog / 2.0);
        assertThat(prune.get()).isEqualTo(backlog);
        assertThat(store.trace(new TraceQuery("during@x.test", null, null, null, 1))).as("received now: kept").hasSize(1);
    }

    @Test
    void intervalShouldBeTheRetentionButAtMostAnHour() {
        assertThat(TraceRetention.interval(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(TraceRetention.interval(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(30));
        assertThat(TraceRetention.interval(Duration.ofDays(90))).isEqualTo(Duration.ofHours(1));
    }
}
