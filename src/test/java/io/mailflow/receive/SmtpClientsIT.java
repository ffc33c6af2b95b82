package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.Processes;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real SMTP clients against a real gateway: Python's smtplib, swaks, Angus Mail, Postfix's smtp-source. */
class SmtpClientsIT {

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued server = certificates.issue("server", "mail.contoso.test");
        String tls = "  tls:\n    certificateFile: " + server.certificateFile() + "\n    privateKeyFile: " + server.keyFile() + "\n";
        gateway = TestGateway.start(dir.resolve("gw"), tls, TestGateway.DIRECTORY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String python(String script) throws Exception {
        Processes.Result r = Processes.run(dir, 60, List.of(Processes.tool("python3"), "-c", script));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    private static String deliveredTo(String mailbox, String marker) {
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.mailbox(mailbox).stream().anyMatch(f -> read(f).contains(marker)));
        return gateway.mailbox(mailbox).stream().map(SmtpClientsIT::read).filter(s -> s.contains(marker)).findFirst().orElseThrow();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void pythonSmtplibShouldDeliverOverStartTlsVerifiedAgainstTheTestCa() throws Exception {
        String out = python("""
                import smtplib, ssl
                ctx = ssl.create_default_context(cafile=%s)
                s = smtplib.SMTP('127.0.0.1', %d, timeout=20)
                s._host = 'mail.contoso.test'   # the name the certificate must carry
                s.ehlo()
                assert s.has_extn('starttls')
                s.starttls(context=ctx)
                s.ehlo()
                print('cert', s.sock.getpeercert()['subject'])
                print('version', s.sock.version())
                s.sendmail('sender@example.com', ['alice@contoso.test'], b'Subject: py-tls\\r\\nX-Marker: smtplib-tls\\r\\n\\r\\nhello over TLS\\r\\n')
                s.quit()
                """.formatted("'" + certificates.caFile() + "'", gateway.smtpPort()));
        assertThat(out).contains("mail.contoso.test").contains("version TLSv1.3");
        String delivered = deliveredTo("alice@contoso.test", "X-Marker: smtplib-tls");
        assertThat(delivered).contains("with ESMTPS (TLSv1.3 cipher TLS_").contains("hello over TLS");
    }

    @Test
    void pythonSmtplibShouldSeeExchangeCodesForUnknownRecipientsAndRelay() throws Exception {
        String out = python("""
                import smtplib
                s = smtplib.SMTP('127.0.0.1', %d, timeout=20)
                s.ehlo()
                s.mail('sender@example.com')
                print('unknown', s.rcpt('nobody@contoso.test'))
                print('relay', s.rcpt('someone@elsewhere.example'))
                print('relaydomain', s.rcpt('anyone@fabrikam.test'))
                print('proxy', s.rcpt('ALICE.Smith@Contoso.TEST'))
                s.quit()
                """.formatted(gateway.smtpPort()));
        assertThat(out).contains("unknown (550, b'5.4.1 Recipient address rejected: Access denied')")
                .contains("relay (550, b'5.7.64 TenantAttribution; Relay Access Denied')")
                .contains("relaydomain (250, b'2.1.5 Recipient OK')")
                .contains("proxy (250, b'2.1.5 Recipient OK')");
    }

    @Test
    void swaksShouldDeliverWithPipeliningTlsAndTwoRecipients() throws Exception {
        Processes.Result r = Processes.run(60, Processes.tool("swaks"), "--server", "127.0.0.1:" + gateway.smtpPort(),
                "--from", "sender@example.com", "--to", "alice@contoso.test,bob@contoso.test", "--pipeline", "--tls",
                "--tls-verify", "--tls-ca-path", certificates.caFile().toString(), "--tls-sni", "mail.contoso.test",
                "--header", "X-Marker: swaks-pipeline", "--helo", "client.example");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("<~  250 2.0.0 OK: queued as");
        assertThat(deliveredTo("alice@contoso.test", "X-Marker: swaks-pipeline")).contains("by mail.contoso.test (Mailflow) with ESMTPS");
        assertThat(deliveredTo("bob@contoso.test", "X-Marker: swaks-pipeline")).contains("Delivered-To: bob@contoso.test");
    }

    @Test
    void angusMailShouldDeliverAMultipartUtf8MessageWithStartTlsRequired() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(gateway.smtpPort()));
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", certificates.clientContext().getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.allow8bitmime", "true");
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("sender@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice.smith@contoso.test"));
        m.setSubject("Grüße aus Köln", "UTF-8");
        m.setHeader("X-Marker", "angus-multipart");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Straße und Brücke\n", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(new byte[] {1, 2, 3, 4}, "application/octet-stream");
        attachment.setFileName("data.bin");
        m.setContent(new MimeMultipart(text, attachment));
        Transport.send(m);
        String delivered = deliveredTo("alice@contoso.test", "X-Marker: angus-multipart");
        assertThat(delivered).contains("with ESMTPS").contains("multipart/mixed").contains("data.bin");
        assertThat(gateway.gateway().store().trace(new io.mailflow.store.TraceQuery("alice.smith@contoso.test", null, null, null, 10)))
                .anySatisfy(t -> assertThat(t.subject()).isEqualTo("Grüße aus Köln"));
    }

    @Test
    void smtpSourceShouldDeliverTwoThousandMessagesOverTwentySessions() throws Exception {
        int before = gateway.mailbox("bob@contoso.test").size();
        Processes.Result r = Processes.run(120, Processes.tool("smtp-source"), "-s", "20", "-m", "2000", "-l", "4096",
                "-f", "load@example.com", "-t", "bob@contoso.test", "-M", "client.example", "127.0.0.1:" + gateway.smtpPort());
        assertThat(r.exitCode()).as(r.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.mailbox("bob@contoso.test").size() - before == 2000);
    }
}
