package io.mailflow.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS resolvers used for MX and smart-host lookups.
 *
 * @param servers {@code address[:port]} of each resolver; empty = the system's resolvers
 * @param timeout how long one query may take (default 5s)
 */
public record DnsSettings(List<String> servers, Duration timeout) {

    public DnsSettings {
        servers = servers == null ? List.of() : List.copyOf(servers);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }

    public static DnsSettings defaults() {
        return new DnsSettings(null, null);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            try {
                IpRange.literal(HostPort.parse(servers.get(i), 53).host());
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("servers[" + i + "]", e.getMessage()));
            }
        }
        return errors;
    }
}
