package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestDns;
import io.mailflow.testing.TestGateway;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MX delivery and FQDN smart hosts against a real DNS server (dnsmasq): preference order, implicit
 * MX, null MX (RFC 7505), a domain that does not exist, a failing lookup (4.4.312), and an FQDN
 * smart host (S15).
 */
class MxRoutingIT {

    @TempDir
    static Path dir;
    static TestDns dns;
    static SimulatedSmtpServer mx2;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        int port = GatewayProcess.freePort();
        mx2 = new SimulatedSmtpServer("mx2.example.test", InetAddress.getByName("127.0.0.3"), port, null);
        dns = TestDns.builder().zone("test")
                .mx("example.test", 10, "mx1.example.test").a("mx1.example.test", "127.0.0.2")
                .mx("example.test", 20, "mx2.example.test").a("mx2.example.test", "127.0.0.3")
                .a("implicit.test", "127.0.0.3")
                .nullMx("nullmx.test")
                .a("relay.fabrikam.test", "127.0.0.3")
                .start(dir.resolve("dns"));
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam by name
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: ['relay.fabrikam.test:%d']
                transport:
                  mxPort: %d
                  connectTimeout: 2s
                  retryIntervals: [1h]
                  delayNotification: 0s
                dns:
                  servers: ['%s']
                  timeout: 5s
                """.formatted(port, port, dns.server()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        mx2.close();
        dns.close();
    }

    private static void sendFromOnPremises(String to, String marker) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            assertThat(c.sendMail("alice@contoso.test", List.of(to), "Subject: " + marker + "\r\nX-Marker: " + marker + "\r\n\r\nx\r\n"))
                    .startsWith("250");
        }
    }

    private static List<TraceRecord> events(String recipient) throws Exception {
        gateway.gateway().store().flush();
        return gateway.gateway().store().trace(new TraceQuery(recipient, null, null, null, 1)).getFirst().events();
    }

    private static boolean received(String marker) {
        return mx2.received().stream().anyMatch(m -> new String(m.content(), StandardCharsets.UTF_8).contains("X-Marker: " + marker));
    }

    private static String ndrFor(String recipient) throws Exception {
        Path inbox = gateway.gateway().delivery().maildirOf("alice@contoso.test").resolve("new");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(inbox) && Files.list(inbox)
                .anyMatch(f -> read(f).contains("Final-Recipient: rfc822; " + recipient)));
        return Files.list(inbox).map(MxRoutingIT::read).filter(s -> s.contains("Final-Recipient: rfc822; " + recipient))
                .findFirst().orElseThrow();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void mxHostsShouldBeTriedInPreferenceOrder() throws Exception {
        sendFromOnPremises("user@example.test", "mx-order");
        await().atMost(Duration.ofSeconds(10)).until(() -> received("mx-order"));
        assertThat(events("user@example.test")).filteredOn(e -> e.event().equals("SEND")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("mx2.example.test").contains("\"ip\":\"127.0.0.3\"")
                        .contains("mx1.example.test").contains("4.4.316 Connection refused"));
    }

    @Test
    void aDomainWithoutMxShouldBeDeliveredToItsAddress() throws Exception {
        sendFromOnPremises("user@implicit.test", "implicit");
        await().atMost(Duration.ofSeconds(10)).until(() -> received("implicit"));
    }

    @Test
    void nullMxShouldFailAtOnceWithAnNdr() throws Exception {
        sendFromOnPremises("user@nullmx.test", "nullmx");
        assertThat(ndrFor("user@nullmx.test")).contains("Status: 5.1.10").contains("null MX");
        assertThat(events("user@nullmx.test")).extracting(TraceRecord::event).doesNotContain("DEFER").contains("FAIL");
    }

    @Test
    void aDomainThatDoesNotExistShouldFailWithAnNdr() throws Exception {
        sendFromOnPremises("user@nowhere.test", "nxdomain");
        assertThat(ndrFor("user@nowhere.test")).contains("Status: 5.4.310");
    }

    @Test
    void aFailingLookupShouldDeferWith4_4_312() throws Exception {
        sendFromOnPremises("user@outside.example", "servfail");
        await().atMost(Duration.ofSeconds(10)).until(() -> events("user@outside.example").stream().anyMatch(e -> e.event().equals("DEFER")));
        assertThat(events("user@outside.example")).filteredOn(e -> e.event().equals("DEFER")).first()
                .satisfies(e -> assertThat(e.detail()).contains("450 4.4.312 DNS query failed"));
    }

    @Test
    void S15_aSmartHostGivenByNameShouldBeResolvedAndUsed() throws Exception {
        sendFromOnPremises("bob@fabrikam.test", "fqdn-smarthost");
        await().atMost(Duration.ofSeconds(10)).until(() -> received("fqdn-smarthost"));
        assertThat(events("bob@fabrikam.test")).filteredOn(e -> e.event().equals("SEND")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("relay.fabrikam.test:").contains("\"connector\":\"To Fabrikam by name\""));
    }
}
