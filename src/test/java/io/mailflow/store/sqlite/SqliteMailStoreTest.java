package io.mailflow.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.message.MessageContent;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMailStoreTest {

    @TempDir
    Path dir;

    private SqliteMailStore open() throws Exception {
        return SqliteMailStore.open(dir, new SimpleMeterRegistry(), java.time.Clock.systemUTC());
    }

    private static StoredMessage message(String id, Instant at) {
        return new StoredMessage(id, at, "sender@example.com", 10, "<" + id + "@example.com>", "subject " + id, "192.0.2.1",
                Map.of("helo", "client.example"));
    }

    private static StoredRecipient recipient(int i, String address) {
        return StoredRecipient.queued(i, address, "rfc822;" + address, "FAILURE", "mailbox:" + address);
    }

    @Test
    void acceptedMessageShouldBeReadBackAfterReopeningWithContentRecipientsAndTrace() throws Exception {
        byte[] big = new byte[512 * 1024 + 17];
        new Random(1).nextBytes(big);
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        try (SqliteMailStore store = open()) {
            store.accept(message("Q1", at), MessageContent.ofBytes(big), List.of(recipient(0, "a@x.test"), recipient(1, "b@x.test")),
                    List.of(new TraceRecord("Q1", at, "RECEIVE", null, "{\"size\":10}")));
        }
        try (SqliteMailStore store = open()) {
            List<QueuedEntry> queued = store.queued();
            assertThat(queued).singleElement().satisfies(e -> {
                assertThat(e.message()).isEqualTo(message("Q1", at));
                assertThat(e.recipients()).containsExactly(recipient(0, "a@x.test"), recipient(1, "b@x.test"));
            });
            assertThat(store.content("Q1").toByteArray()).isEqualTo(big);
            assertThat(store.trace(new TraceQuery("B@X.test", null, null, null, 10))).singleElement()
                    .satisfies(t -> assertThat(t.events()).extracting(TraceRecord::event).containsExactly("RECEIVE"));
        }
    }

    @Test
    void aFinishedMessageACrashLeftBehindShouldBeGoneAfterReopeningWithItsTraceKept() throws Exception {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        try (SqliteMailStore store = open()) {
            store.accept(message("F1", at), MessageContent.ofBytes("done".getBytes()), List.of(recipient(0, "a@x.test")),
                    List.of(new TraceRecord("F1", at, "RECEIVE", null, "{}")));
            store.accept(message("F2", at), MessageContent.ofBytes("waiting".getBytes()), List.of(recipient(0, "b@x.test")),
                    List.of());
            // the last outcome is stored; the crash comes before the removal that would follow it
            store.update(List.of(new io.mailflow.store.RecipientUpdate("F1", 0, io.mailflow.store.RecipientState.DELIVERED, 1,
                    null, null, "mailbox:a@x.test", false)), List.of(new TraceRecord("F1", at, "DELIVER", "a@x.test", "{}")), null);
            store.flush();
        }
        try (SqliteMailStore store = open()) {
            assertThat(store.queued()).extracting(e -> e.message().queueId()).containsExactly("F2");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.content("F1")).isInstanceOf(io.mailflow.store.StoreException.class);
            assertThat(store.trace(new TraceQuery("a@x.test", null, null, null, 10))).singleElement()
                    .satisfies(t -> assertThat(t.events()).extracting(TraceRecord::event).containsExactly("RECEIVE", "DELIVER"));
        }
    }

    @Test
    void copiesSplitByRulesShouldBeStoredAllOrNone() throws Exception {
        Instant at = Instant.now();
        try (SqliteMailStore store = open()) {
            store.acceptAll(List.of(
                    new io.mailflow.store.MailStore.NewMessage(message("C1", at), MessageContent.ofBytes("one".getBytes()),
                            List.of(recipient(0, "a@x.test")), List.of()),
                    new io.mailflow.store.MailStore.NewMessage(message("C2", at), MessageContent.ofBytes("two".getBytes()),
                            List.of(recipient(0, "b@x.test"), recipient(1, "c@x.test")), List.of())));
            assertThat(store.queued()).extracting(e -> e.message().queueId()).containsExactlyInAnyOrder("C1", "C2");
            // the second copy reuses a queue id: the batch fails, and its first copy must not stay behind
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.acceptAll(List.of(
                    new io.mailflow.store.MailStore.NewMessage(message("C3", at), MessageContent.ofBytes("three".getBytes()),
                            List.of(recipient(0, "d@x.test")), List.of()),
                    new io.mailflow.store.MailStore.NewMessage(message("C1", at), MessageContent.ofBytes("dup".getBytes()),
                            List.of(recipient(0, "e@x.test")), List.of())))).isInstanceOf(io.mailflow.store.StoreException.class);
            assertThat(store.queued()).extracting(e -> e.message().queueId()).containsExactlyInAnyOrder("C1", "C2");
            assertThat(store.content("C1").toByteArray()).isEqualTo("one".getBytes());
        }
    }

    @Test
    void finishedMessageShouldLeaveTheQueueButStayInTheTrace() throws Exception {
        Instant at = Instant.now();
        try (SqliteMailStore store = open()) {
            store.accept(message("Q2", at), MessageContent.ofBytes("x".getBytes()), List.of(recipient(0, "a@x.test")), List.of());
            store.update(List.of(new RecipientUpdate("Q2", 0, RecipientState.DELIVERED, 1, null, null, "mailbox:a@x.test", false)),
                    List.of(new TraceRecord("Q2", at, "DELIVER", "a@x.test", "{}")), "Q2");
            store.flush();
            assertThat(store.queued()).isEmpty();
            assertThat(store.queued("Q2")).isEmpty();
            assertThat(store.trace(new TraceQuery(null, "SENDER@example.com", "Q2@example.com", at.minusSeconds(1), 5)))
                    .singleElement().satisfies(t -> assertThat(t.events()).extracting(TraceRecord::event).containsExactly("DELIVER"));
        }
    }

    @Test
    void traceShouldMatchWildcardsAndTakePercentAndUnderscoreLiterally() throws Exception {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        try (SqliteMailStore store = open()) {
            store.accept(message("W1", at), MessageContent.ofBytes("x".getBytes()), List.of(recipient(0, "Alice_1@Contoso.test")),
                    List.of());
            store.accept(message("W2", at.plusSeconds(60)), MessageContent.ofBytes("x".getBytes()),
                    List.of(recipient(0, "aliceX1@contoso.test")), List.of());
            store.flush();
            assertThat(ids(store, new TraceQuery("*@CONTOSO.test", null, null, null, 10))).containsExactly("W2", "W1");
            assertThat(ids(store, new TraceQuery("alice_1@*", null, null, null, 10))).as("_ is not a wildcard").containsExactly("W1");
            assertThat(ids(store, new TraceQuery("%@contoso.test", null, null, null, 10))).as("% is not a wildcard").isEmpty();
            assertThat(ids(store, new TraceQuery(null, "sender@*", null, null, 10))).containsExactly("W2", "W1");
            assertThat(ids(store, new TraceQuery("*", null, null, at, at.plusSeconds(60), 0, 10))).as("until is exclusive")
                    .containsExactly("W1");
            assertThat(ids(store, new TraceQuery("*", null, null, null, null, 1, 10))).as("offset").containsExactly("W1");
        }
    }

    private static List<String> ids(SqliteMailStore store, TraceQuery q) throws Exception {
        return store.trace(q).stream().map(t -> t.queueId()).toList();
    }

    @Test
    void deferredRecipientShouldKeepItsAttemptsAndNextAttemptAcrossRestarts() throws Exception {
        Instant next = Instant.parse("2026-11-27T11:00:00Z");
        try (SqliteMailStore store = open()) {
            store.accept(message("Q3", Instant.now()), MessageContent.ofBytes("x".getBytes()), List.of(recipient(0, "a@x.test")),
                    List.of());
            store.update(List.of(new RecipientUpdate("Q3", 0, RecipientState.QUEUED, 2, next, "451 try later", "mailbox:a@x.test", true)),
                    List.of(), null);
        }
        try (SqliteMailStore store = open()) {
            assertThat(store.queued("Q3")).get().satisfies(e -> assertThat(e.recipients().getFirst())
                    .extracting(StoredRecipient::attempts, StoredRecipient::nextAttemptAt, StoredRecipient::lastError,
                            StoredRecipient::delayNotified)
                    .containsExactly(2, next, "451 try later", true));
        }
    }

    @Test
    void concurrentAcceptsShouldAllBeDurableAndShareCommits() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SqliteMailStore store = SqliteMailStore.open(dir, metrics, java.time.Clock.systemUTC());
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "C" + i;
                Callable<Void> accept = () -> {
                    store.accept(message(id, Instant.now()), MessageContent.ofBytes(new byte[4096]), List.of(recipient(0, "a@x.test")),
                            List.of());
                    return null;
                };
                done.add(pool.submit(accept));
            }
            for (Future<Void> f : done) {
                f.get();
            }
            long commits = metrics.get("mailflow_store_commit_seconds").timer().count();
            assertThat(commits).as("group commit: fewer commits than messages").isLessThan(400);
        }
        try (SqliteMailStore store = open()) {
            assertThat(store.queued()).hasSize(400);
        }
    }

    private static long spoolBytes(SimpleMeterRegistry metrics) {
        return (long) metrics.get("mailflow_spool_bytes").gauge().value();
    }

    @Test
    void aCopyARuleChangedShouldStoreItsNewBytesAndReferToTheRestOfTheOriginal() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(4).nextBytes(body);
        try (SqliteMailStore store = SqliteMailStore.open(dir, metrics, java.time.Clock.systemUTC())) {
            var w = store.spool().create(); // as a session writes a large message while it arrives
            w.write(body, 0, body.length);
            MessageContent received = w.finish();
            long afterReceiving = spoolBytes(metrics);
            byte[] header = "Subject: [ext] changed by a rule\r\n".getBytes();
            MessageContent copy = MessageContent.concat(MessageContent.ofBytes(header), received.slice(1000, body.length));
            store.accept(message("R1", Instant.now()), copy, List.of(recipient(0, "a@x.test")), List.of());
            received.release();
            assertThat(spoolBytes(metrics) - afterReceiving).as("only the changed header was written again")
                    .isEqualTo(header.length);
        }
        try (SqliteMailStore store = open()) {
            byte[] read = store.content("R1").toByteArray();
            assertThat(java.util.Arrays.copyOfRange(read, header().length, read.length))
                    .isEqualTo(java.util.Arrays.copyOfRange(body, 1000, body.length));
        }
    }

    private static byte[] header() {
        return "Subject: [ext] changed by a rule\r\n".getBytes();
    }

    @Test
    void aRemovedMessagesSegmentShouldBeDeletedOnceTheRemovalIsDurable() throws Exception {
        Path spool = dir.resolve("spool");
        try (SqliteMailStore store = open()) {
            store.accept(message("D1", Instant.now()), MessageContent.ofBytes(new byte[5000]), List.of(recipient(0, "a@x.test")),
                    List.of());
            assertThat(java.nio.file.Files.list(spool).count()).isEqualTo(1);
            store.update(List.of(new RecipientUpdate("D1", 0, RecipientState.DELIVERED, 1, null, null, "mailbox:a@x.test", false)),
                    List.of(), "D1");
            store.flush(); // the durable commit after the removal
            assertThat(java.nio.file.Files.list(spool).count()).as("the active segment stays until it is full").isEqualTo(1);
        }
        try (SqliteMailStore store = open()) {
            assertThat(java.nio.file.Files.list(spool).count()).as("at the next start, nothing needs it: it goes").isZero();
        }
    }

    @Test
    void aSegmentKeptAliveByAFewQueuedMessagesShouldBeCompactedAndTheirContentKept() throws Exception {
        io.mailflow.testing.ManualClock clock = new io.mailflow.testing.ManualClock();
        Path spool = dir.resolve("spool");
        byte[] kept = new byte[10_000];
        new Random(5).nextBytes(kept);
        try (SqliteMailStore store = SqliteMailStore.open(dir.resolve("store"), spool, dir.resolve("tmp"), new SimpleMeterRegistry(),
                clock, 1024 * 1024)) {
            store.accept(message("K", clock.instant()), MessageContent.ofBytes(kept), List.of(recipient(0, "k@x.test")), List.of());
            for (int i = 0; i < 12; i++) { // fills the first segment and starts a second
                store.accept(message("X" + i, clock.instant()), MessageContent.ofBytes(new byte[100_000]),
                        List.of(recipient(0, "x@x.test")), List.of());
                store.update(List.of(new RecipientUpdate("X" + i, 0, RecipientState.DELIVERED, 1, null, null, "mailbox:x@x.test",
                        false)), List.of(), "X" + i);
            }
            store.flush();
            List<Path> before = java.nio.file.Files.list(spool).sorted().toList();
            assertThat(before).hasSizeGreaterThanOrEqualTo(2);
            assertThat(store.compactOnce()).as("too young to compact").isFalse();

            clock.advance(java.time.Duration.ofMinutes(2));
            assertThat(store.compactOnce()).isTrue();
            store.flush(); // the durable commit after which the old segment may go
            assertThat(before.getFirst()).doesNotExist();
            assertThat(store.content("K").toByteArray()).isEqualTo(kept);
        }
        try (SqliteMailStore store = open()) {
            assertThat(store.content("K").toByteArray()).isEqualTo(kept);
        }
    }

    @Test
    void contentAnEarlierVersionKeptInTheDatabaseShouldStillBeReadAndRemoved() throws Exception {
        byte[] old = "From: old@example.com\r\n\r\nstored by version 0.1 in message_chunk\r\n".getBytes();
        try (SqliteMailStore store = open()) {
            store.accept(message("L1", Instant.now()), MessageContent.ofBytes(new byte[0]), List.of(recipient(0, "a@x.test")),
                    List.of());
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store/mailflow.db"));
                var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM message_content WHERE queue_id = 'L1'"); // as an earlier version wrote it
            try (var insert = c.prepareStatement("INSERT INTO message_chunk (queue_id, seq, data) VALUES ('L1', 0, ?)")) {
                insert.setBytes(1, old);
                insert.executeUpdate();
            }
        }
        try (SqliteMailStore store = open()) {
            assertThat(store.content("L1").toByteArray()).isEqualTo(old);
            store.update(List.of(new RecipientUpdate("L1", 0, RecipientState.DELIVERED, 1, null, null, "mailbox:a@x.test", false)),
                    List.of(), "L1");
            store.flush();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.content("L1"))
                    .isInstanceOf(io.mailflow.store.StoreException.class);
        }
    }

    /** A message received at {@code at} whose one recipient was delivered and which left the queue, with three events. */
    private static void finished(SqliteMailStore store, String id, Instant at) throws Exception {
        store.accept(message(id, at), MessageContent.ofBytes("x".getBytes()), List.of(recipient(0, id + "@x.test")),
                List.of(new TraceRecord(id, at, "RECEIVE", null, "{}"), new TraceRecord(id, at, "ROUTE", id + "@x.test", "{}")));
        store.update(List.of(new RecipientUpdate(id, 0, RecipientState.DELIVERED, 1, null, null, "mailbox:" + id + "@x.test", false)),
                List.of(new TraceRecord(id, at, "DELIVER", id + "@x.test", "{}")), id);
    }

    private static List<String> traced(SqliteMailStore store) throws Exception {
        return store.trace(new TraceQuery(null, null, null, null, 1000)).stream().map(t -> t.queueId()).sorted().toList();
    }

    @Test
    void pruneTraceShouldRemoveTheOldestFinishedMessagesInBatchesAndKeepQueuedAndRecentOnes() throws Exception {
        Instant old = Instant.parse("2026-08-01T00:00:00Z");
        Instant cutoff = Instant.parse("2026-11-01T00:00:00Z");
        try (SqliteMailStore store = open()) {
            for (int i = 0; i < 5; i++) {
                finished(store, "OLD" + i, old.plusSeconds(i));
            }
            finished(store, "NEW", cutoff.plusSeconds(1));
            store.accept(message("WAITING", old), MessageContent.ofBytes("y".getBytes()), List.of(recipient(0, "w@x.test")),
                    List.of(new TraceRecord("WAITING", old, "RECEIVE", null, "{}")));

            // 2 messages, each with its summary, 1 recipient and 3 events: 5 rows a message
            assertThat(store.pruneTrace(cutoff, 2)).isEqualTo(new io.mailflow.store.MailStore.Pruned(2, 10));
            assertThat(traced(store)).containsExactly("NEW", "OLD2", "OLD3", "OLD4", "WAITING");
            assertThat(store.pruneTrace(cutoff, 100)).isEqualTo(new io.mailflow.store.MailStore.Pruned(3, 15));
            assertThat(traced(store)).as("a queued message keeps its trace").containsExactly("NEW", "WAITING");
            assertThat(store.pruneTrace(cutoff, 100).messages()).isZero();
            assertThat(store.queued("WAITING")).isPresent();

            store.update(List.of(new RecipientUpdate("WAITING", 0, RecipientState.FAILED, 1, null, "550 gone", "mailbox:w@x.test",
                    false)), List.of(), "WAITING");
            assertThat(store.pruneTrace(cutoff, 100).messages()).as("gone once it left the queue").isEqualTo(1);
            assertThat(traced(store)).containsExactly("NEW");
        }
    }
}
