package io.mailflow.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP listener (Exchange's receive connector endpoint).
 *
 * @param name unique name, shown in logs and the trace
 * @param bind {@code address:port} to listen on; port 0 picks a free port (tests)
 * @param type Smtp (default) or Submission
 * @param tls StartTls (default) or Implicit
 */
public record Listener(String name, String bind, ListenerType type, ListenerTls tls) {

    public Listener {
        type = type == null ? ListenerType.Smtp : type;
        tls = tls == null ? ListenerTls.StartTls : tls;
    }

    public Listener(String name, String bind) {
        this(name, bind, null, null);
    }

    /** The parsed bind address; only call on a valid listener. */
    public HostPort bindAddress() {
        return HostPort.parse(bind, -1);
    }

    public boolean isSubmission() {
        return type == ListenerType.Submission;
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(new ConfigError("name", "is required"));
        }
        if (bind == null) {
            errors.add(new ConfigError("bind", "is required (address:port)"));
        } else {
            try {
                IpRange.literal(HostPort.parse(bind, -1).host());
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("bind", e.getMessage() + " (write an IP address and port, e.g. 127.0.0.1:2525)"));
            }
        }
        return errors;
    }
}
