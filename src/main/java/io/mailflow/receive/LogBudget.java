package io.mailflow.receive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many lines each client may put in the log per window: a flood of refusals must not become a
 * flood of log lines. What a client sends past its budget is counted, and once its window has
 * ended the count is reported once. Memory is bounded: past {@code maxClients} clients with an
 * open window, every further client shares one budget (under {@link #OTHERS}), so an attacker from
 * many addresses cannot grow the table.
 */
final class LogBudget {

    /** The shared budget of clients beyond the table's size. */
    static final String OTHERS = "other clients";

    /** Whether a line may be logged, and the report of the client's window that has just ended, if it suppressed any. */
    record Admission(boolean log, Suppressed ended) {
    }

    /** Lines not logged for a client in a window that has ended. */
    record Suppressed(String client, int count, Instant since, Instant until) {
    }

    /** One client's current window; only touched inside the map's compute. */
    private static final class Window {
        final Instant start;
        int logged;
        int suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Clock clock;
    private final int perWindow;
    private final Duration window;
    private final int maxClients;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LogBudget(Clock clock, int perWindow, Duration window, int maxClients) {
        this.clock = clock;
        this.perWindow = perWindow;
        this.window = window;
        this.maxClients = maxClients;
    }

    /** Takes one line of the client's budget, if any is left. */
    Admission admit(String client) {
        Instant now = clock.instant();
        String key = windows.containsKey(client) || windows.size() < maxClients ? client : OTHERS;
        boolean[] log = new boolean[1];
        Suppressed[] ended = new Suppressed[1];
        windows.compute(key, (k, w) -> {
            if (w != null && over(w, now)) {
                ended[0] = report(k, w, now);
                w = null;
            }
            Window current = w == null ? new Window(now) : w;
            log[0] = current.logged < perWindow;
            if (log[0]) {
                current.logged++;
            } else {
                current.suppressed++;
            }
            return current;
        });
        return new Admission(log[0], ended[0]);
    }

    /** Ends every window that is over (or every window, when {@code all}): the reports of those that suppressed lines. */
    List<Suppressed> sweep(boolean all) {
        Instant now = clock.instant();
        List<Suppressed> reports = new ArrayList<>();
        for (String key : windows.keySet()) {
            windows.computeIfPresent(key, (k, w) -> {
                if (!all && !over(w, now)) {
                    return w;
                }
                Suppressed r = report(k, w, now);
                if (r != null) {
                    reports.add(r);
                }
                return null;
            });
        }
        return reports;
    }

    /** Clients with an open window: the budget's memory. */
    int clients() {
        return windows.size();
    }

    private boolean over(Window w, Instant now) {
        return !now.isBefore(w.start.plus(window));
    }

    private Suppressed report(String client, Window w, Instant now) {
        Instant end = w.start.plus(window);
        return w.suppressed == 0 ? null : new Suppressed(client, w.suppressed, w.start, now.isBefore(end) ? now : end);
    }
}
