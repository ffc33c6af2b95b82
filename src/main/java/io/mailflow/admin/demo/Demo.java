package io.mailflow.admin.demo;

import io.mailflow.Gateway;
import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TracedMessage;
import io.mailflow.trace.MessageTrace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The seed article's scenario (S5, S9-S11, S15): contoso.test's MX points at Mailflow, fabrikam.test
 * is an InternalRelay domain whose other mailboxes live on two on-premises servers, and an
 * OnPremises outbound connector lists both as smart hosts.
 */
public final class Demo {

    private final Path dir;
    private final PrintStream out;

    public Demo(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    public boolean run() throws Exception {
        try (SimulatedSmtpServer one = new SimulatedSmtpServer("onprem1.fabrikam.test", 0, null);
                SimulatedSmtpServer two = new SimulatedSmtpServer("onprem2.fabrikam.test", 0, null)) {
            Path config = writeConfig(one.port(), two.port());
            ConfigSnapshot snapshot = ConfigLoader.load(config, 1);
            try (Gateway gw = Gateway.start(snapshot, Clock.systemUTC())) {
                int port = gw.smtpAddresses().getFirst().getPort();
                out.println("Mailflow demo: the article's scenario on this machine (configuration: " + config + ")");
                out.println("  contoso.test   Authoritative; mailbox alice@contoso.test lives here");
                out.println("  fabrikam.test  InternalRelay (S6): its other mailboxes live on-premises");
                out.println("  connector 'To Fabrikam on-premises' (OnPremises) -> smart hosts onprem1 127.0.0.1:" + one.port()
                        + ", onprem2 127.0.0.1:" + two.port() + " (S5, S15)");
                out.println();
                boolean ok = roundRobin(gw, port, one, two) & failover(gw, port, one, two) & permanentFailure(gw, port, one, two);
                out.println(ok ? "Demo finished: every step behaved as the article describes." : "Demo finished with a surprise (see above).");
                return ok;
            }
        }
    }

    private boolean roundRobin(Gateway gw, int port, SimulatedSmtpServer one, SimulatedSmtpServer two) throws Exception {
        out.println("1. Round robin (S9): 6 messages to fabrikam.test users");
        send(port, 6, "rr");
        waitUntil(() -> one.received().size() + two.received().size() == 6);
        out.printf("   onprem1 received %d, onprem2 received %d%n%n", one.received().size(), two.received().size());
        return one.received().size() == 3 && two.received().size() == 3;
    }

    private boolean failover(Gateway gw, int port, SimulatedSmtpServer one, SimulatedSmtpServer two) throws Exception {
        out.println("2. Failover (S10): onprem1 stops answering; 4 more messages");
        one.down();
        int before1 = one.received().size();
        int before2 = two.received().size();
        send(port, 4, "fo");
        waitUntil(() -> two.received().size() - before2 == 4);
        out.printf("   onprem1 received %d, onprem2 received %d: the first attempt on onprem1 was refused and the same"
                + " attempt went on to onprem2; onprem1 is now on the down list%n", one.received().size() - before1,
                two.received().size() - before2);
        printTrace(gw, "fo1@fabrikam.test");
        one.up();
        out.println("   onprem1 is back. After its down time (3s) the load is shared again:");
        Thread.sleep(3_200); // the demo waits out the configured smartHostDownTime so the reader sees it
        int b1 = one.received().size();
        int b2 = two.received().size();
        send(port, 4, "back");
        waitUntil(() -> one.received().size() - b1 + two.received().size() - b2 == 4);
        out.printf("   onprem1 received %d, onprem2 received %d%n%n", one.received().size() - b1, two.received().size() - b2);
        return one.received().size() - before1 == 2 && two.received().size() - before2 == 6;
    }

    private boolean permanentFailure(Gateway gw, int port, SimulatedSmtpServer one, SimulatedSmtpServer two) throws Exception {
        out.println("3. A permanent error (S11): both servers answer 550 5.1.1 for nobody@fabrikam.test");
        one.replyToRecipient("nobody@fabrikam.test", "550 5.1.1 <nobody@fabrikam.test>: User unknown");
        two.replyToRecipient("nobody@fabrikam.test", "550 5.1.1 <nobody@fabrikam.test>: User unknown");
        String reply = DemoClient.send(port, "alice@contoso.test", "nobody@fabrikam.test", "to someone who left");
        out.println("   the gateway accepted it (InternalRelay: it cannot know): " + reply);
        Path maildir = gw.delivery().maildirOf("alice@contoso.test").resolve("new");
        waitUntil(() -> ndrs(maildir).size() == 1);
        long asked = one.recipientsSeen().stream().filter(r -> r.startsWith("nobody")).count()
                + two.recipientsSeen().stream().filter(r -> r.startsWith("nobody")).count();
        out.println("   hosts asked about nobody@fabrikam.test: " + asked + " (no other smart host is tried after a 5xx)");
        String ndr = Files.readString(ndrs(maildir).getFirst(), StandardCharsets.UTF_8);
        out.println("   alice@contoso.test got the non-delivery report at once:");
        ndr.lines().filter(l -> l.startsWith("Subject:")).findFirst().ifPresent(l -> out.println("     " + l));
        ndr.lines().filter(l -> l.startsWith("Action:") || l.startsWith("Status:") || l.startsWith("Remote-MTA:")
                || l.startsWith("Diagnostic-Code:") || l.startsWith("Final-Recipient:")).distinct()
                .forEach(l -> out.println("     " + l));
        printTrace(gw, "nobody@fabrikam.test");
        return asked == 1 && ndr.contains("Status: 5.1.1");
    }

    private static List<Path> ndrs(Path maildir) {
        if (!Files.isDirectory(maildir)) {
            return List.of();
        }
        try (var files = Files.list(maildir)) {
            return files.filter(f -> {
                try {
                    return Files.readString(f).contains("multipart/report");
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void printTrace(Gateway gw, String recipient) throws Exception {
        gw.store().flush();
        List<TracedMessage> found = gw.store().trace(new TraceQuery(recipient, null, null, null, 1));
        out.println("   bin/mailflow trace --recipient " + recipient + ":");
        found.forEach(m -> MessageTrace.format(m).lines().forEach(l -> out.println("     " + l)));
    }

    private void send(int port, int n, String prefix) throws IOException {
        for (int i = 1; i <= n; i++) {
            String r = DemoClient.send(port, "alice@contoso.test", prefix + i + "@fabrikam.test", "demo " + prefix + i);
            if (!r.startsWith("250")) {
                throw new IOException("the gateway refused a demo message: " + r);
            }
        }
    }

    /** Waits for deliveries the gateway makes on its own threads (at most 20 s). */
    private static void waitUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo waited 20 s for a delivery that did not happen");
            }
            Thread.sleep(20); // polling the simulated servers, which have no event to wait on
        }
    }

    private Path writeConfig(int port1, int port2) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("demo.yaml");
        Files.writeString(config, """
                server:
                  hostname: mail.contoso.test
                  dataDirectory: ./data
                  listeners:
                    - name: Demo
                      bind: 127.0.0.1:0
                  admin:
                    bind: 127.0.0.1:0
                  shutdownTimeout: 2s
                acceptedDomains:
                  - domainName: contoso.test
                    domainType: Authoritative
                  - domainName: fabrikam.test
                    domainType: InternalRelay
                mailboxes:
                  - primarySmtpAddress: alice@contoso.test
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d, 127.0.0.1:%d]
                transport:
                  retryIntervals: [10s]
                  smartHostDownTime: 3s
                  smartHostConnectTimeout: 2s
                  connectionIdleTime: 0s
                """.formatted(port1, port2));
        return config;
    }
}
