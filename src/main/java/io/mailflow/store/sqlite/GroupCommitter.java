package io.mailflow.store.sqlite;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mailflow.store.spool.SegmentSpool;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer: takes every write handed to it, runs as many as are waiting in one
 * transaction, and commits once. A batch that holds a durable write syncs the spool (the message
 * bytes the batch's rows point at) and then commits with fsync; everyone in the batch shares those
 * two syncs (group commit). Spool segments that removals left unused are deleted only after a
 * durable commit: before it, a crash could bring the removed rows back.
 */
final class GroupCommitter implements AutoCloseable {

    /** One unit of work for the writer. */
    interface Write {
        void apply(Statements statements) throws SQLException;

        /** True when the caller must not go on before the write is on disk. */
        boolean durable();

        /** After the commit that held this write: what it changed in the database is now true (counts may follow). */
        default void committed() {
        }
    }

    private record Pending(Write write, CompletableFuture<Void> done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 512;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** How long unused spool segments may wait for a durable commit before the writer makes one. */
    private static final long RECLAIM_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Connection connection;
    private final Statements statements;
    private final SegmentSpool spool;
    private long lastDurableCommit = System.nanoTime();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private volatile boolean running = true;
    private boolean fullSync = true;

    GroupCommitter(Connection connection, SegmentSpool spool, MeterRegistry metrics) throws SQLException {
        this.connection = connection;
        this.spool = spool;
        this.statements = new Statements(connection, spool);
        connection.setAutoCommit(false);
        this.commitTimer = Timer.builder("mailflow_store_commit_seconds")
                .description("Time to commit one batch of writes, fsync included")
                .publishPercentileHistogram().register(metrics);
        this.batchSize = DistributionSummary.builder("mailflow_store_batch_writes")
                .description("Writes that shared one commit").register(metrics);
        this.thread = Thread.ofPlatform().name("store-writer").daemon(false).start(this::run);
    }

    /** Hands a write over; the future completes when it is committed (and fsynced if durable). */
    CompletableFuture<Void> submit(Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("store is closed"));
            return done;
        }
        Pending pending = new Pending(write, done);
        queue.add(pending);
        if (!running && !thread.isAlive() && queue.remove(pending)) {
            // closed between the check and the add, after the writer had left: nobody would take it
            done.completeExceptionally(new IllegalStateException("store is closed"));
        }
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (spool.hasReclaimable() && System.nanoTime() - lastDurableCommit > RECLAIM_NANOS) {
                        first = new Pending(SqliteWrites.FLUSH, new CompletableFuture<>()); // an idle gateway frees its disk too
                    } else {
                        continue;
                    }
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                lingerForDurableWork(batch);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Nobody waits for a batch of outcome updates, so it may wait a little for more work: every
     * commit rewrites the last page of each table it touches, and fewer, larger commits write far
     * less. A durable write (a client waiting for its 250) ends the wait at once.
     */
    private void lingerForDurableWork(List<Pending> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < MAX_BATCH && batch.stream().noneMatch(p -> p.write().durable())) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void commit(List<Pending> batch) {
        boolean durable = batch.stream().anyMatch(p -> p.write().durable());
        long start = System.nanoTime();
        // Taken before the writes: what they append or point at is never in it.
        SegmentSpool.Reclaim reclaim = durable ? spool.reclaimAfterDurableCommit() : null;
        try {
            setFullSync(durable);
            for (Pending p : batch) {
                p.write().apply(statements);
            }
            commitInOrder(durable);
            commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSize.record(batch.size());
            batch.forEach(p -> p.write().committed());
            if (reclaim != null) {
                reclaim.committed();
            }
            batch.forEach(p -> p.done().complete(null));
        } catch (SQLException | IOException | RuntimeException e) {
            rollback();
            if (reclaim != null) {
                reclaim.abandoned();
            }
            LOG.atWarn().setCause(e).addKeyValue("batch", batch.size()).log("store batch failed; retrying its writes one by one");
            batch.forEach(this::commitAlone);
        }
    }

    /**
     * The spool's bytes first, then the rows that point at them: a crash between the two leaves
     * bytes nobody points at (swept at the next start), never a row pointing at nothing.
     */
    private void commitInOrder(boolean durable) throws SQLException, IOException {
        if (durable) {
            spool.sync();
        }
        connection.commit();
        if (durable) {
            lastDurableCommit = System.nanoTime();
        }
    }

    /** After a failed batch, each write gets its own transaction so one bad write fails alone. */
    private void commitAlone(Pending p) {
        try {
            setFullSync(p.write().durable());
            p.write().apply(statements);
            commitInOrder(p.write().durable());
            p.write().committed();
            p.done().complete(null);
        } catch (SQLException | IOException | RuntimeException e) {
            rollback();
            LOG.atError().setCause(e).log("store write failed");
            p.done().completeExceptionally(e);
        }
    }

    /** WAL + synchronous=FULL fsyncs at commit; NORMAL leaves it to the next FULL commit or checkpoint. */
    private void setFullSync(boolean full) throws SQLException {
        if (full != fullSync) {
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            } finally {
                connection.setAutoCommit(false);
            }
            fullSync = full;
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is unusable; the next batch reports it
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A write handed over as the writer left must not leave its caller waiting forever.
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.done().completeExceptionally(new IllegalStateException("store is closed"));
        }
        statements.close();
    }
}
