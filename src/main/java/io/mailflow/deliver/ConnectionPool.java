package io.mailflow.deliver;

import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Idle outbound connections kept for the next message to the same host (Postfix's connection
 * cache): a reused connection saves the connect, greeting, EHLO and TLS handshake. A connection
 * is kept only briefly and for a bounded number of messages.
 */
final class ConnectionPool implements AutoCloseable {

    static final int MAX_TRANSACTIONS = 100;

    private final Map<String, Deque<SmtpClientConnection>> idle = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("smtp-pool-reaper").daemon(true).factory());
    private volatile Duration maxIdle;

    ConnectionPool(Duration maxIdle) {
        this.maxIdle = maxIdle;
        reaper.scheduleWithFixedDelay(this::reap, 1, 1, TimeUnit.SECONDS);
    }

    void maxIdle(Duration d) {
        this.maxIdle = d;
    }

    /** An idle connection for the key that is still fresh, or null. */
    SmtpClientConnection take(String key) {
        Deque<SmtpClientConnection> q = idle.get(key);
        if (q == null) {
            return null;
        }
        for (SmtpClientConnection c = q.pollLast(); c != null; c = q.pollLast()) {
            if (c.isOpen() && c.idleNanos() < maxIdle.toNanos()) {
                return c;
            }
            c.quit();
        }
        return null;
    }

    /** Returns a connection after a completed transaction; it is kept if it may carry more. */
    void give(String key, SmtpClientConnection c) {
        if (maxIdle.isZero() || !c.isOpen() || c.transactions >= MAX_TRANSACTIONS) {
            c.quit();
            return;
        }
        idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addLast(c);
    }

    private void reap() {
        long limit = maxIdle.toNanos();
        for (Deque<SmtpClientConnection> q : idle.values()) {
            for (SmtpClientConnection c : q) {
                if (c.idleNanos() >= limit && q.remove(c)) {
                    Thread.ofVirtual().start(c::quit);
                }
            }
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        idle.values().forEach(q -> q.forEach(SmtpClientConnection::quit));
        idle.clear();
    }
}
