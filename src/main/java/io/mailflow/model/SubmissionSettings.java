package io.mailflow.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits for authenticated submission (Exchange Online's sending limits, exchange-mailflow.md §8)
 * and the defences against password guessing.
 *
 * @param messagesPerMinute messages one user may submit per minute (default 30)
 * @param recipientsPerDay recipients one user may address per day (default 10,000)
 * @param maxFailuresPerIp failed logins from one IP before it is locked out (default 10)
 * @param maxFailuresPerUser failed logins for one user from one IP before that pair is locked out (default 5)
 * @param lockoutDuration how long a lockout lasts (default 15m)
 * @param failureDelay the first wait before answering a failed login; it doubles with each failure (default 500ms)
 */
public record SubmissionSettings(Integer messagesPerMinute, Integer recipientsPerDay, Integer maxFailuresPerIp,
        Integer maxFailuresPerUser, Duration lockoutDuration, Duration failureDelay) {

    public SubmissionSettings {
        messagesPerMinute = messagesPerMinute == null ? 30 : messagesPerMinute;
        recipientsPerDay = recipientsPerDay == null ? 10_000 : recipientsPerDay;
        maxFailuresPerIp = maxFailuresPerIp == null ? 10 : maxFailuresPerIp;
        maxFailuresPerUser = maxFailuresPerUser == null ? 5 : maxFailuresPerUser;
        lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(15) : lockoutDuration;
        failureDelay = failureDelay == null ? Duration.ofMillis(500) : failureDelay;
    }

    public static SubmissionSettings defaults() {
        return new SubmissionSettings(null, null, null, null, null, null);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        for (Object[] f : new Object[][] {{"messagesPerMinute", messagesPerMinute}, {"recipientsPerDay", recipientsPerDay},
                {"maxFailuresPerIp", maxFailuresPerIp}, {"maxFailuresPerUser", maxFailuresPerUser}}) {
            if ((Integer) f[1] < 1) {
                errors.add(new ConfigError((String) f[0], "must be at least 1"));
            }
        }
        if (lockoutDuration.isNegative() || failureDelay.isNegative()) {
            errors.add(new ConfigError(lockoutDuration.isNegative() ? "lockoutDuration" : "failureDelay", "must not be negative"));
        }
        return errors;
    }
}
