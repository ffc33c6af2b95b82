package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.receive.Passwords;
import io.mailflow.store.TraceRecord;
import io.mailflow.testing.Processes;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail without Message-ID and Date, sent with swaks: over the Submission listener and through an
 * OnPremises inbound connector it is delivered with both (and the trace names the new Message-ID);
 * from an anonymous internet client it is delivered as it came.
 */
class SubmittedHeadersIT {

    private static final String NO_ID_NO_DATE = "From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\nno Message-ID, no Date\r\n.\r\n";
    private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: (<[0-9A-Z]+\\.[0-9a-f]{12}@mail\\.contoso\\.test>)\r?$");
    private static final Pattern DATE = Pattern.compile("(?m)^Date: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\r?$");

    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Issued server = TestCertificates.newAuthority(dir.resolve("pki")).issue("server", "mail.contoso.test");
        gateway = TestGateway.startYaml(dir.resolve("gw"), TestGateway.serverWithSubmission(server) + """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test, password: '%s'}
                  - {primarySmtpAddress: bob@contoso.test}
                inboundConnectors:
                  - {name: From on-premises apps, connectorType: OnPremises, senderIPAddresses: [127.0.0.2/32]}
                transport:
                  postmasterRecipient: alice@contoso.test
                """.formatted(Passwords.hash("alice-secret".toCharArray())));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static void swaks(String subject, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Processes.tool("swaks"), "--from", "alice@contoso.test", "--to", "bob@contoso.test",
                "--data", NO_ID_NO_DATE.formatted("alice@contoso.test", "bob@contoso.test", subject)));
        cmd.addAll(List.of(options));
        Processes.Result r = Processes.run(dir, 60, cmd);
        assertThat(r.output()).contains("250 2.0.0 OK: queued as");
        assertThat(r.output()).as("swaks sent it as written").doesNotContainPattern("(?m)^ [~-]> (Message-I[dD]|Date):");
    }

    /** The copy delivered into bob's Maildir with this subject. */
    private static String delivered(String subject) {
        await().atMost(Duration.ofSeconds(15)).until(() -> copyOf(subject) != null);
        return copyOf(subject);
    }

    private static String copyOf(String subject) {
        for (Path f : gateway.mailbox("bob@contoso.test")) {
            try {
                String m = Files.readString(f, StandardCharsets.UTF_8);
                if (m.contains("Subject: " + subject)) {
                    return m;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return null;
    }

    private static void assertStampedAndTraced(String message) throws Exception {
        Matcher id = MESSAGE_ID.matcher(message);
        assertThat(id.find()).as(message).isTrue();
        assertThat(message).containsPattern(DATE);
        gateway.gateway().store().flush();
        List<TraceRecord> trace = gateway.awaitTrace("bob@contoso.test", "RECEIVE", "DELIVER");
        assertThat(trace.getFirst().event()).isEqualTo("RECEIVE");
        assertThat(trace.getFirst().detail()).contains("\"messageId\":\"" + id.group(1) + "\"");
    }

    @Test
    void mailSubmittedByAnAuthenticatedUserShouldGetAMessageIdAndADate() throws Exception {
        swaks("submitted", "--server", "127.0.0.1:" + gateway.port("Client Submission"), "--tls", "--auth", "PLAIN",
                "--auth-user", "alice@contoso.test", "--auth-password", "alice-secret");
        assertStampedAndTraced(delivered("submitted"));
    }

    @Test
    void mailFromAnOnPremisesConnectorShouldGetAMessageIdAndADate() throws Exception {
        swaks("from on-premises", "--server", "127.0.0.1:" + gateway.port("Default Frontend"), "--local-interface", "127.0.0.2");
        assertStampedAndTraced(delivered("from on-premises"));
    }

    @Test
    void mailFromAnAnonymousInternetClientShouldStayWithout() throws Exception {
        swaks("from the internet", "--server", "127.0.0.1:" + gateway.port("Default Frontend"));
        String message = delivered("from the internet");
        assertThat(message).doesNotContainPattern("(?mi)^Message-ID:").doesNotContainPattern("(?mi)^Date:");
    }
}
