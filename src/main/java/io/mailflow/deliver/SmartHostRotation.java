package io.mailflow.deliver;

import io.mailflow.model.SmartHost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin over a connector's smart hosts with a down list (S9, DECISIONS.md): each delivery
 * starts at the next host of the rotation; a host that failed at connection level is skipped for
 * a while, so the survivors share the load evenly (not 66/33) and a dead host costs no time. When
 * every host is down they are all tried anyway, in rotation order.
 */
final class SmartHostRotation {

    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
    private final Map<String, Instant> downUntil = new ConcurrentHashMap<>();

    /** The connector's smart hosts in the order this delivery tries them. */
    List<SmartHost> order(String connector, List<SmartHost> hosts, Instant now) {
        int start = Math.floorMod(next.computeIfAbsent(connector, c -> new AtomicInteger()).getAndIncrement(), hosts.size());
        List<SmartHost> up = new ArrayList<>();
        List<SmartHost> down = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            SmartHost h = hosts.get((start + i) % hosts.size());
            (isDown(h.toString(), now) ? down : up).add(h);
        }
        up.addAll(down);
        return up;
    }

    boolean isDown(String label, Instant now) {
        Instant until = downUntil.get(label);
        if (until != null && !now.isBefore(until)) {
            downUntil.remove(label, until);
            return false;
        }
        return until != null;
    }

    void markDown(String label, Instant until) {
        downUntil.put(label, until);
    }

    void markUp(String label) {
        downUntil.remove(label);
    }
}
