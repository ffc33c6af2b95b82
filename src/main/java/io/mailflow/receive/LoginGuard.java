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

/**
 * Defence against password guessing: every failed login makes the next answer from that IP for
 * that user slower (doubling, capped), and too many failures lock out the IP, or the user from
 * that IP, for a while. A lockout is never global for a user, so an attacker elsewhere cannot lock
 * the real user out.
 */
final class LoginGuard {

    private static final Duration MAX_DELAY = Duration.ofSeconds(8);

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginGuard(Clock clock) {
        this.clock = clock;
    }

    /** True when logins from this IP (for this user, if given) are refused for now. */
    boolean lockedOut(InetAddress ip, String user, SubmissionSettings s) {
        Instant since = clock.instant().minus(s.lockoutDuration());
        return recent(ipKey(ip), since) >= s.maxFailuresPerIp()
                || user != null && recent(userKey(ip, user), since) >= s.maxFailuresPerUser();
    }

    /** Records a failure; returns how long to wait before answering it. */
    Duration failure(InetAddress ip, String user, SubmissionSettings s) {
        Instant now = clock.instant();
        add(ipKey(ip), now);
        int n = user == null ? 1 : add(userKey(ip, user), now);
        long millis = s.failureDelay().toMillis() << Math.min(n - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
    }

    /** A successful login clears that user's failures from that IP. */
    void success(InetAddress ip, String user) {
        failures.remove(userKey(ip, user));
    }

    private int add(String key, Instant at) {
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(at);
            while (d.size() > 100) {
                d.removeFirst();
            }
            return d.size();
        }
    }

    private int recent(String key, Instant since) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            while (!d.isEmpty() && d.peekFirst().isBefore(since)) {
                d.removeFirst();
            }
            return d.size();
        }
    }

    private static String ipKey(InetAddress ip) {
        return ip.getHostAddress();
    }

    private static String userKey(InetAddress ip, String user) {
        return ip.getHostAddress() + "/" + user.toLowerCase(Locale.ROOT);
    }
}
