package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability a test can see: under {@code strace -f}, between reading the last byte of a
 * message's data from the client and writing its {@code 250}, the gateway syncs the spool segment
 * that holds the message's bytes and then fsyncs the store's index (SQLite's WAL with
 * {@code synchronous=FULL}), in that order: rows never point at bytes that are not durable. Every
 * other test would pass if the accept path stopped syncing; this one fails.
 */
class DurabilityTraceIT {

    private static final int MESSAGES = 3;

    @TempDir
    Path dir;

    /** One system call of one thread, with when it started and when it returned (strace -ttt). */
    record Call(int pid, String name, double start, double end, String text, long result) {
    }

    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(\\d+\\.\\d+)\\s+(.*)$");
    private static final Pattern COMPLETE = Pattern.compile("^(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+).*$");
    private static final Pattern UNFINISHED = Pattern.compile("^(\\w+)\\((.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)\\)\\s+=\\s+(-?\\d+).*$");

    /**
     * The calls in a trace of a process and all its threads, in the order they returned. A call
     * another thread interrupted is written in two parts, "unfinished" and "resumed": they are
     * joined, so that its start and end are both known.
     */
    static List<Call> parse(List<String> lines) {
        List<Call> calls = new ArrayList<>();
        Map<Integer, String[]> pending = new HashMap<>();
        for (String line : lines) {
            Matcher l = LINE.matcher(line);
            if (!l.matches()) {
                continue;
            }
            int pid = Integer.parseInt(l.group(1));
            double at = Double.parseDouble(l.group(2));
            String rest = l.group(3);
            Matcher m;
            if ((m = UNFINISHED.matcher(rest)).matches()) {
                pending.put(pid, new String[] {m.group(1), m.group(2), l.group(2)});
            } else if ((m = RESUMED.matcher(rest)).matches()) {
                String[] begun = pending.remove(pid);
                if (begun != null && begun[0].equals(m.group(1))) {
                    calls.add(new Call(pid, m.group(1), Double.parseDouble(begun[2]), at, begun[1] + m.group(2),
                            Long.parseLong(m.group(3))));
                }
            } else if ((m = COMPLETE.matcher(rest)).matches()) {
                calls.add(new Call(pid, m.group(1), at, at, m.group(2), Long.parseLong(m.group(3))));
            }
        }
        return calls;
    }

    @Test
    void twoHundredFiftyShouldBeWrittenOnlyAfterTheStoreWasFsyncedWhenTheGatewayRunsUnderStrace() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY);
        Path trace = dir.resolve("strace.txt");
        // -f: every thread; -ttt: a timestamp per call; -yy: fds as paths and socket addresses
        List<String> strace = List.of(Processes.tool("strace"), "-f", "-ttt", "-yy", "-s", "262144", // message content is read 64 KiB (and a little more) at a time
                "-e", "trace=read,recvfrom,write,writev,sendto,fsync,fdatasync", "-o", trace.toString());
        try (GatewayProcess gateway = GatewayProcess.startThrough(strace, config, port)) {
            try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
                c.reply();
                // Several: SQLite syncs a fresh WAL's header even without synchronous=FULL, so the
                // first commit after the start would be synced anyway; the later ones would not.
                assertThat(c.sendMail("carol@example.com", List.of("alice@contoso.test"), "Subject: durable 1\r\n\r\nkeep\r\n"))
                        .startsWith("250 2.0.0 OK: queued as");
                for (int i = 2; i <= MESSAGES; i++) {
                    // the last one is large: the session writes it into the spool while it arrives
                    String body = i == MESSAGES ? "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n".repeat(5000)
                            : "keep\r\n";
                    assertThat(c.sendMailAfterHelo("carol@example.com", List.of("bob@contoso.test"),
                            "Subject: durable " + i + "\r\n\r\n" + body)).startsWith("250 2.0.0 OK: queued as");
                }
            }
        } // stopping the gateway ends strace, which has then written the whole trace
        List<Call> calls = parse(Files.readAllLines(trace));
        String client = ":" + port + "->"; // the accepted socket: TCP:[127.0.0.1:PORT->...] (or TCPv6)
        List<Call> queued = calls.stream().filter(c -> c.text().contains(client) && c.text().contains("250 2.0.0 OK: queued as"))
                .filter(c -> c.name().startsWith("write") || c.name().equals("sendto")).toList();
        assertThat(queued).as("a 250 for each message: %s", excerpt(trace)).hasSize(MESSAGES);
        List<Call> syncs = calls.stream().filter(c -> c.name().equals("fsync") || c.name().equals("fdatasync"))
                .filter(c -> c.text().contains("/store/mailflow.db") && c.result() == 0).toList();
        List<Call> spoolSyncs = calls.stream().filter(c -> c.name().equals("fsync") || c.name().equals("fdatasync"))
                .filter(c -> c.text().contains("/spool/seg-") && c.result() == 0).toList();
        for (Call reply : queued) {
            Call lastData = calls.stream().filter(c -> c.text().contains(client) && c.result() > 0)
                    .filter(c -> c.name().equals("read") || c.name().equals("recvfrom")).filter(c -> c.end() < reply.start())
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no data read from the client: " + excerpt(trace)));
            assertThat(lastData.text()).as("the last read before the 250 holds the final dot").contains("\\r\\n.\\r\\n");
            Call spool = spoolSyncs.stream().filter(s -> s.start() > lastData.end() && s.end() < reply.start()).findFirst()
                    .orElseThrow(() -> new AssertionError("no sync of a spool segment after the final dot was read (" + lastData.end()
                            + ") and before the 250 was written (" + reply.start() + "): " + spoolSyncs));
            assertThat(syncs).as("an fsync of the index after the spool's sync ended (%.6f) and before the 250 was written (%.6f)",
                    spool.end(), reply.start()).anySatisfy(s -> {
                        assertThat(s.start()).isGreaterThan(spool.end());
                        assertThat(s.end()).isLessThan(reply.start());
                    });
        }
    }

    private static String excerpt(Path trace) {
        try {
            List<String> lines = Files.readAllLines(trace);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void parseShouldJoinACallThatAnotherThreadInterrupted() {
        List<Call> calls = parse(List.of(
                "101  1.000100 fsync(7</d/store/mailflow.db-wal> <unfinished ...>",
                "102  1.000200 read(9<TCP:[127.0.0.1:25->127.0.0.1:4000]>, \"x\\r\\n\", 8192) = 3",
                "101  1.000300 <... fsync resumed>) = 0",
                "101  1.000400 +++ exited with 0 +++"));
        assertThat(calls).containsExactly(new Call(102, "read", 1.0002, 1.0002, "9<TCP:[127.0.0.1:25->127.0.0.1:4000]>, \"x\\r\\n\", 8192",
                3), new Call(101, "fsync", 1.0001, 1.0003, "7</d/store/mailflow.db-wal>", 0));
    }
}
