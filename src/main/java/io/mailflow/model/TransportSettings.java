package io.mailflow.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Queue timing and delivery settings (Exchange's {@code TransportConfig}).
 *
 * @param messageExpiration how long a message may stay queued before it expires with an NDR (default 24h)
 * @param delayNotification age of a still-queued message at which its sender gets a delay notice (default 4h)
 * @param retryIntervals waits between attempts; the last one repeats (default 1m, 5m, 15m, 30m, 60m)
 * @param mxPort TCP port for MX-routed delivery (default 25; labs use another)
 * @param trustedCaFile PEM file of extra CA certificates trusted for outbound certificate validation
 * @param connectTimeout TCP connect timeout for MX hosts (default 30s)
 * @param smartHostConnectTimeout TCP connect timeout for smart hosts, short so a dead host costs little (default 10s)
 * @param replyTimeout how long to wait for one reply of a next hop (default 5m; twice that after the final dot)
 * @param smartHostDownTime how long a smart host that failed at connection level is skipped (default 60s)
 * @param maxConcurrencyPerDestination deliveries at once to one next hop (default 20)
 * @param connectionIdleTime how long an idle outbound connection is kept for reuse (default 5s)
 * @param postmasterRecipient where mail to {@code postmaster@} an accepted domain goes when no
 *        directory object has that address (RFC 5321 §4.5.1): a directory recipient or an external
 *        address (default: the first mailbox's primary address)
 * @param messageTraceRetention how long a message's trace is kept after it was received (default
 *        90d, as Exchange keeps message trace data; at least 1m); a message still queued keeps its trace
 */
public record TransportSettings(Duration messageExpiration, Duration delayNotification, List<Duration> retryIntervals,
        Integer mxPort, String trustedCaFile, Duration connectTimeout, Duration smartHostConnectTimeout,
        Duration replyTimeout, Duration smartHostDownTime, Integer maxConcurrencyPerDestination,
        Duration connectionIdleTime, String postmasterRecipient, Duration messageTraceRetention) {

    /** The shortest trace retention accepted: the trace is pruned in the background, about once per this. */
    public static final Duration MIN_TRACE_RETENTION = Duration.ofMinutes(1);

    public TransportSettings {
        messageExpiration = messageExpiration == null ? Duration.ofHours(24) : messageExpiration;
        delayNotification = delayNotification == null ? Duration.ofHours(4) : delayNotification;
        retryIntervals = retryIntervals == null || retryIntervals.isEmpty()
                ? List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
                        Duration.ofMinutes(60))
                : List.copyOf(retryIntervals);
        mxPort = mxPort == null ? 25 : mxPort;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        smartHostConnectTimeout = smartHostConnectTimeout == null ? Duration.ofSeconds(10) : smartHostConnectTimeout;
        replyTimeout = replyTimeout == null ? Duration.ofMinutes(5) : replyTimeout;
        smartHostDownTime = smartHostDownTime == null ? Duration.ofSeconds(60) : smartHostDownTime;
        maxConcurrencyPerDestination = maxConcurrencyPerDestination == null ? 20 : maxConcurrencyPerDestination;
        connectionIdleTime = connectionIdleTime == null ? Duration.ofSeconds(5) : connectionIdleTime;
        messageTraceRetention = messageTraceRetention == null ? Duration.ofDays(90) : messageTraceRetention;
    }

    public static TransportSettings defaults() {
        return new TransportSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The wait before attempt number {@code attempt + 1}, given that {@code attempt} attempts failed. */
    public Duration retryInterval(int failedAttempts) {
        int i = Math.max(0, Math.min(failedAttempts - 1, retryIntervals.size() - 1));
        return retryIntervals.get(i);
    }

    private static void positive(String field, Duration d, List<ConfigError> errors) {
        if (d.isNegative() || d.isZero()) {
            errors.add(new ConfigError(field, "must be greater than zero"));
        }
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (messageExpiration.isNegative() || messageExpiration.isZero()) {
            errors.add(new ConfigError("messageExpiration", "must be greater than zero"));
        }
        if (delayNotification.isNegative()) {
            errors.add(new ConfigError("delayNotification", "must not be negative"));
        }
        for (int i = 0; i < retryIntervals.size(); i++) {
            if (retryIntervals.get(i).isNegative() || retryIntervals.get(i).isZero()) {
                errors.add(new ConfigError("retryIntervals[" + i + "]", "must be greater than zero"));
            }
        }
        if (mxPort < 1 || mxPort > 65535) {
            errors.add(new ConfigError("mxPort", "must be 1..65535"));
        }
        positive("connectTimeout", connectTimeout, errors);
        positive("smartHostConnectTimeout", smartHostConnectTimeout, errors);
        positive("replyTimeout", replyTimeout, errors);
        if (smartHostDownTime.isNegative()) {
            errors.add(new ConfigError("smartHostDownTime", "must not be negative"));
        }
        if (maxConcurrencyPerDestination < 1) {
            errors.add(new ConfigError("maxConcurrencyPerDestination", "must be at least 1"));
        }
        if (connectionIdleTime.isNegative()) {
            errors.add(new ConfigError("connectionIdleTime", "must not be negative"));
        }
        if (postmasterRecipient != null) {
            try {
                EmailAddress.parse(postmasterRecipient);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("postmasterRecipient", e.getMessage()));
            }
        }
        if (messageTraceRetention.compareTo(MIN_TRACE_RETENTION) < 0) {
            errors.add(new ConfigError("messageTraceRetention", "must be at least 1m"));
        }
        return errors;
    }
}
