package io.mailflow.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Throttles password guessing on the admin API: after {@value #MAX_FAILURES} failed logins within
 * a minute from one IP, or for one account from anywhere, logins are refused (429) until the
 * oldest failure is a minute old. Per account from anywhere means someone can lock an account
 * out for a minute; the admin API is on a management network and tokens still work, so that is
 * the lesser harm than unlimited guessing from many addresses. An attempt counts as a failure
 * while its password is being checked, so parallel guesses cannot all pass the count.
 */
final class AdminLoginGuard {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Forget stale keys when this many are remembered, so guessing across names cannot grow memory without bound. */
    private static final int SWEEP_AT = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    AdminLoginGuard(Clock clock) {
        this.clock = clock;
    }

    /** An attempt counted as a failure until {@link #succeeded}; null when the IP or account is locked out (nothing counted). */
    synchronized Instant attempt(String ip, String account) {
        Instant now = clock.instant();
        if (recent(ipKey(ip), now) >= MAX_FAILURES || recent(accountKey(account), now) >= MAX_FAILURES) {
            return null;
        }
        if (failures.size() >= SWEEP_AT) {
            Instant since = now.minus(WINDOW);
            failures.values().removeIf(d -> {
                prune(d, since);
                return d.isEmpty();
            });
        }
        failures.computeIfAbsent(ipKey(ip), k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent(accountKey(account), k -> new ArrayDeque<>()).addLast(now);
        return now;
    }

    /** The password was right: the attempt was no failure, and the account's failures are forgotten. */
    synchronized void succeeded(String ip, String account, Instant attempt) {
        Deque<Instant> d = failures.get(ipKey(ip));
        if (d != null) {
            d.removeLastOccurrence(attempt);
        }
        failures.remove(accountKey(account));
    }

    /** The password could not be checked (the check was busy): the attempt is not counted. */
    synchronized void withdrawn(String ip, String account, Instant attempt) {
        for (String key : new String[] {ipKey(ip), accountKey(account)}) {
            Deque<Instant> d = failures.get(key);
            if (d != null) {
                d.removeLastOccurrence(attempt);
            }
        }
    }

    /** Seconds until a locked-out caller may try again. */
    synchronized long retryAfterSeconds(String ip, String account) {
        Instant now = clock.instant();
        Instant oldest = null;
        for (String key : new String[] {ipKey(ip), accountKey(account)}) {
            if (recent(key, now) >= MAX_FAILURES) {
                Instant first = failures.get(key).peekFirst();
                oldest = oldest == null || first.isAfter(oldest) ? first : oldest;
            }
        }
        return oldest == null ? 1 : Math.max(1, Duration.between(now, oldest.plus(WINDOW)).toSeconds() + 1);
    }

    private int recent(String key, Instant now) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return 0;
        }
        prune(d, now.minus(WINDOW));
        if (d.isEmpty()) {
            failures.remove(key);
            return 0;
        }
        return d.size();
    }

    private static void prune(Deque<Instant> d, Instant since) {
        while (!d.isEmpty() && !d.peekFirst().isAfter(since)) {
            d.removeFirst();
        }
    }

    private static String ipKey(String ip) {
        return "ip " + ip;
    }

    private static String accountKey(String account) {
        return "account " + account.toLowerCase(Locale.ROOT);
    }
}
