package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The DNS resolvers used for MX and smart-host lookups.
 *
 * @param servers {@code address[:port]} of each resolver; empty = the system's resolvers
 */
public record DnsSettings(List<String> servers) {

    public DnsSettings {
        servers = servers == null ? List.of() : List.copyOf(servers);
    }

    public static DnsSettings defaults() {
        return new DnsSettings(null);
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
