package io.mailflow.receive;

import io.mailflow.model.SubmissionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user sending limits for authenticated submission, as Exchange Online has them: messages per
 * minute and recipients per day, over sliding windows. Kept in memory: a restart forgives.
 */
final class SubmissionQuota {

    private record Sent(Instant at, int recipients) {
    }

    private final Clock clock;
    private final Map<String, Deque<Sent>> sent = new ConcurrentHashMap<>();

    SubmissionQuota(Clock clock) {
        this.clock = clock;
    }

    /** True when the user may start another message now. */
    boolean mayStartMessage(String user, SubmissionSettings s) {
        Instant minuteAgo = clock.instant().minus(Duration.ofMinutes(1));
        return history(user).stream().filter(x -> x.at().isAfter(minuteAgo)).count() < s.messagesPerMinute();
    }

    /** True when {@code more} recipients stay within the user's daily limit. */
    boolean mayAddRecipients(String user, int more, SubmissionSettings s) {
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        int today = history(user).stream().filter(x -> x.at().isAfter(dayAgo)).mapToInt(Sent::recipients).sum();
        return today + more <= s.recipientsPerDay();
    }

    /** Counts an accepted message. */
    void record(String user, int recipients) {
        Deque<Sent> d = sent.computeIfAbsent(key(user), k -> new ArrayDeque<>());
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        synchronized (d) {
            d.addLast(new Sent(clock.instant(), recipients));
            while (!d.isEmpty() && d.peekFirst().at().isBefore(dayAgo)) {
                d.removeFirst();
            }
        }
    }

    private java.util.List<Sent> history(String user) {
        Deque<Sent> d = sent.get(key(user));
        if (d == null) {
            return java.util.List.of();
        }
        synchronized (d) {
            return java.util.List.copyOf(d);
        }
    }

    private static String key(String user) {
        return user.toLowerCase(Locale.ROOT);
    }
}
