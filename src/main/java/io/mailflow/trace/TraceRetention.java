package io.mailflow.trace;

import io.mailflow.store.MailStore;
import io.mailflow.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the message trace for {@code transport.messageTraceRetention} (90 days by default, as
 * Exchange keeps message trace data). In the background, once per retention period but at least
 * hourly, the trace of every message received longer ago than that is removed, a few hundred
 * messages per store transaction, so the store's one writer is never held for long and accepts
 * go on between the batches. A message still in the queue keeps its trace until it leaves it.
 * What is old is decided by the injected clock; a reloaded retention applies at the next run.
 */
public final class TraceRetention implements AutoCloseable {

    /** Messages per store transaction: a few thousand rows with their events and recipients. */
    static final int BATCH = 250;
    private static final Duration LONGEST_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(TraceRetention.class);

    private final MailStore store;
    private final Supplier<Duration> retention;
    private final Clock clock;
    private final Counter prunedMessages;
    private final Counter prunedRows;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("trace-retention").daemon(true).factory());
    private volatile boolean closed;

    public TraceRetention(MailStore store, Supplier<Duration> retention, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.prunedMessages = Counter.builder("mailflow_trace_pruned_messages_total")
                .description("Messages whose trace was removed after messageTraceRetention").register(metrics);
        this.prunedRows = Counter.builder("mailflow_trace_pruned_rows_total")
                .description("Trace rows (summaries, recipients, events) removed after messageTraceRetention").register(metrics);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() must not wait for the next run
    }

    /** Starts pruning in the background; the first run comes one interval after the start. */
    public void start() {
        schedule();
    }

    /** How often the trace is pruned: once per retention, at least hourly, so a trace outlives its retention by at most that. */
    static Duration interval(Duration retention) {
        return retention.compareTo(LONGEST_INTERVAL) < 0 ? retention : LONGEST_INTERVAL;
    }

    /** Removes the trace of every message received before now minus the retention; returns how many. */
    public int pruneNow() throws StoreException {
        Instant before = clock.instant().minus(retention.get());
        int messages = 0;
        int rows = 0;
        MailStore.Pruned batch;
        do {
            batch = store.pruneTrace(before, BATCH);
            messages += batch.messages();
            rows += batch.rows();
            prunedMessages.increment(batch.messages());
            prunedRows.increment(batch.rows());
        } while (batch.messages() == BATCH && !closed);
        if (messages > 0) {
            LOG.atInfo().addKeyValue("messages", messages).addKeyValue("rows", rows).addKeyValue("receivedBefore", before)
                    .log("message trace pruned");
        }
        return messages;
    }

    private void schedule() {
        try {
            if (!closed) {
                timer.schedule(this::run, interval(retention.get()).toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            // closed meanwhile: no next run
        }
    }

    private void run() {
        try {
            pruneNow();
        } catch (StoreException | RuntimeException e) {
            if (!closed) {
                LOG.atWarn().setCause(e).log("pruning the message trace failed; trying again at the next run");
            }
        } finally {
            schedule();
        }
    }

    /** Stops pruning; a batch under way is finished first (the store is closed after this). */
    @Override
    public void close() {
        closed = true;
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
