package io.mailflow.net;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection when one write to it has not returned for longer than a limit. A socket
 * write has no timeout of its own, and a peer that stops reading would hold the writer forever.
 * Writes and flushes through {@link #guard} are watched; a check every quarter of the limit closes
 * the TCP socket under a write that has taken longer, which makes that write fail. Progress is
 * measured per call: a peer that reads slowly but steadily lets each call return and is not cut off.
 */
public final class WriteWatchdog implements AutoCloseable {

    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final Socket tcp;
    private final long limitNanos;
    private final ScheduledFuture<?> check;
    /** When the write in progress started ({@link System#nanoTime}), or NOT_WRITING. */
    private volatile long writingSince = NOT_WRITING;
    private volatile boolean fired;

    private WriteWatchdog(Socket tcp, Duration limit) {
        this.tcp = tcp;
        this.limitNanos = limit.toNanos();
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(50), limitNanos / 4);
        this.check = Timer.EXECUTOR.scheduleWithFixedDelay(this::check, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts watching writes to a connection.
     *
     * @param tcp the TCP socket of the connection, also when TLS is layered on it: that is what a
     *        stalled write closes (see the package description for why never the TLS socket)
     * @param limit how long one write or flush may take
     */
    public static WriteWatchdog watch(Socket tcp, Duration limit) {
        return new WriteWatchdog(tcp, limit);
    }

    /** A stream whose writes and flushes the watchdog times; wrap the stream that reaches the socket. */
    public OutputStream guard(OutputStream out) {
        return new Guarded(out);
    }

    /** Runs a blocking step that writes on its own (closing a TLS socket sends close_notify) under the same limit. */
    public void during(IoStep step) throws IOException {
        begin();
        try {
            step.run();
        } finally {
            end();
        }
    }

    /** True once a write took too long and the connection was closed for it. */
    public boolean fired() {
        return fired;
    }

    public Duration limit() {
        return Duration.ofNanos(limitNanos);
    }

    /** Stops watching (the connection is closing); does not close anything. */
    @Override
    public void close() {
        check.cancel(false);
    }

    /** A blocking step that may throw IOException. */
    @FunctionalInterface
    public interface IoStep {
        void run() throws IOException;
    }

    private void check() {
        long since = writingSince;
        if (since != NOT_WRITING && System.nanoTime() - since > limitNanos && !fired) {
            fired = true;
            try {
                tcp.close(); // wakes the blocked writer with a SocketException; never waits
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    private void begin() {
        writingSince = System.nanoTime();
    }

    private void end() {
        writingSince = NOT_WRITING;
    }

    private final class Guarded extends FilterOutputStream {

        Guarded(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            begin();
            try {
                out.write(b);
            } finally {
                end();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            begin();
            try {
                out.write(b, off, len);
            } finally {
                end();
            }
        }

        @Override
        public void flush() throws IOException {
            begin();
            try {
                out.flush();
            } finally {
                end();
            }
        }
    }
}
