package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: stop accepting, finish the transaction in flight, tell idle clients 421, keep the queue. */
class GracefulShutdownIT {

    @TempDir
    Path dir;

    @Test
    void sigtermShouldLetTheTransactionInFlightFinishAndKeepQueuedMail() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR)
                .toAbsolutePath();
        GatewayProcess gw = GatewayProcess.start(config, port);
        try (SmtpTestClient busy = SmtpTestClient.connect("127.0.0.1", port);
                SmtpTestClient idle = SmtpTestClient.connect("127.0.0.1", port)) {
            busy.reply();
            idle.reply();
            idle.command("EHLO idle.example");
            busy.command("EHLO busy.example");
            busy.command("MAIL FROM:<sender@example.com>");
            busy.command("RCPT TO:<alice@contoso.test>");
            busy.command("RCPT TO:<later@fabrikam.test>");
            busy.command("DATA");
            busy.send("Subject: in flight\r\nX-Marker: shutdown\r\n\r\nfirst half\r\n");

            gw.signal("TERM");
            String told = idle.reply();
            assertThat(told).as("idle client is told; gateway log:\n%s", gw.log()).startsWith("421 4.3.2");
            assertThat(SmtpTestClient.connectOrNull(port)).as("no new connections").isNull();

            busy.send("second half\r\n.\r\n");
            String queued = busy.reply();
            assertThat(queued).startsWith("250 2.0.0 OK: queued as");
            assertThat(busy.command("NOOP")).startsWith("421 4.3.2");
            assertThat(gw.waitFor(Duration.ofSeconds(20))).as("128 + SIGTERM, after the shutdown hook ran").isEqualTo(143);
            assertThat(gw.log()).contains("Mailflow gateway stopped");

            var list = GatewayProcess.cli("queue", "list", "--config", config.toString());
            assertThat(list.output()).contains(queued.substring(queued.lastIndexOf(' ') + 1)).contains("later@fabrikam.test");
            assertThat(Files.list(dir.resolve("data/mailboxes/alice@contoso.test/Maildir/new")).count()).isEqualTo(1);
        } finally {
            gw.close();
        }
    }
}
