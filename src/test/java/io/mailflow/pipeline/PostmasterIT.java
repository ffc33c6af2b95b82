package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.TraceRecord;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postmaster@ every accepted domain is accepted and delivered to transport.postmasterRecipient
 * (RFC 5321 §4.5.1), sent with swaks; an NDR's From address takes a reply.
 */
class PostmasterIT {

    @TempDir
    static Path dir;
    static SmtpSink onPremises;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        onPremises = SmtpSink.start(dir.resolve("onprem"), GatewayProcess.freePort(), "-f", "RCPT");
        gateway = TestGateway.start(dir.resolve("gw"), "", """
                acceptedDomains:
                  - {domainName: contoso.test, domainType: Authoritative}
                  - {domainName: fabrikam.test, domainType: InternalRelay}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                  - {primarySmtpAddress: hostmaster@contoso.test}
                outboundConnectors:
                  - {name: To Fabrikam on-premises, connectorType: OnPremises, recipientDomains: [fabrikam.test],
                     useMxRecord: false, smartHosts: ['127.0.0.1:%d']}
                transport:
                  postmasterRecipient: hostmaster@contoso.test
                """.formatted(onPremises.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        onPremises.close();
    }

    private static String swaks(String from, String to, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Processes.tool("swaks"), "--server", "127.0.0.1:" + gateway.smtpPort(),
                "--from", from, "--to", to));
        cmd.addAll(List.of(extra));
        return Processes.run(dir, 60, cmd).output();
    }

    private static List<String> mailbox(String address) {
        return gateway.mailbox(address).stream().map(f -> {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void postmasterOfEveryAcceptedDomainShouldReachThePostmasterRecipient() throws Exception {
        assertThat(swaks("someone@example.org", "Postmaster@contoso.test", "--header", "Subject: to contoso's postmaster"))
                .contains("<-  250 2.1.5 Recipient OK").contains("<-  250 2.0.0 OK: queued as");
        assertThat(swaks("someone@example.org", "POSTMASTER@fabrikam.test", "--header", "Subject: to fabrikam's postmaster"))
                .as("InternalRelay too: not relayed to on-premises").contains("<-  250 2.1.5 Recipient OK");
        await().atMost(Duration.ofSeconds(15)).until(() -> mailbox("hostmaster@contoso.test").size() >= 2);
        assertThat(mailbox("hostmaster@contoso.test")).anySatisfy(m -> assertThat(m).contains("Subject: to contoso's postmaster"))
                .anySatisfy(m -> assertThat(m).contains("Subject: to fabrikam's postmaster"));
        assertThat(onPremises.count()).as("the on-premises server never saw fabrikam's postmaster mail").isZero();
        List<TraceRecord> trace = gateway.awaitTrace("Postmaster@contoso.test", "RESOLVE", "DELIVER");
        assertThat(trace).filteredOn(e -> e.event().equals("RESOLVE")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("hostmaster@contoso.test"));
    }

    @Test
    void aReplyToAnNdrShouldBeAcceptedAndReachThePostmasterRecipient() throws Exception {
        assertThat(swaks("alice@contoso.test", "gone@fabrikam.test", "--header", "Subject: to a user who left"))
                .contains("<-  250 2.0.0 OK: queued as");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox("alice@contoso.test").stream().anyMatch(m -> m.contains("Undeliverable")));
        String ndr = mailbox("alice@contoso.test").stream().filter(m -> m.contains("Undeliverable")).findFirst().orElseThrow();
        Matcher from = Pattern.compile("(?m)^From: .*<([^>]+)>").matcher(ndr);
        assertThat(from.find()).as(ndr).isTrue();
        assertThat(from.group(1)).isEqualTo("postmaster@contoso.test");
        assertThat(swaks("alice@contoso.test", from.group(1), "--header", "Subject: Re: Undeliverable"))
                .contains("<-  250 2.1.5 Recipient OK").contains("<-  250 2.0.0 OK: queued as");
        await().atMost(Duration.ofSeconds(15)).until(() -> mailbox("hostmaster@contoso.test").stream()
                .anyMatch(m -> m.contains("Subject: Re: Undeliverable")));
    }
}
