package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authenticated submission against Python's smtplib and raw sessions: AUTH PLAIN and LOGIN only
 * over TLS (STARTTLS and implicit TLS), own addresses or SendAs only, Exchange's sending limits,
 * and the defences against password guessing.
 */
class SubmissionIT {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued server = ca.issue("server", "mail.contoso.test");
        StringBuilder users = new StringBuilder();
        for (String u : new String[] {"carol", "dave", "erin"}) {
            users.append("  - primarySmtpAddress: ").append(u).append("@contoso.test\n    password: '")
                    .append(Passwords.hash((u + "-secret").toCharArray())).append("'\n");
            if (u.equals("erin")) {
                users.append("    sendAs: [sales@contoso.test]\n");
            }
        }
        String alice = Passwords.hash("alice-secret".toCharArray());
        String bob = Passwords.hash("bob-secret".toCharArray());
        gateway = TestGateway.startYaml(dir.resolve("gw"), """
                server:
                  hostname: mail.contoso.test
                  dataDirectory: ./data
                  listeners:
                    - {name: Default Frontend, bind: '127.0.0.1:0'}
                    - {name: Client Submission, bind: '127.0.0.1:0', type: Submission}
                    - {name: Client Submission TLS, bind: '127.0.0.1:0', type: Submission, tls: Implicit}
                  admin: {bind: '127.0.0.1:0'}
                  shutdownTimeout: 5s
                  tls: {certificateFile: '%s', privateKeyFile: '%s'}
                  submission: {messagesPerMinute: 3, recipientsPerDay: 6, maxFailuresPerIp: 8, maxFailuresPerUser: 3,
                               lockoutDuration: 10m, failureDelay: 200ms}
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - primarySmtpAddress: alice@contoso.test
                    emailAddresses: [alice.smith@contoso.test]
                    password: '%s'
                  - primarySmtpAddress: bob@contoso.test
                    password: '%s'
                %soutboundConnectors:
                  - {name: Unreachable, connectorType: Partner, recipientDomains: ['*'], useMxRecord: false, smartHosts: ['127.0.0.1:1']}
                """.formatted(server.certificateFile(), server.keyFile(), alice, bob, users));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String python(String script) throws Exception {
        Processes.Result r = Processes.run(dir, 90, List.of(Processes.tool("python3"), "-c", script));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    @Test
    void smtplibShouldLogInOverStartTlsAndSendToAnyDomainFromItsOwnAddress() throws Exception {
        String out = python("""
                import smtplib, ssl
                ctx = ssl.create_default_context(cafile='%s')
                s = smtplib.SMTP('127.0.0.1', %d, timeout=20)
                s._host = 'mail.contoso.test'
                s.ehlo()
                print('plain-auth', s.has_extn('auth'))
                s.starttls(context=ctx)
                s.ehlo()
                print('tls-auth', s.esmtp_features.get('auth'))
                s.login('Alice.Smith@contoso.test', 'alice-secret')
                r = s.sendmail('alice.smith@contoso.test', ['someone@external.example', 'bob@contoso.test'],
                               b'Subject: submitted\\r\\n\\r\\nhi\\r\\n')
                print('refused', r)
                s.quit()
                """.formatted(ca.caFile(), gateway.port("Client Submission")));
        assertThat(out).contains("plain-auth False").contains("tls-auth  PLAIN LOGIN").contains("refused {}");
        org.awaitility.Awaitility.await().until(() -> gateway.mailbox("bob@contoso.test").stream()
                .anyMatch(f -> read(f).contains("Subject: submitted")));
        assertThat(gateway.mailbox("bob@contoso.test").stream().map(SubmissionIT::read).filter(m -> m.contains("Subject: submitted")))
                .singleElement().asString().contains("with ESMTPSA");
    }

    @Test
    void smtplibShouldLogInWithLoginOnTheImplicitTlsListener() throws Exception {
        String out = python("""
                import smtplib, ssl
                ctx = ssl.create_default_context(cafile='%s')
                ctx.check_hostname = False
                s = smtplib.SMTP_SSL('127.0.0.1', %d, context=ctx, timeout=20)
                s.ehlo()
                s.user, s.password = 'bob@contoso.test', 'bob-secret'
                print(s.auth('LOGIN', s.auth_login))
                s.sendmail('bob@contoso.test', ['alice@contoso.test'], b'Subject: implicit\\r\\n\\r\\nhi\\r\\n')
                s.quit()
                """.formatted(ca.caFile(), gateway.port("Client Submission TLS")));
        assertThat(out).contains("(235, b'2.7.0 Authentication successful')");
    }

    private static String read(Path f) {
        try {
            return java.nio.file.Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static SmtpTestClient loggedIn(String user, String password) throws Exception {
        SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", gateway.port("Client Submission"));
        c.reply();
        c.command("EHLO client.example");
        c.command("STARTTLS");
        c.startTls(ca.clientContext(), "mail.contoso.test");
        c.command("EHLO client.example");
        String credentials = java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes());
        assertThat(c.command("AUTH PLAIN " + credentials)).startsWith("235");
        return c;
    }

    private static SmtpTestClient encrypted() throws Exception {
        SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", gateway.port("Client Submission"));
        c.reply();
        c.command("EHLO client.example");
        c.command("STARTTLS");
        c.startTls(ca.clientContext(), "mail.contoso.test");
        c.command("EHLO client.example");
        return c;
    }

    @Test
    void authWithAnInitialResponseShouldBePipelinedWithWhatFollows() throws Exception {
        String plain = java.util.Base64.getEncoder().encodeToString("\0alice@contoso.test\0alice-secret".getBytes());
        try (SmtpTestClient c = encrypted()) {
            c.send("AUTH PLAIN " + plain + "\r\nMAIL FROM:<alice@contoso.test>\r\nRCPT TO:<bob@contoso.test>\r\n");
            assertThat(c.reply()).startsWith("235 2.7.0");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
        }
        try (SmtpTestClient c = encrypted()) {
            String user = java.util.Base64.getEncoder().encodeToString("alice@contoso.test".getBytes());
            c.send("AUTH LOGIN\r\n" + user + "\r\n");
            assertThat(c.reply()).as("the challenge").startsWith("334");
            assertThat(c.reply()).as("sent before the challenge: not pipelining").startsWith("554 5.5.0");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aBrokenLineInAnAuthExchangeShouldEndTheExchange() throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        for (String broken : List.of("bare line feed\n", "x".repeat(3000) + "\r\n")) {
            try (SmtpTestClient c = encrypted()) {
                assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
                assertThat(c.command(b64.encodeToString("alice@contoso.test".getBytes()))).isEqualTo("334 UGFzc3dvcmQ6");
                c.send(broken);
                assertThat(c.reply()).startsWith("500 5.5.2");
                assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
                assertThat(c.command(b64.encodeToString("alice-secret".getBytes())))
                        .as("a user name, never the password of the abandoned exchange's user").isEqualTo("334 UGFzc3dvcmQ6");
            }
        }
    }

    @Test
    void aPlainConnectionShouldNeitherOfferNorAcceptAuthAndMailNeedsAuth() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", gateway.port("Client Submission"))) {
            c.reply();
            assertThat(c.command("EHLO client.example")).doesNotContain("AUTH");
            assertThat(c.command("AUTH PLAIN AGFsaWNlQGNvbnRvc28udGVzdABhbGljZS1zZWNyZXQ=")).startsWith("538 5.7.11");
            assertThat(c.command("MAIL FROM:<alice@contoso.test>")).startsWith("530 5.7.0 Authentication required");
        }
        try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO client.example");
            c.command("STARTTLS");
            c.startTls(ca.clientContext(), "mail.contoso.test");
            assertThat(c.command("EHLO client.example")).as("no AUTH on the server-to-server listener").doesNotContain("AUTH");
        }
    }

