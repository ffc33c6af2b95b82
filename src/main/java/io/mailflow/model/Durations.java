package io.mailflow.model;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as written in the configuration: {@code 30s}, {@code 5m}, {@code 4h}, {@code 1d}, and
 * {@code 250ms} for tests and labs.
 */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String[][] units = {{"ms", "MILLIS"}, {"s", "SECONDS"}, {"m", "MINUTES"}, {"h", "HOURS"}, {"d", "DAYS"}};
        for (String[] unit : units) {
            if (t.endsWith(unit[0])) {
                String number = t.substring(0, t.length() - unit[0].length()).strip();
                if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
                    long n = Long.parseLong(number);
                    return switch (unit[1]) {
                        case "MILLIS" -> Duration.ofMillis(n);
                        case "SECONDS" -> Duration.ofSeconds(n);
                        case "MINUTES" -> Duration.ofMinutes(n);
                        case "HOURS" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
            }
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (use a number with s, m, h or d, e.g. 5m)");
    }

    /** The shortest configuration text for a duration, e.g. {@code 24h} or {@code 90s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        long[] factors = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < factors.length; i++) {
            if (ms >= factors[i] && ms % factors[i] == 0) {
                return ms / factors[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
