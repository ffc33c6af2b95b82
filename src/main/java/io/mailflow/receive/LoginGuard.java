package io.mailflow.receive;

import io.mailflow.model.SubmissionSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Defence against password guessing: every failed login makes the next answer from that IP for
 * that user slower (doubling, capped), and too many failures lock out the IP, or the user from
 * that IP, for a while. An attempt counts as a failure from the moment it is made until its
 * password turns out right. A lockout is never global for a user, so an attacker elsewhere cannot
 * lock the real user out.
 */
final class LoginGuard {

    private static final Duration MAX_DELAY = Duration.ofSeconds(8);
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 100;

    private final Clock clock;
    /** Failure times per IP and per user/IP pair; each deque is only touched inside the map's compute. */
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;

    LoginGuard(Clock clock) {
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(clock.instant());
    }

    /** True when logins from this IP (for this user, if given) are refused for now. */
    boolean lockedOut(InetAddress ip, String user, SubmissionSettings s) {
        Instant now = clock.instant();
        Instant since = now.minus(s.lockoutDuration());
        sweepIfDue(now, since, s.lockoutDuration());
        return recent(ipKey(ip), since) >= s.maxFailuresPerIp()
                || user != null && recent(userKey(ip, user), since) >= s.maxFailuresPerUser();
    }

    /** A login attempt, counted as a failure from before its password is checked until it succeeds. */
    record Attempt(String ipKey, String userKey, Instant at, int userFailures) {
    }

    /**
     * Counts a login attempt before its password is checked, so that a flood is locked out while
     * its first checks still run (checked first, counted after, every parallel attempt would pass).
     * Null when the IP, or the user from that IP, is locked out; nothing is counted then.
     */
    Attempt attempt(InetAddress ip, String user, SubmissionSettings s) {
        Instant now = clock.instant();
        Instant since = now.minus(s.lockoutDuration());
        sweepIfDue(now, since, s.lockoutDuration());
        String ipKey = ipKey(ip);
        String userKey = userKey(ip, user);
        if (addBelow(ipKey, now, since, s.maxFailuresPerIp()) == 0) {
            return null;
        }
        int userFailures = addBelow(userKey, now, since, s.maxFailuresPerUser());
        if (userFailures == 0) {
            remove(ipKey, now);
            return null;
        }
        return new Attempt(ipKey, userKey, now, userFailures);
    }

    /** The password was wrong: the attempt stays counted. Returns how long to wait before answering. */
    Duration failed(Attempt a, SubmissionSettings s) {
        long millis = s.failureDelay().toMillis() << Math.min(a.userFailures() - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
    }

    /** The password was right: the attempt is no failure, and that user's failures from that IP are cleared. */
    void succeeded(Attempt a) {
        remove(a.ipKey(), a.at());
        failures.remove(a.userKey());
    }

    /** The password could not be checked (every check was busy): the attempt is not counted. */
    void withdrawn(Attempt a) {
        remove(a.ipKey(), a.at());
        remove(a.userKey(), a.at());
    }

    /** How many IPs and user/IP pairs are remembered: the guard's memory. */
    int entries() {
        return failures.size();
    }

    /** Adds a failure unless {@code max} are recent already; the count with it, or 0 when not added. */
    private int addBelow(String key, Instant at, Instant since, int max) {
        int[] size = new int[1];
        failures.compute(key, (k, d) -> {
            Deque<Instant> q = d == null ? new ArrayDeque<>() : d;
            prune(q, since);
            if (q.size() < max) {
                q.addLast(at);
                while (q.size() > MAX_REMEMBERED) {
                    q.removeFirst();
                }
                size[0] = q.size();
            }
            return q.isEmpty() ? null : q;
        });
        return size[0];
    }

    private void remove(String key, Instant at) {
        failures.computeIfPresent(key, (k, d) -> {
            d.removeLastOccurrence(at);
            return d.isEmpty() ? null : d;
        });
    }

    /** Failures since the given time; a key left with none is removed, so memory follows recent failures only. */
    private int recent(String key, Instant since) {
        int[] size = new int[1];
        failures.computeIfPresent(key, (k, d) -> {
            prune(d, since);
            size[0] = d.size();
            return d.isEmpty() ? null : d;
        });
        return size[0];
    }

    /**
     * A key that failed once and never comes back is never looked up again: guessing across many
     * user names or addresses would grow the map without bound. A sweep at most once a minute (or
     * once per lockout window, if shorter) forgets every failure older than the window.
     */
    private void sweepIfDue(Instant now, Instant since, Duration window) {
        Instant due = nextSweep.get();
        Duration interval = window.compareTo(MAX_SWEEP_INTERVAL) < 0 ? window : MAX_SWEEP_INTERVAL;
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(interval))) {
            return;
        }
        for (String key : failures.keySet()) {
            recent(key, since);
        }
    }

    private static void prune(Deque<Instant> d, Instant since) {
        while (!d.isEmpty() && d.peekFirst().isBefore(since)) {
            d.removeFirst();
        }
    }

    private static String ipKey(InetAddress ip) {
        return ip.getHostAddress();
    }

    private static String userKey(InetAddress ip, String user) {
        return ip.getHostAddress() + "/" + user.toLowerCase(Locale.ROOT);
    }
}
