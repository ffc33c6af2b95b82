package io.mailflow.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One mail exchanger of a domain.
 *
 * @param preference the MX preference, 0..65535; lower is tried first
 * @param host the exchanger's name, lower case and without a trailing dot (an IP literal when a
 *     misconfigured domain names one; {@link Resolver#addresses} accepts it as it is)
 */
public record MxHost(int preference, String host) {

    public MxHost {
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference must be 0..65535: " + preference);
        }
        Objects.requireNonNull(host, "host");
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("MX host must not be empty or the root");
        }
    }
}