    @Test
    void aUserShouldSendOnlyFromItsOwnAddressesOrThoseItMaySendAs() throws Exception {
        try (SmtpTestClient c = loggedIn("erin@contoso.test", "erin-secret")) {
            assertThat(c.command("MAIL FROM:<bob@contoso.test>")).isEqualTo(
                    "550 5.7.60 SMTP; Client does not have permissions to send as this sender");
            assertThat(c.command("MAIL FROM:<>")).startsWith("550 5.7.60");
            assertThat(c.command("MAIL FROM:<sales@contoso.test>")).startsWith("250");
            c.command("RSET");
            assertThat(c.command("MAIL FROM:<ERIN@contoso.test> AUTH=erin@contoso.test")).as("AUTH is offered here")
                    .startsWith("250");
        }
    }

    @Test
    void sendingLimitsShouldBeAnsweredWith5_2_2() throws Exception {
        try (SmtpTestClient c = loggedIn("carol@contoso.test", "carol-secret")) {
            List<String> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(c.command("MAIL FROM:<carol@contoso.test>"));
                if (replies.getLast().startsWith("250")) {
                    for (int r = 0; r < 2; r++) {
                        replies.add(c.command("RCPT TO:<r" + i + "x" + r + "@external.example>"));
                    }
                    if (replies.getLast().startsWith("250")) {
                        c.command("DATA");
                        c.send("Subject: quota\r\n\r\nx\r\n.\r\n");
                        replies.add(c.reply());
                    } else {
                        c.command("RSET");
                    }
                }
            }
            assertThat(replies).as("6 recipients a day: the 7th is refused").contains("550 5.2.2 Submission quota exceeded");
            assertThat(replies.stream().filter(r -> r.startsWith("250 2.0.0 OK: queued"))).hasSize(3);
        }
        try (SmtpTestClient c = loggedIn("dave@contoso.test", "dave-secret")) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.sendMailAfterHelo("dave@contoso.test", List.of("bob@contoso.test"), "Subject: m" + i + "\r\n\r\nx\r\n"))
                        .startsWith("250");
            }
            assertThat(c.command("MAIL FROM:<dave@contoso.test>")).as("3 messages a minute").startsWith("550 5.2.2");
        }
    }

    @Test
    void guessingPasswordsShouldBeSlowedAndLockedOutWhileTheRealUserElsewhereStillGetsIn() throws Exception {
        List<Long> millis = new java.util.ArrayList<>();
        List<String> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.9", "127.0.0.1", gateway.port("Client Submission TLS"))) {
                c.startTls(ca.clientContext(), "mail.contoso.test");
                c.reply();
                c.command("EHLO attacker.example");
                String bad = java.util.Base64.getEncoder().encodeToString("\0alice@contoso.test\0guess".getBytes());
                long start = System.nanoTime();
                replies.add(c.command("AUTH PLAIN " + bad));
                millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
        }
        assertThat(replies.subList(0, 3)).allMatch(r -> r.startsWith("535 5.7.8"));
        // failureDelay 200ms doubles per failure; only lower bounds, as a busy machine only adds time
        for (int i = 0; i < 3; i++) {
            assertThat(millis.get(i)).as("failure %d answered after at least %d ms: %s", i + 1, 200 << i, millis).isGreaterThanOrEqualTo(200L << i);
        }
        assertThat(replies.subList(3, 5)).as("locked out after 3 failures").allMatch(r -> r.startsWith("454 4.7.0"));
        try (SmtpTestClient c = loggedIn("alice@contoso.test", "alice-secret")) {
            assertThat(c.command("MAIL FROM:<alice@contoso.test>")).as("the real user from another IP").startsWith("250");
        }
    }
}
