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

    /**
     * One user's last day of accepted messages, oldest first, with their recipients summed as
     * they come and go: checked at every MAIL and RCPT, so no check walks or copies the whole day.
     */
    private static final class Window {
        private final Deque<Sent> sent = new ArrayDeque<>();
        private long recipients;

        synchronized void add(Sent s, Instant dayAgo) {
            sent.addLast(s);
            recipients += s.recipients();
            prune(dayAgo);
        }

        synchronized long recipientsSince(Instant dayAgo) {
            prune(dayAgo);
            return recipients;
        }

        /** Messages since {@code since}, counted from the newest: at most {@code enough} are looked at. */
        synchronized int messagesSince(Instant since, int enough) {
            int n = 0;
            for (var it = sent.descendingIterator(); it.hasNext() && n < enough && it.next().at().isAfter(since); ) {
                n++;
            }
            return n;
        }

        private void prune(Instant dayAgo) {
            while (!sent.isEmpty() && !sent.peekFirst().at().isAfter(dayAgo)) {
                recipients -= sent.removeFirst().recipients();
            }
        }
    }

    private final Clock clock;
    private final Map<String, Window> sent = new ConcurrentHashMap<>();

    SubmissionQuota(Clock clock) {
        this.clock = clock;
    }

    /** True when the user may start another message now. */
    boolean mayStartMessage(String user, SubmissionSettings s) {
        Window w = sent.get(key(user));
        return w == null || w.messagesSince(clock.instant().minus(Duration.ofMinutes(1)), s.messagesPerMinute())
                < s.messagesPerMinute();
    }

    /** True when {@code more} recipients stay within the user's daily limit. */
    boolean mayAddRecipients(String user, int more, SubmissionSettings s) {
        Window w = sent.get(key(user));
        long today = w == null ? 0 : w.recipientsSince(clock.instant().minus(Duration.ofDays(1)));
        return today + more <= s.recipientsPerDay();
    }

    /** Counts an accepted message. */
    void record(String user, int recipients) {
        Instant now = clock.instant();
        sent.computeIfAbsent(key(user), k -> new Window()).add(new Sent(now, recipients), now.minus(Duration.ofDays(1)));
    }

    private static String key(String user) {
        return user.toLowerCase(Locale.ROOT);
    }
}
