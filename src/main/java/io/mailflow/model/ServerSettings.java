package io.mailflow.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the gateway itself runs.
 *
 * @param hostname the name the gateway gives in its greeting, EHLO and Received: headers
 * @param dataDirectory queue, mailboxes, trace and generated keys (default ./data; relative paths
 *        are resolved against the configuration file's directory)
 * @param listeners SMTP listeners (default: one on 127.0.0.1:2525)
 * @param tls the STARTTLS certificate (default: generated, self-signed)
 * @param limits per-client limits
 * @param admin the administration endpoint
 * @param normalizeBareLineFeedFrom client ranges whose bare LF line endings are turned into CRLF
 *        instead of being refused (Postfix's smtpd_forbid_bare_newline_exclusions); end of data is
 *        still only CRLF.CRLF
 * @param shutdownTimeout how long a graceful shutdown waits for sessions and deliveries (default 30s)
 * @param submission limits and login defences for authenticated submission
 * @param lmtpServer {@code host:port} of an LMTP server (e.g. Dovecot) that stores every mailbox without
 *        its own lmtpServer; none = Maildirs under the data directory
 */
public record ServerSettings(String hostname, String dataDirectory, List<Listener> listeners, ServerTls tls,
        Limits limits, AdminSettings admin, List<String> normalizeBareLineFeedFrom, Duration shutdownTimeout,
        SubmissionSettings submission, String lmtpServer) {

    public ServerSettings {
        hostname = hostname == null ? "localhost" : hostname;
        dataDirectory = dataDirectory == null ? "./data" : dataDirectory;
        listeners = listeners == null ? List.of(new Listener("Default Frontend", "127.0.0.1:2525")) : List.copyOf(listeners);
        tls = tls == null ? ServerTls.generated() : tls;
        limits = limits == null ? Limits.defaults() : limits;
        admin = admin == null ? AdminSettings.defaults() : admin;
        normalizeBareLineFeedFrom = normalizeBareLineFeedFrom == null ? List.of() : List.copyOf(normalizeBareLineFeedFrom);
        shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
        submission = submission == null ? SubmissionSettings.defaults() : submission;
    }

    public static ServerSettings defaults() {
        return new ServerSettings(null, null, null, null, null, null, null, null, null, null);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        if (!Domains.isValid(hostname)) {
            errors.add(new ConfigError("hostname", "'" + hostname + "' is not a valid host name"));
        }
        if (dataDirectory.isBlank()) {
            errors.add(new ConfigError("dataDirectory", "must not be empty"));
        }
        if (listeners.isEmpty()) {
            errors.add(new ConfigError("listeners", "needs at least one listener"));
        }
        Set<String> names = new HashSet<>();
        Set<String> binds = new HashSet<>();
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            String path = "listeners[" + i + "]";
            l.validate().forEach(e -> errors.add(e.under(path)));
            if (l.name() != null && !names.add(l.name().toLowerCase(Locale.ROOT))) {
                errors.add(new ConfigError(path + ".name", "'" + l.name() + "' is used by another listener"));
            }
            if (l.bind() != null && !l.bind().endsWith(":0") && !binds.add(l.bind())) {
                errors.add(new ConfigError(path + ".bind", "'" + l.bind() + "' is used by another listener"));
            }
        }
        tls.validate().forEach(e -> errors.add(e.under("tls")));
        limits.validate().forEach(e -> errors.add(e.under("limits")));
        admin.validate().forEach(e -> errors.add(e.under("admin")));
        for (int i = 0; i < normalizeBareLineFeedFrom.size(); i++) {
            try {
                IpRange.parse(normalizeBareLineFeedFrom.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("normalizeBareLineFeedFrom[" + i + "]", e.getMessage()));
            }
        }
        submission.validate().forEach(e -> errors.add(e.under("submission")));
        if (lmtpServer != null) {
            try {
                HostPort.parse(lmtpServer, 24);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError("lmtpServer", e.getMessage()));
            }
        }
        if (shutdownTimeout.isNegative()) {
            errors.add(new ConfigError("shutdownTimeout", "must not be negative"));
        }
        return errors;
    }
}
