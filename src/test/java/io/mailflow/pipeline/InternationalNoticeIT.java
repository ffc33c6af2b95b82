package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.QueuedEntry;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notice to a sender whose address is in UTF-8 must itself travel with SMTPUTF8 (RFC 6531 §3.2). */
class InternationalNoticeIT {

    @TempDir
    Path dir;
    TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anNdrToAUtf8SenderShouldBeQueuedToGoWithSmtpUtf8() throws Exception {
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR + """
                transport:
                  retryIntervals: [1s]
                  messageExpiration: 2s
                  delayNotification: 0s
                """);
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO outside.example");
            assertThat(c.command("MAIL FROM:<jörg@external.example> SMTPUTF8")).startsWith("250");
            assertThat(c.command("RCPT TO:<x@fabrikam.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: Grüße\r\n\r\nHallo\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        // x@fabrikam.test expires (its smart host is unreachable); the NDR waits for the same connector
        await().atMost(Duration.ofSeconds(15)).until(() -> ndr().isPresent());
        assertThat(ndr().orElseThrow().message().attributes()).containsEntry("smtpUtf8", "true")
                .containsEntry("origin", "dsn");
    }

    private Optional<QueuedEntry> ndr() {
        return gateway.gateway().queue().list().stream().filter(e -> e.message().sender().isEmpty())
                .filter(e -> e.recipients().stream().anyMatch(r -> r.address().equals("jörg@external.example"))).findFirst();
    }
}
