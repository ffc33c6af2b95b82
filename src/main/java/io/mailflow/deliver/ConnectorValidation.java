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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

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

    /** One validation run: what every host is checked with. */
    private record Run(OutboundConnector connector, List<String> recipients, ConfigSnapshot cfg, OutboundTls tls, Clock clock) {
        String ourName() {
            return cfg.configuration().server().hostname();
        }
    }

    /** RFC 5322 §3.3 date-time, in UTC. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US)
            .withZone(ZoneOffset.UTC);

    private ConnectorValidation() {
    }

    public static Result validate(OutboundConnector c, List<String> recipients, ConfigSnapshot cfg, Resolver dns, Clock clock)
            throws IOException, java.security.GeneralSecurityException {
        TransportSettings t = cfg.configuration().transport();
        NextHopResolver resolver = new NextHopResolver(dns);
        String trusted = t.trustedCaFile();
        Run run = new Run(c, recipients, cfg, OutboundTls.create(trusted == null ? null : cfg.resolve(trusted)), clock);
        List<HostResult> results = new ArrayList<>();
        if (c.useMxRecord()) {
            for (String domain : recipients.stream().map(r -> EmailAddress.parseLenient(r).domain()).distinct().toList()) {
                results.addAll(check(resolver.mx(domain, t.mxPort()), "MX of " + domain, run));
            }
        } else {
            for (SmartHost h : c.parsedSmartHosts()) {
                results.addAll(check(resolver.smartHosts(List.of(h)), h.toString(), run));
            }
        }
        return new Result(c.name(), clock.instant(), results);
    }

    private static List<HostResult> check(NextHopResolver.Resolution resolution, String label, Run run) {
        return switch (resolution) {
            case NextHopResolver.Resolution.Unroutable u -> List.of(new HostResult(label,
                    List.of(new Step("resolve", false, u.reason()))));
            case NextHopResolver.Resolution.Hosts hosts -> hosts.hosts().stream().map(h -> checkHost(h, run)).toList();
        };
    }

    private static HostResult checkHost(HostCandidate host, Run run) {
        List<Step> steps = new ArrayList<>();
        InetSocketAddress address = host.addresses().getFirst();
        steps.add(new Step("resolve", true, host.addresses().stream().map(a -> a.getAddress().getHostAddress()).toList().toString()));
        TransportSettings t = run.cfg().configuration().transport();
        long start = System.nanoTime();
        try (SmtpClientConnection conn = SmtpClientConnection.open(address,
                host.smartHost() ? t.smartHostConnectTimeout() : t.connectTimeout(), t.replyTimeout())) {
            steps.add(new Step("connect", true, address.getAddress().getHostAddress() + ":" + address.getPort() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms"));
            Reply greeting = conn.read();
            Reply ehlo = conn.command("EHLO " + run.ourName());
            boolean ok = greeting.isPositive() && ehlo.isPositive();
            conn.capabilities = ok ? Capabilities.of(ehlo) : Capabilities.HELO;
            steps.add(new Step("EHLO", ok, ok ? String.join(" ", ehlo.lines().subList(1, ehlo.lines().size()))
                    : greeting.isPositive() ? ehlo.text() : greeting.text()));
            if (!ok || !startTls(conn, host, run, steps)) {
                return new HostResult(host.label(), steps);
            }
            if (run.recipients().isEmpty()) {
                steps.add(new Step("test message", true, "not sent: no --recipient given"));
            } else {
                steps.add(sendTestMessage(conn, run));
            }
            conn.quit();
        } catch (IOException e) {
            steps.add(new Step(steps.size() == 1 ? "connect" : "SMTP", false, e.toString()));
        }
        return new HostResult(host.label(), steps);
    }

    /**
     * STARTTLS as the connector asks; false when validation cannot go on. The step shows the
     * certificate (names, issuer, validity) and what the connector's level checked it against.
     */
    private static boolean startTls(SmtpClientConnection conn, HostCandidate host, Run run, List<Step> steps)
            throws IOException {
        OutboundConnector c = run.connector();
        boolean required = c.requiresTls();
        if (!conn.capabilities.startTls()) {
            steps.add(new Step("STARTTLS", !required, required ? OutboundReplies.TLS_NOT_OFFERED
                    : "not offered; opportunistic TLS sends in plain text"));
            return !required;
        }
        Reply ready = conn.command("STARTTLS");
        if (ready.code() != 220) {
            steps.add(new Step("STARTTLS", !required, required ? OutboundReplies.TLS_REFUSED + ": " + ready.text()
                    : "refused STARTTLS: " + ready.text() + "; opportunistic TLS sends in plain text"));
            return !required;
        }
        SSLContext context = run.tls().context(c.tlsSettings());
        try {
            conn.startTls(context, OutboundTls.parameters(context, host.name()), host.name());
        } catch (IOException e) {
            steps.add(new Step("STARTTLS", false, (required ? OutboundReplies.CERTIFICATE + ": " : "handshake failed: ")
                    + run.tls().failure(e)));
            return false;
        }
        String nameProblem = null;
        try {
            OutboundTls.checkDomain(conn.tls(), c.tlsSettings(), c.tlsDomain(), host.name());
        } catch (SSLException e) {
            nameProblem = e.getMessage();
        }
        steps.add(new Step("STARTTLS", nameProblem == null, conn.tlsText() + " (" + (c.tlsSettings() == null ? "opportunistic"
                : c.tlsSettings()) + "); " + OutboundTls.certificateText(conn.tls()) + "; "
                + run.tls().checksText(c.tlsSettings(), c.tlsDomain(), host.name(), nameProblem)));
        if (nameProblem != null) {
            return false;
        }
        Reply ehlo = conn.command("EHLO " + run.ourName()); // RFC 3207 §4.2: EHLO again, with our own name
        conn.capabilities = ehlo.isPositive() ? Capabilities.of(ehlo) : conn.capabilities;
        return ehlo.isPositive();
    }

    private static Step sendTestMessage(SmtpClientConnection conn, Run run) throws IOException {
        ConfigSnapshot cfg = run.cfg();
        String sender = "connector-validation@" + cfg.defaultDomain().orElse(run.ourName());
        Reply mail = conn.command("MAIL FROM:<" + sender + ">");
        if (!mail.isPositive()) {
            return new Step("test message", false, "MAIL: " + mail.text());
        }
        List<String> refused = new ArrayList<>();
        for (String r : run.recipients()) {
            Reply rcpt = conn.command("RCPT TO:<" + r + ">");
            if (!rcpt.isPositive()) {
                refused.add(r + ": " + rcpt.text());
            }
        }
        if (refused.size() == run.recipients().size()) {
            conn.command("RSET");
            return new Step("test message", false, "every recipient refused: " + refused);
        }
        Reply data = conn.command("DATA");
        if (data.code() != 354) {
            return new Step("test message", false, "DATA: " + data.text());
        }
        conn.writeData(MessageContent.ofBytes(testMessage(run, sender).getBytes(StandardCharsets.UTF_8)));
        Reply end = conn.read(2);
        return new Step("test message", end.isPositive() && refused.isEmpty(), end.text()
                + (refused.isEmpty() ? "" : "; refused: " + refused));
    }

    /** RFC 5322 §3.6: Date and From are required, Message-ID should be there; a receiving filter may insist. */
    private static String testMessage(Run run, String sender) {
        String name = run.connector().name();
        return "From: <" + sender + ">\r\n"
                + "Date: " + DATE.format(run.clock().instant()) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + ".connector-validation@" + run.ourName() + ">\r\n"
                + "Subject: Mailflow connector validation: " + name + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This message checks that connector '" + name + "' can deliver here. No action is needed.\r\n";
    }

    /** Where a connector's last validation is recorded (routing never reads it). */
    public static Path recordFile(ConfigSnapshot cfg, String connector) {
        return cfg.dataDirectory().resolve("connectors").resolve(connector.replaceAll("[^A-Za-z0-9._-]", "_") + ".validation.json");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RECORD_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * Records a validation as the connector's last ({@link #recordFile}); returns the file. Written
     * beside it and renamed over it: a symlink planted at the record's name is replaced, never
     * followed (the CLI often runs as root in a directory the gateway user owns).
     */
    public static Path record(ConfigSnapshot cfg, Result result) throws IOException {
        Path record = recordFile(cfg, result.connector());
        io.mailflow.store.PrivateFiles.createDirectories(record.getParent());
        Path written = java.nio.file.Files.createTempFile(record.getParent(), ".validation-", ".json");
        try {
            java.nio.file.Files.write(written, RECORD_JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
            java.nio.file.Files.move(written, record, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(written);
        }
        return record;
    }
}
