package io.mailflow.testing;

import static org.awaitility.Awaitility.await;

import io.mailflow.Gateway;
import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.deliver.NextHopDelivery;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real gateway running in the test's JVM on free ports, with its data in a temporary directory.
 * The configuration is the contoso/fabrikam example plus whatever the test adds.
 */
public final class TestGateway implements AutoCloseable {

    /** Accepted domains, mailboxes and the on-premises connector used by most tests. */
    public static final String DIRECTORY = """
            acceptedDomains:
              - domainName: contoso.test
                domainType: Authoritative
              - domainName: fabrikam.test
                domainType: InternalRelay
            mailboxes:
              - primarySmtpAddress: alice@contoso.test
                emailAddresses: [alice.smith@contoso.test]
              - primarySmtpAddress: bob@contoso.test
            inboundConnectors:
              - name: From on-premises apps
                connectorType: OnPremises
                senderIPAddresses: [127.0.0.2/32]
            """;

    /**
     * An outbound connector for fabrikam.test and external.example whose only smart host refuses
     * every connection (port 1): mail for them stays queued, deferred, for tests about the queue.
     */
    public static final String UNREACHABLE_CONNECTOR = """
            outboundConnectors:
              - name: Unreachable on-premises
                connectorType: OnPremises
                recipientDomains: [fabrikam.test, external.example]
                useMxRecord: false
                smartHosts: [127.0.0.1:1]
            """;

    private final Path directory;
    private final Path configFile;
    private final Gateway gateway;

    private TestGateway(Path directory, Path configFile, Gateway gateway) {
        this.directory = directory;
        this.configFile = configFile;
        this.gateway = gateway;
    }

    /** Starts a gateway with the default directory and default limits. */
    public static TestGateway start(Path directory) throws Exception {
        return start(directory, "", DIRECTORY);
    }

    /**
     * @param serverExtra YAML lines added under {@code server:} (indented by the caller with 2 spaces)
     * @param rest the rest of the file (accepted domains, mailboxes, ...)
     */
    public static TestGateway start(Path directory, String serverExtra, String rest) throws Exception {
        return start(directory, Clock.systemUTC(), serverExtra, rest);
    }

    /** As {@link #start(Path, String, String)}, on a clock the test drives (e.g. a {@link ManualClock}). */
    public static TestGateway start(Path directory, Clock clock, String serverExtra, String rest) throws Exception {
        Path config = writeConfig(directory, serverExtra, rest);
        ConfigSnapshot snapshot = ConfigLoader.load(config, 1);
        return new TestGateway(directory, config, Gateway.start(snapshot, clock));
    }

    /** Starts a gateway on configuration text written whole by the test. */
    public static TestGateway startYaml(Path directory, String yaml) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve("mailflow.yaml");
        Files.writeString(file, yaml);
        return startFromFile(file);
    }

    /** The port of the listener with this name (listeners bound to port 0 get a free one). */
    public int port(String listener) {
        var listeners = gateway.config().configuration().server().listeners();
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).name().equals(listener)) {
                return gateway.smtpAddresses().get(i).getPort();
            }
        }
        throw new AssertionError("no listener " + listener);
    }

    /** Starts a gateway on a configuration file written by the test. */
    public static TestGateway startFromFile(Path configFile) throws Exception {
        ConfigSnapshot snapshot = ConfigLoader.load(configFile, 1);
        return new TestGateway(configFile.getParent(), configFile, Gateway.start(snapshot, Clock.systemUTC()));
    }

    /**
     * The {@code server:} section of a gateway with a Default Frontend and a Client Submission
     * listener on free ports, STARTTLS with this certificate; the rest of the file follows it.
     */
    public static String serverWithSubmission(TestCertificates.Issued certificate) {
        return """
                server:
                  hostname: mail.contoso.test
                  dataDirectory: ./data
                  listeners:
                    - {name: Default Frontend, bind: '127.0.0.1:0'}
                    - {name: Client Submission, bind: '127.0.0.1:0', type: Submission}
                  admin: {bind: '127.0.0.1:0'}
                  shutdownTimeout: 5s
                  tls: {certificateFile: '%s', privateKeyFile: '%s'}
                """.formatted(certificate.certificateFile(), certificate.keyFile());
    }

    /** Writes a configuration file listening on free ports; returns its path. */
    public static Path writeConfig(Path directory, String serverExtra, String rest) throws IOException {
        return writeConfig(directory, 0, serverExtra, rest);
    }

    /** Writes a configuration file with the SMTP listener on {@code smtpPort} (0 = any free port). */
    public static Path writeConfig(Path directory, int smtpPort, String serverExtra, String rest) throws IOException {
        Files.createDirectories(directory);
        String yaml = "server:\n"
                + "  hostname: mail.contoso.test\n"
                + "  dataDirectory: ./data\n"
                + "  listeners:\n"
                + "    - name: Default Frontend\n"
                + "      bind: 127.0.0.1:" + smtpPort + "\n"
                + "  admin:\n"
                + "    bind: 127.0.0.1:0\n"
                + "  shutdownTimeout: 5s\n"
                + serverExtra
                + rest;
        Path file = directory.resolve("mailflow.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Path configFile() {
        return configFile;
    }

    public Path directory() {
        return directory;
    }

    public int smtpPort() {
        return gateway.smtpAddresses().getFirst().getPort();
    }

    public SmtpTestClient connect() throws IOException {
        return SmtpTestClient.connect("127.0.0.1", smtpPort());
    }

    /** The files delivered into a mailbox's Maildir {@code new/}, sorted by name. */
    public List<Path> mailbox(String primaryAddress) {
        NextHopDelivery delivery = gateway.delivery();
        Path dir = delivery.maildirOf(primaryAddress).resolve("new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trace events of the newest message sent to {@code recipient}, after everything handed to the store is written. */
    public List<TraceRecord> trace(String recipient) throws Exception {
        gateway.store().flush();
        return gateway.store().trace(new TraceQuery(recipient, null, null, null, 1)).getFirst().events();
    }

    /**
     * Waits until the newest message to {@code recipient} has every named event in its trace (a
     * name given twice must occur twice), then returns the trace. Delivery events are written after
     * the peer's reply, so a test that already sees the peer's copy must still wait for them.
     */
    public List<TraceRecord> awaitTrace(String recipient, String... events) {
        Map<String, Long> wanted = Arrays.stream(events).collect(Collectors.groupingBy(e -> e, Collectors.counting()));
        AtomicReference<List<TraceRecord>> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            List<TraceRecord> trace = trace(recipient);
            seen.set(trace);
            return wanted.entrySet().stream().allMatch(w -> trace.stream().filter(r -> r.event().equals(w.getKey())).count() >= w.getValue());
        });
        return seen.get();
    }

    /** Waits until nothing is left in the queue: settling a delivery comes after the peer has the message. */
    public void awaitQueueEmpty() {
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.queue().list().isEmpty());
    }

    @Override
    public void close() {
        gateway.close();
    }
}
