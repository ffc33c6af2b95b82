package io.mailflow.receive;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections, in all and per client IP, against the configured limits. */
final class ConnectionLimiter {

    /** Why a connection was refused. */
    enum Refusal { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_IP }

    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();

    /** Takes a slot for the client and returns null, or returns why not (and takes nothing). */
    Refusal acquire(InetAddress client, int maxTotal, int maxPerIp) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Refusal.MAX_CONNECTIONS;
        }
        int[] count = new int[1];
        perIp.compute(client, (c, n) -> count[0] = n == null ? 1 : n + 1);
        if (count[0] > maxPerIp) {
            release(client);
            return Refusal.MAX_CONNECTIONS_PER_IP;
        }
        return null;
    }

    void release(InetAddress client) {
        total.decrementAndGet();
        perIp.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
    }

    int open() {
        return total.get();
    }
}
