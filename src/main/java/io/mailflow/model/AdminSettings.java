package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The administration endpoint: health, Prometheus metrics and the API the CLI uses.
 *
 * @param bind {@code address:port} (default 127.0.0.1:8025); keep it on loopback or a management network
 */
public record AdminSettings(String bind) {

    public AdminSettings {
        bind = bind == null ? "127.0.0.1:8025" : bind;
    }

    public static AdminSettings defaults() {
        return new AdminSettings(null);
    }

    public HostPort bindAddress() {
        return HostPort.parse(bind, -1);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        try {
            IpRange.literal(HostPort.parse(bind, -1).host());
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError("bind", e.getMessage()));
        }
        return errors;
    }
}
