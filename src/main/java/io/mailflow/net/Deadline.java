package io.mailflow.net;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A task that runs once when a deadline passes, unless it is closed first: the bound on a connection's life. */
public final class Deadline implements AutoCloseable {

    private final ScheduledFuture<?> task;

    private Deadline(ScheduledFuture<?> task) {
        this.task = task;
    }

    /**
     * Runs {@code task} on the timer thread once {@code delay} has passed. The task must not block
     * (close a TCP socket, set a flag): every watchdog of the process shares that thread.
     */
    public static Deadline after(Duration delay, Runnable task) {
        return new Deadline(Timer.EXECUTOR.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Cancels the task if it has not run yet. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
