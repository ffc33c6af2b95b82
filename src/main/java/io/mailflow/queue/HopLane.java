package io.mailflow.queue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The deliveries to one next hop: started in the order they were asked for, at most the hop's
 * concurrency limit at a time (Postfix's per-destination queue). A FIFO of our own and not a fair
 * semaphore, because a semaphore orders threads by when they reach {@code acquire()}, which on a
 * busy machine is not the order their deliveries were asked for; a backlog released by a repaired
 * smart host must go out oldest first.
 */
final class HopLane {

    private final IntSupplier limit;
    private final Executor workers;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    /**
     * @param limit read each time a slot could be given, so a reloaded limit applies at once
     */
    HopLane(IntSupplier limit, Executor workers) {
        this.limit = limit;
        this.workers = workers;
    }

    /**
     * Runs {@code work} when a slot is free, then gives the slot back and hands the result to
     * {@code after} (which may submit more work to this lane without waiting for itself).
     */
    <T> void submit(Supplier<T> work, Consumer<T> after) {
        Runnable task = () -> {
            T result;
            try {
                result = work.get();
            } finally {
                finished();
            }
            after.accept(result);
        };
        int max = limit();
        synchronized (this) {
            waiting.addLast(task);
            startWhatFits(max);
        }
    }

    /** Deliveries asked for and not yet started. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void finished() {
        int max = limit();
        synchronized (this) {
            running--;
            startWhatFits(max);
        }
    }

    /** Read outside the lock: it looks at the live configuration. */
    private int limit() {
        return Math.max(1, limit.getAsInt());
    }

    private void startWhatFits(int max) {
        while (running < max && !waiting.isEmpty()) {
            Runnable next = waiting.pollFirst();
            running++;
            try {
                workers.execute(next);
            } catch (RejectedExecutionException shuttingDown) {
                // the gateway is stopping: what has not started stays in the store for the next start
                running--;
                waiting.clear();
                return;
            }
        }
    }
}
