package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling (CVE-2023-51764 family) and STARTTLS injection against the real server: no
 * sequence but CRLF.CRLF ends the data, so no second message can be smuggled in.
 */
class SmugglingIT {

    @TempDir
    static Path dir;
    static TestGateway strict;
    static TestGateway normalizing;

    @BeforeAll
    static void start() throws Exception {
        strict = TestGateway.start(dir.resolve("strict"));
        normalizing = TestGateway.start(dir.resolve("normalizing"), "  normalizeBareLineFeedFrom: [127.0.0.0/8]\n",
                TestGateway.DIRECTORY);
    }

    @AfterAll
    static void stop() {
        strict.close();
        normalizing.close();
    }

    /** A message whose text holds {@code sequence} followed by a complete second transaction. */
    private static String smuggle(String sequence, String marker) {
        return "Subject: first " + marker + "\r\n\r\nbody" + sequence
                + "MAIL FROM:<evil@example.com>\r\nRCPT TO:<bob@contoso.test>\r\nDATA\r\nSubject: smuggled " + marker
                + "\r\n\r\nevil\r\n.\r\n";
    }

    private static String[] sendSmuggling(TestGateway gw, String sequence, String marker) throws Exception {
        try (SmtpTestClient c = gw.connect()) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<sender@example.com>");
            c.command("RCPT TO:<alice@contoso.test>");
            assertThat(c.command("DATA")).startsWith("354");
            c.send(smuggle(sequence, marker));
            String afterData = c.reply();
            String next = c.command("NOOP");
            return new String[] {afterData, next};
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\n.\r\n\n"})
    void strictServerShouldRefuseTheWholeMessageAndDeliverNothing(String sequence) throws Exception {
        String marker = "m" + Math.abs(sequence.hashCode());
        String[] replies = sendSmuggling(strict, sequence, marker);
        assertThat(replies[0]).startsWith("550 5.5.2");
        assertThat(replies[1]).as("exactly one reply for the data; the smuggled commands were never executed")
                .startsWith("250 2.0.0");
        assertThat(contents(strict, "bob@contoso.test")).noneMatch(s -> s.contains(marker));
        assertThat(contents(strict, "alice@contoso.test")).noneMatch(s -> s.contains(marker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n"})
    void normalizingServerShouldKeepOneMessageWithTheTextInside(String sequence) throws Exception {
        String marker = "n" + Math.abs(sequence.hashCode());
        String[] replies = sendSmuggling(normalizing, sequence, marker);
        assertThat(replies[0]).startsWith("250 2.0.0 OK: queued as");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> contents(normalizing, "alice@contoso.test").stream().anyMatch(s -> s.contains("first " + marker)));
        String delivered = contents(normalizing, "alice@contoso.test").stream().filter(s -> s.contains("first " + marker))
                .findFirst().orElseThrow();
        // the sequence is a line holding a dot, inside the one message: each bare LF or CR was
        // stored as CRLF, which the Maildir file has as LF, so no CR is left
        assertThat(delivered).contains("\n.\nMAIL FROM:<evil@example.com>\n").contains("Subject: smuggled " + marker)
                .doesNotContain("\r");
        assertThat(contents(normalizing, "bob@contoso.test")).noneMatch(s -> s.contains(marker));
    }

    @Test
    void bareLineFeedInACommandShouldBeRefusedAndNotExecuted() throws Exception {
        try (SmtpTestClient c = strict.connect()) {
            c.reply();
            assertThat(c.command("EHLO client.example")).startsWith("250");
            c.send("MAIL FROM:<a@example.com>\n");
            assertThat(c.reply()).startsWith("500 5.5.2");
            assertThat(c.command("RCPT TO:<alice@contoso.test>")).as("the bare-LF MAIL never ran").startsWith("503");
        }
    }

    @Test
    void commandsPipelinedBehindStartTlsShouldBeDiscarded() throws Exception {
        try (SmtpTestClient c = strict.connect()) {
            c.reply();
            assertThat(c.command("EHLO client.example")).contains("STARTTLS");
            c.send("STARTTLS\r\nMAIL FROM:<injected@example.com>\r\n");
            assertThat(c.reply()).startsWith("220");
            c.startTls(trustAll(), "mail.contoso.test");
            assertThat(c.command("MAIL FROM:<a@example.com>")).as("TLS starts a new session: EHLO first").startsWith("503");
            assertThat(c.command("EHLO client.example")).startsWith("250").doesNotContain("STARTTLS");
            assertThat(c.command("RCPT TO:<alice@contoso.test>")).as("the injected MAIL was never executed").startsWith("503 5.5.1");
        }
    }

    @Test
    void clientPipeliningPastEhloShouldBeDisconnected() throws Exception {
        try (SmtpTestClient c = strict.connect()) {
            c.reply();
            c.send("EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<alice@contoso.test>\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("554 5.5.0");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void heloClientPipeliningShouldBeDisconnectedButEhloClientMayPipeline() throws Exception {
        try (SmtpTestClient c = strict.connect()) {
            c.reply();
            assertThat(c.command("HELO client.example")).startsWith("250");
            c.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<alice@contoso.test>\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("554 5.5.0");
        }
        try (SmtpTestClient c = strict.connect()) {
            c.reply();
            assertThat(c.command("EHLO client.example")).contains("PIPELINING");
            c.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<alice@contoso.test>\r\nRCPT TO:<bob@contoso.test>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("354");
            c.send("Subject: pipelined\r\n\r\nok\r\n.\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
        }
    }

    static java.util.List<String> contents(TestGateway gw, String mailbox) {
        return gw.mailbox(mailbox).stream().map(f -> {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "";
            }
        }).toList();
    }

    static javax.net.ssl.SSLContext trustAll() throws Exception {
        javax.net.ssl.TrustManager[] all = {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }};
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, all, null);
        return ctx;
    }
}
