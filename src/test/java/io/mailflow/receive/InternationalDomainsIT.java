package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Internationalized domains at RCPT with SMTPUTF8, over a real socket: an accepted domain is the
 * domain UTS #46 (non-transitional) says it is, so faß.de is not fass.de and βόλος is not βόλοσ.
 */
class InternationalDomainsIT {

    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir, "", """
                acceptedDomains:
                  - {domainName: faß.de}
                  - {domainName: strasse.test}
                  - {domainName: βόλος.test}
                mailboxes:
                  - {primarySmtpAddress: anna@faß.de}
                  - {primarySmtpAddress: bert@strasse.test}
                  - {primarySmtpAddress: info@βόλος.test}
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** The reply to one RCPT in an SMTPUTF8 transaction from an anonymous client (no relay right). */
    private static String rcpt(String recipient) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            assertThat(c.command("MAIL FROM:<sender@example.com> SMTPUTF8")).startsWith("250");
            return c.command("RCPT TO:<" + recipient + ">");
        }
    }

    @Test
    void sharpSDomainShouldAcceptItsOwnRecipientsAndNotThoseOfTheSsDomain() throws Exception {
        assertThat(rcpt("anna@faß.de")).startsWith("250 2.1.5");
        assertThat(rcpt("anna@FAß.DE")).as("a mixed-case U-label").startsWith("250 2.1.5");
        assertThat(rcpt("anna@xn--fa-hia.de")).as("its A-label").startsWith("250 2.1.5");
        assertThat(rcpt("anna@fass.de")).as("fass.de is another domain, not accepted here").startsWith("550 5.7.64");
    }

    @Test
    void ssDomainShouldNotAcceptTheSharpSDomain() throws Exception {
        assertThat(rcpt("bert@strasse.test")).startsWith("250 2.1.5");
        assertThat(rcpt("bert@straße.test")).startsWith("550 5.7.64");
    }

    @Test
    void finalSigmaShouldNotBeFoldedIntoSigma() throws Exception {
        assertThat(rcpt("info@βόλος.test")).startsWith("250 2.1.5");
        assertThat(rcpt("info@ΒΌΛΟΣ.test")).as("upper case maps to σ, another domain").startsWith("550 5.7.64");
        assertThat(rcpt("info@βόλοσ.test")).startsWith("550 5.7.64");
    }

    @Test
    void joinerWhereContextJForbidsItShouldBeBadRecipientSyntax() throws Exception {
        assertThat(rcpt("anna@fa\u200Dß.de")).isEqualTo("501 5.1.3 Bad recipient address syntax: not a valid domain name:"
                + " a zero-width joiner or non-joiner where RFC 5892 does not allow one (CONTEXTJ)");
        assertThat(rcpt("anna@fa\u200Cß.de")).startsWith("501 5.1.3");
    }

    @Test
    void messageToAMixedCaseULabelShouldReachTheMailbox() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            assertThat(c.command("MAIL FROM:<jörg@bücher.example> SMTPUTF8")).startsWith("250");
            assertThat(c.command("RCPT TO:<Anna@Faß.De>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            assertThat(c.command("From: jörg@bücher.example\r\nTo: Anna@Faß.De\r\nSubject: Grüße\r\n\r\nHallo\r\n."))
                    .startsWith("250 2.0.0");
        }
        gateway.awaitTrace("Anna@xn--fa-hia.de", "DELIVER");
        List<Path> files = gateway.mailbox("anna@xn--fa-hia.de");
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.getFirst(), StandardCharsets.UTF_8)).contains("Subject: Grüße");
    }
}
