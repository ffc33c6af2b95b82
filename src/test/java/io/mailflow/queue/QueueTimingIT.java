package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.AdminServer;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.admin.cli.MailflowCommand;
import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.model.HostPort;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue timing end to end: delay notices, the backlog after a repair, and the administrator's retry and delete. */
class QueueTimingIT {

    @TempDir
    Path dir;
    TestGateway gateway;
    SimulatedSmtpServer host;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private void start(String transport) throws Exception {
        host = new SimulatedSmtpServer("onprem.fabrikam.test", GatewayProcess.freePort(), null);
        host.down();
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                transport:
                %s
                """.formatted(host.port(), transport));
    }

    private String send(String to, String marker) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            String r = c.sendMail("alice@contoso.test", List.of(to), "Subject: " + marker + "\r\nX-Marker: " + marker + "\r\n\r\nx\r\n");
            assertThat(r).startsWith("250");
            return r.substring(r.lastIndexOf(' ') + 1);
        }
    }

    private long notices(String kind) {
        return gateway.mailbox("alice@contoso.test").stream().filter(f -> {
            try {
                return Files.readString(f, StandardCharsets.UTF_8).contains("Subject: " + kind);
            } catch (java.io.IOException e) {
                return false;
            }
        }).count();
    }

    @Test
    void aDelayNoticeShouldGoOutOnceAfterDelayNotification() throws Exception {
        start("  retryIntervals: [300ms]\n  delayNotification: 1s\n  messageExpiration: 1h\n  smartHostDownTime: 0s\n");
        send("late@fabrikam.test", "delayed");
        await().atMost(Duration.ofSeconds(10)).until(() -> notices("Delivery delayed") == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> notices("Delivery delayed") == 1);
        String notice = Files.readString(gateway.mailbox("alice@contoso.test").getFirst(), StandardCharsets.UTF_8);
        assertThat(notice).contains("Action: delayed").contains("Will-Retry-Until:").contains("4.4.316");
    }

    @Test
    void aRepairedSmartHostShouldGetTheBacklogInArrivalOrder() throws Exception {
        start("  retryIntervals: [1h]\n  maxConcurrencyPerDestination: 1\n  delayNotification: 0s\n  smartHostDownTime: 0s\n");
        for (int i = 1; i <= 5; i++) {
            send("user" + i + "@fabrikam.test", "backlog-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.gateway().queue().list().size() == 5
                && gateway.gateway().queue().list().stream().allMatch(e -> e.recipients().getFirst().attempts() == 1));
        host.up();
        send("user6@fabrikam.test", "backlog-6");
        await().atMost(Duration.ofSeconds(10)).until(() -> host.received().size() == 6);
        List<String> order = host.received().stream().map(m -> new String(m.content(), StandardCharsets.UTF_8)
                .replaceAll("(?s).*X-Marker: backlog-(\\d).*", "$1")).toList();
        assertThat(order.stream().filter(s -> !s.equals("6")).toList()).containsExactly("1", "2", "3", "4", "5");
        gateway.awaitQueueEmpty();
    }

    @Test
    void queueRetryAndDeleteShouldActOnTheLiveQueue() throws Exception {
        start("  retryIntervals: [1h]\n  delayNotification: 0s\n  smartHostDownTime: 0s\n");
        AdminServer admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
        try {
            RuntimeFile.write(gateway.gateway().config().dataDirectory(), admin.url(), admin.token());
            String keep = send("keep@fabrikam.test", "retry-me");
            String drop = send("drop@fabrikam.test", "delete-me");
            await().until(() -> gateway.gateway().queue().list().stream().allMatch(e -> e.recipients().getFirst().attempts() == 1));
            String config = gateway.configFile().toString();
            assertThat(MailflowCommand.execute("queue", "delete", drop, "--config", config)).isZero();
            assertThat(MailflowCommand.execute("queue", "delete", drop, "--config", config)).as("already gone").isEqualTo(1);
            host.up();
            assertThat(MailflowCommand.execute("queue", "retry", keep, "--config", config)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> host.received().size() == 1);
            gateway.awaitQueueEmpty();
            assertThat(notices("Undeliverable")).as("Remove-Message sends no NDR").isZero();
            gateway.gateway().store().flush();
            List<TraceRecord> events = gateway.gateway().store().trace(new TraceQuery("drop@fabrikam.test", null, null, null, 1))
                    .getFirst().events();
            assertThat(events).anySatisfy(e -> assertThat(e.detail()).contains("\"action\":\"delete\""));
        } finally {
            admin.stop();
        }
    }
}
