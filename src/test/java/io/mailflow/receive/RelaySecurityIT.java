package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Never an open relay: every sender-routing trick from peer-mtas.md (c) 8, from clients with and without a relay right. */
class RelaySecurityIT {

    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String rcptFrom(String clientAddress, String recipient) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom(clientAddress, "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO client.example");
            // a sender in an accepted domain: what an on-premises server needs to relay (Exchange's 2023 rule),
            // and what an outsider forging it must not gain anything by
            assertThat(c.command("MAIL FROM:<app@contoso.test>")).startsWith("250");
            String reply = c.command("RCPT TO:" + recipient);
            assertThat(c.command("NOOP")).as("the server still answers normally").startsWith("250");
            return reply;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<user@external.example>",
        "<USER@EXTERNAL.EXAMPLE>",
        "<user%external.example@contoso.test>",
        "<user%external.example@fabrikam.test>",
        "<@contoso.test:user@external.example>",
        "<@fabrikam.test:user@fabrikam.test>",
        "<\"user@external.example\"@contoso.test>",
        "<\"user@external.example\"@fabrikam.test>",
        "<external.example!user@contoso.test>",
        "<external.example!user@fabrikam.test>",
        "<user@[192.0.2.1]>",
        "<user@xn--mller-kva.example>",
    })
    void untrustedClientShouldNeverRelay(String recipient) throws Exception {
        String reply = rcptFrom("127.0.0.1", recipient);
        assertThat(reply).startsWith("5");
        assertThat(reply).satisfiesAnyOf(r -> assertThat(r).startsWith("550 5.7.64 TenantAttribution; Relay Access Denied"),
                r -> assertThat(r).startsWith("550 5.4.1"), r -> assertThat(r).startsWith("501"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<user@contoso.test.>", "<user@@contoso.test>", "<user@>", "<user contoso.test>", "user@contoso.test"})
    void malformedRecipientShouldGetASyntaxError(String recipient) throws Exception {
        assertThat(rcptFrom("127.0.0.1", recipient)).startsWith("501 5.");
    }

    @Test
    void onPremisesConnectorShouldRelayToAnyDomainButNeverSenderRoutedAddresses() throws Exception {
        assertThat(rcptFrom("127.0.0.2", "<user@external.example>")).startsWith("250 2.1.5");
        assertThat(rcptFrom("127.0.0.2", "<user%other.example@fabrikam.test>")).startsWith("550 5.7.64");
        assertThat(rcptFrom("127.0.0.2", "<@relay.example:user@external.example>")).startsWith("550 5.7.64");
        assertThat(rcptFrom("127.0.0.2", "<\"a@other.example\"@fabrikam.test>")).startsWith("550 5.7.64");
    }

    @Test
    void authoritativeDomainShouldAcceptKnownAddressesInAnyCaseAndRejectUnknownOnes() throws Exception {
        assertThat(rcptFrom("127.0.0.1", "<Alice.Smith@CONTOSO.test>")).startsWith("250 2.1.5");
        assertThat(rcptFrom("127.0.0.1", "<bob@contoso.test>")).startsWith("250 2.1.5");
        assertThat(rcptFrom("127.0.0.1", "<carol@contoso.test>")).isEqualTo("550 5.4.1 Recipient address rejected: Access denied");
        assertThat(rcptFrom("127.0.0.1", "<anyone@fabrikam.test>")).startsWith("250 2.1.5");
    }

    @Test
    void relayedRecipientsShouldStayQueuedAndVisibleWhileTheirNextHopIsDown() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            String reply = c.sendMail("app@contoso.test", java.util.List.of("user@external.example", "alice@contoso.test"),
                    "Subject: mixed\r\n\r\nto a mailbox and outside\r\n");
            assertThat(reply).startsWith("250 2.0.0 OK: queued as ");
            String queueId = reply.substring(reply.lastIndexOf(' ') + 1);
            org.awaitility.Awaitility.await().until(() -> gateway.gateway().queue().list().stream()
                    .anyMatch(e -> e.message().queueId().equals(queueId)
                            && e.recipients().stream().anyMatch(r -> r.address().equals("user@external.example")
                                    && r.state() == io.mailflow.store.RecipientState.QUEUED && r.lastError() != null)
                            && e.recipients().stream().anyMatch(r -> r.address().equals("alice@contoso.test")
                                    && r.state() == io.mailflow.store.RecipientState.DELIVERED)));
        }
    }
}
