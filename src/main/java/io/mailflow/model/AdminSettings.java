package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The administration endpoint: health, Prometheus metrics and the API the CLI uses.
 *
 * @param bind {@code address:port} (default 127.0.0.1:8025); keep it on loopback or a management network
 * @param tls serve HTTPS with the gateway's certificate (default false); required to bind anything but loopback,
 *     since every request carries a token or a password
 */
public record AdminSettings(String bind, Boolean tls) {

    public AdminSettings {
        bind = bind == null ? "127.0.0.1:8025" : bind;
        tls = tls != null && tls;
    }

    public static AdminSettings defaults() {
        return new AdminSettings(null, null);
    }

    public HostPort bindAddress() {
        return HostPort.parse(bind, -1);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        try {
            java.net.InetAddress address = IpRange.literal(HostPort.parse(bind, -1).host());
            if (!tls && !address.isLoopbackAddress()) {
                errors.add(new ConfigError("bind", bind + " is not a loopback address, and without TLS every token and password"
                        + " would cross the network in clear: set server.admin.tls: true, or bind 127.0.0.1"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError("bind", e.getMessage()));
        }
        return errors;
    }
}
