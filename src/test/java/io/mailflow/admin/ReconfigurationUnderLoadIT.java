package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.model.HostPort;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector changed over the API while clients keep sending: nothing acknowledged is lost or
 * delivered twice, every message whose transaction began after the API's 2xx goes by the new
 * version, and the first one reaches the new smart host within a second of the 2xx.
 */
class ReconfigurationUnderLoadIT {

    private static final int CLIENTS = 6;
    private static final Pattern ID = Pattern.compile("X-Load-Id: (\\S+)");

    @TempDir
    Path dir;

    /** A message a client got 250 for, and when its transaction began. */
    private record Acked(String id, long startedNanos) {
    }

    @Test
    void aConnectorChangedUnderLoadShouldLoseNothingAndRouteTheNextMessagesByTheNewVersionAtOnce() throws Exception {
        try (SimulatedSmtpServer oldHost = new SimulatedSmtpServer("old.fabrikam.test", 0, null);
                SimulatedSmtpServer newHost = new SimulatedSmtpServer("new.fabrikam.test", 0, null);
                TestGateway gateway = TestGateway.start(dir, "", TestGateway.DIRECTORY + """
                        outboundConnectors:
                          - name: To Fabrikam
                            connectorType: OnPremises
                            recipientDomains: [fabrikam.test]
                            useMxRecord: false
                            smartHosts: [127.0.0.1:%d]
                        """.formatted(oldHost.port()))) {
            AdminServer admin = new AdminServer(gateway.gateway()).start(HostPort.parse("127.0.0.1:0", -1));
            try {
                List<Acked> acked = java.util.Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < CLIENTS; t++) {
                    int client = t;
                    clients.add(Thread.ofPlatform().start(() -> load(gateway, client, stop, acked)));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= 200);

                HttpResponse<String> changed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(admin.url() + "/api/v1/outboundConnectors/To%20Fabrikam"))
                        .header("Authorization", "Bearer " + admin.token()).header("Content-Type", ObjectRoutes.MERGE_PATCH)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"smartHosts\": [\"127.0.0.1:" + newHost.port() + "\"]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
                while (newHost.received().isEmpty() && System.nanoTime() - answered < 10_000_000_000L) {
                    Thread.onSpinWait();
                }
                long firstRouted = System.nanoTime();
                int ackedAtChange = acked.size();
                await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= ackedAtChange + 200);
                stop.set(true);
                for (Thread c : clients) {
                    c.join();
                }

                await().atMost(Duration.ofSeconds(30)).until(() -> oldHost.received().size() + newHost.received().size() >= acked.size());
                Map<String, Integer> atOld = ids(oldHost);
                Map<String, Integer> atNew = ids(newHost);
                for (Acked a : acked) {
                    int copies = atOld.getOrDefault(a.id(), 0) + atNew.getOrDefault(a.id(), 0);
                    assertThat(copies).as("copies of %s delivered", a.id()).isEqualTo(1);
                    if (a.startedNanos() > answered) {
                        assertThat(atNew).as("%s began after the 2xx: routed by the new version", a.id()).containsKey(a.id());
                    }
                }
                assertThat(oldHost.received().size() + newHost.received().size()).as("nothing unacknowledged, nothing twice")
                        .isEqualTo(acked.size());
                double millis = (firstRouted - answered) / 1e6;
                System.out.printf("reconfiguration under load: %d messages, the first at the new smart host %.1f ms after the API's 200%n",
                        acked.size(), millis);
                assertThat(millis).as("from the API's 2xx to the first message at the new smart host").isLessThan(1000);
            } finally {
                admin.stop();
            }
        }
    }

    private static void load(TestGateway gateway, int client, AtomicBoolean stop, List<Acked> acked) {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO load" + client + ".example.com");
            for (int i = 0; !stop.get(); i++) {
                String id = client + "-" + i;
                long started = System.nanoTime();
                String reply = c.sendMailAfterHelo("carol@example.com", List.of("report@fabrikam.test"),
                        "Subject: load\r\nX-Load-Id: " + id + "\r\n\r\nmessage " + id + "\r\n");
                if (reply.startsWith("250")) {
                    acked.add(new Acked(id, started));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> ids(SimulatedSmtpServer host) {
        Map<String, Integer> ids = new ConcurrentHashMap<>();
        for (SimulatedSmtpServer.Received r : host.received()) {
            Matcher m = ID.matcher(new String(r.content(), StandardCharsets.US_ASCII));
            if (m.find()) {
                ids.merge(m.group(1), 1, Integer::sum);
            }
        }
        return ids;
    }
}
