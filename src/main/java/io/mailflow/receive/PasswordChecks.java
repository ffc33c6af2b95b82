package io.mailflow.receive;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's password checks: at most one per core at a time, on platform threads of their own.
 * A bcrypt check costs a quarter of a second of CPU on purpose; without a bound, fifty parallel
 * AUTH attempts from one address would take every core. They run off the virtual threads because a
 * virtual thread is never preempted: a check would hold one of the carriers (one per core) that
 * every SMTP session shares for its whole length, while the operating system time-slices a
 * platform thread with the carriers.
 */
final class PasswordChecks implements AutoCloseable {

    /** The outcome of one check. */
    enum Verdict { MATCH, MISMATCH, BUSY }

    /** How long an attempt waits for a free check before it is answered 454. */
    private static final Duration WAIT = Duration.ofMillis(50);

    private final Semaphore free;
    private final ExecutorService threads;

    PasswordChecks(int parallel) {
        this.free = new Semaphore(parallel);
        this.threads = Executors.newFixedThreadPool(parallel,
                Thread.ofPlatform().name("password-check-", 0).daemon(true).factory());
    }

    /** One check per core. */
    static PasswordChecks perCore() {
        return new PasswordChecks(Runtime.getRuntime().availableProcessors());
    }

    /** Checks a password against a bcrypt hash (null: no such user, checked against a dummy); BUSY when every check is taken. */
    Verdict check(String hash, char[] password) {
        try {
            if (!free.tryAcquire(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                return Verdict.BUSY;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.BUSY;
        }
        try {
            return threads.submit(() -> Passwords.matches(hash, password)).get() ? Verdict.MATCH : Verdict.MISMATCH;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.BUSY;
        } catch (ExecutionException e) {
            throw new IllegalStateException("password check failed", e.getCause());
        } finally {
            free.release();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
