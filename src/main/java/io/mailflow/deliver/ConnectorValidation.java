package io.mailflow.deliver;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.dns.Resolver;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.OutboundConnector;
import io.mailflow.model.SmartHost;
import io.mailflow.model.TransportSettings;
import io.mailflow.smtp.Reply;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Connector validation (S8, S16; Exchange's Validate-OutboundConnector): for each host the
 * connector would use, resolve, connect, EHLO, STARTTLS as the connector requires, and send a
 * test message to the given recipients. A rough check: routing never depends on its result.
 */
public final class ConnectorValidation {

    /** One step's result. */
    public record Step(String name, boolean ok, String detail) {
    }

    /** Every step for one host, named {@code host:port}. */
    public record HostResult(String host, List<Step> steps) {
        public boolean ok() {
            return steps.stream().allMatch(Step::ok);
        }
    }

    /** The whole validation. */
    public record Result(String connector, Instant validatedAt, List<HostResult> hosts) {
        public boolean ok() {
            return !hosts.isEmpty() && hosts.stream().allMatch(HostResult::ok);
        }
    }

    private ConnectorValidation() {
    }

    public static Result validate(OutboundConnector c, List<String> recipients, ConfigSnapshot cfg, Resolver dns, Clock clock)
            throws IOException, java.security.GeneralSecurityException {
        TransportSettings t = cfg.configuration().transport();
        NextHopResolver resolver = new NextHopResolver(dns);
        String trusted = t.trustedCaFile();
        OutboundTls tls = OutboundTls.create(trusted == null ? null : cfg.resolve(trusted));
        List<HostResult> results = new ArrayList<>();
        if (c.useMxRecord()) {
            for (String domain : recipients.stream().map(r -> EmailAddress.parseLenient(r).domain()).distinct().toList()) {
                results.addAll(check(resolver.mx(domain, t.mxPort()), "MX of " + domain, c, recipients, cfg, tls));
            }
        } else {
            for (SmartHost h : c.parsedSmartHosts()) {
                results.addAll(check(resolver.smartHosts(List.of(h)), h.toString(), c, recipients, cfg, tls));
            }
        }
        return new Result(c.name(), clock.instant(), results);
    }

    private static List<HostResult> check(NextHopResolver.Resolution resolution, String label, OutboundConnector c,
            List<String> recipients, ConfigSnapshot cfg, OutboundTls tls) {
        return switch (resolution) {
            case NextHopResolver.Resolution.Unroutable u -> List.of(new HostResult(label,
                    List.of(new Step("resolve", false, u.reason()))));
            case NextHopResolver.Resolution.Hosts hosts -> hosts.hosts().stream()
                    .map(h -> checkHost(h, c, recipients, cfg, tls)).toList();
        };
    }

    private static HostResult checkHost(HostCandidate host, OutboundConnector c, List<String> recipients, ConfigSnapshot cfg,
            OutboundTls tls) {
        List<Step> steps = new ArrayList<>();
        InetSocketAddress address = host.addresses().getFirst();
        steps.add(new Step("resolve", true, host.addresses().stream().map(a -> a.getAddress().getHostAddress()).toList().toString()));
        TransportSettings t = cfg.configuration().transport();
        long start = System.nanoTime();
        try (SmtpClientConnection conn = SmtpClientConnection.open(address,
                host.smartHost() ? t.smartHostConnectTimeout() : t.connectTimeout(), t.replyTimeout())) {
            steps.add(new Step("connect", true, address.getAddress().getHostAddress() + ":" + address.getPort() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms"));
            Reply greeting = conn.read();
            Reply ehlo = conn.command("EHLO " + cfg.configuration().server().hostname());
            boolean ok = greeting.isPositive() && ehlo.isPositive();
            conn.capabilities = ok ? Capabilities.of(ehlo) : Capabilities.HELO;
            steps.add(new Step("EHLO", ok, ok ? String.join(" ", ehlo.lines().subList(1, ehlo.lines().size()))
                    : greeting.isPositive() ? ehlo.text() : greeting.text()));
            if (!ok || !startTls(conn, host, c, tls, steps, cfg.configuration().server().hostname())) {
                return new HostResult(host.label(), steps);
            }
            if (recipients.isEmpty()) {
                steps.add(new Step("test message", true, "not sent: no --recipient given"));
            } else {
                steps.add(sendTestMessage(conn, c, recipients, cfg));
            }
            conn.quit();
        } catch (IOException e) {
            steps.add(new Step(steps.size() == 1 ? "connect" : "SMTP", false, e.toString()));
        }
        return new HostResult(host.label(), steps);
    }

    /** STARTTLS as the connector asks; false when validation cannot go on. */
    private static boolean startTls(SmtpClientConnection conn, HostCandidate host, OutboundConnector c, OutboundTls tls,
            List<Step> steps, String ourName) throws IOException {
        boolean required = c.requiresTls();
        if (!conn.capabilities.startTls()) {
            steps.add(new Step("STARTTLS", !required, required ? OutboundReplies.TLS_NOT_OFFERED
                    : "not offered; opportunistic TLS sends in plain text"));
            return !required;
        }
        Reply ready = conn.command("STARTTLS");
        if (ready.code() != 220) {
            steps.add(new Step("STARTTLS", !required, ready.text()));
            return !required;
        }
        SSLContext context = tls.context(c.tlsSettings());
        try {
            conn.startTls(context, OutboundTls.parameters(context, host.name()), host.name());
            OutboundTls.checkDomain(conn.tls(), c.tlsSettings(), c.tlsDomain(), host.name());
        } catch (IOException e) {
            steps.add(new Step("STARTTLS", false, (required ? OutboundReplies.CERTIFICATE + ": " : "handshake failed: ")
                    + e.getMessage()));
            return false;
        }
        steps.add(new Step("STARTTLS", true, conn.tlsText() + (c.tlsSettings() == null ? " (opportunistic)"
                : " (" + c.tlsSettings() + ")")));
        Reply ehlo = conn.command("EHLO " + ourName); // RFC 3207 §4.2: EHLO again, with our own name
        conn.capabilities = ehlo.isPositive() ? Capabilities.of(ehlo) : conn.capabilities;
        return ehlo.isPositive();
    }

    private static Step sendTestMessage(SmtpClientConnection conn, OutboundConnector c, List<String> recipients, ConfigSnapshot cfg)
            throws IOException {
        String sender = "connector-validation@" + cfg.defaultDomain().orElse(cfg.configuration().server().hostname());
        Reply mail = conn.command("MAIL FROM:<" + sender + ">");
        if (!mail.isPositive()) {
            return new Step("test message", false, "MAIL: " + mail.text());
        }
        List<String> refused = new ArrayList<>();
        for (String r : recipients) {
            Reply rcpt = conn.command("RCPT TO:<" + r + ">");
            if (!rcpt.isPositive()) {
                refused.add(r + ": " + rcpt.text());
            }
        }
        if (refused.size() == recipients.size()) {
            conn.command("RSET");
            return new Step("test message", false, "every recipient refused: " + refused);
        }
        Reply data = conn.command("DATA");
        if (data.code() != 354) {
            return new Step("test message", false, "DATA: " + data.text());
        }
        String text = "From: <" + sender + ">\r\nSubject: Mailflow connector validation: " + c.name()
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This message checks that connector '" + c.name() + "' can deliver here. No action is needed.\r\n";
        conn.writeData(MessageContent.ofBytes(text.getBytes(StandardCharsets.UTF_8)));
        Reply end = conn.read(2);
        return new Step("test message", end.isPositive() && refused.isEmpty(), end.text()
                + (refused.isEmpty() ? "" : "; refused: " + refused));
    }

    /** Where a connector's last validation is recorded (routing never reads it). */
    public static Path recordFile(ConfigSnapshot cfg, String connector) {
        return cfg.dataDirectory().resolve("connectors").resolve(connector.replaceAll("[^A-Za-z0-9._-]", "_") + ".validation.json");
    }
}
