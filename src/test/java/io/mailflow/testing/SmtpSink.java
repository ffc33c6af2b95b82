package io.mailflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's smtp-sink as a real next hop: it answers as told ({@code -f RCPT} = 5xx to RCPT,
 * {@code -r RCPT} = 4xx, {@code -N} no DSN, {@code -8} no 8BITMIME) and dumps each transaction to
 * a file with the client's MAIL and RCPT arguments, which the tests read back.
 */
public final class SmtpSink implements AutoCloseable {

    /** One transaction as smtp-sink dumped it. */
    public record Dump(String mailArgs, List<String> rcptArgs, String content, long modified) {
    }

    private final int port;
    private final Path dumps;
    private final List<String> options;
    private Process process;

    private SmtpSink(int port, Path dumps, List<String> options) {
        this.port = port;
        this.dumps = dumps;
        this.options = options;
    }

    /**
     * Starts smtp-sink on 127.0.0.1:port with extra options. It runs as nobody, which cannot enter
     * a test's private temporary directory, so it dumps into a world-writable directory of its own
     * under /tmp; {@code dir} only names it.
     */
    public static SmtpSink start(Path dir, int port, String... options) throws IOException, InterruptedException {
        Path dumps = Files.createTempDirectory(Path.of("/tmp"), "smtp-sink-" + dir.getFileName() + "-");
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        SmtpSink sink = new SmtpSink(port, dumps, List.of(options));
        sink.up();
        return sink;
    }

    public int port() {
        return port;
    }

    /** Starts (again) listening. */
    public void up() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Processes.tool("smtp-sink"), "-u", "nobody", "-d", dumps + "/%H%M%S."));
        cmd.addAll(options);
        cmd.addAll(List.of("127.0.0.1:" + port, "100"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dumps.resolveSibling(dumps.getFileName() + ".log").toFile())
                .start();
        Processes.awaitListening(process, port, java.time.Duration.ofSeconds(10), "smtp-sink", this::log);
    }

    private String log() {
        try {
            return Files.readString(dumps.resolveSibling(dumps.getFileName() + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops it: connections to the port are refused. */
    public void down() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /**
     * Every transaction received so far, oldest first. smtp-sink creates a dump file at MAIL and
     * closes it at the final dot, so a file it still holds open is a transaction in progress and
     * is left out.
     */
    public List<Dump> dumps() throws IOException {
        List<Dump> out = new ArrayList<>();
        Set<Path> inProgress = openFiles();
        try (Stream<Path> files = Files.walk(dumps)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !inProgress.contains(f)).toList()) {
                out.add(parse(Files.readString(f, StandardCharsets.ISO_8859_1), Files.getLastModifiedTime(f).toMillis()));
            }
        }
        out.sort(Comparator.comparingLong(Dump::modified));
        return out;
    }

    /** The files smtp-sink has open now, read from /proc (the tests run as root; smtp-sink as nobody). */
    private Set<Path> openFiles() {
        Process p = process;
        if (p == null) {
            return Set.of();
        }
        Set<Path> open = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    open.add(Files.readSymbolicLink(fd));
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away between list and read: not open any more
                }
            }
        } catch (IOException exited) {
            return Set.of();
        }
        return open;
    }

    public int count() {
        try {
            return dumps().size();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Dump parse(String text, long modified) {
        String mail = null;
        List<String> rcpts = new ArrayList<>();
        int i = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("X-Mail-Args: ")) {
                mail = line.substring(13);
            } else if (line.startsWith("X-Rcpt-Args: ")) {
                rcpts.add(line.substring(13));
            } else if (!line.startsWith("X-")) {
                break;
            }
            i += line.length() + 1;
        }
        return new Dump(mail, rcpts, text.substring(Math.min(i, text.length())), modified);
    }

    @Override
    public void close() throws InterruptedException {
        down();
        try (Stream<Path> files = Files.walk(dumps)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dumps.resolveSibling(dumps.getFileName() + ".log"));
        } catch (IOException ignored) {
            // a leftover directory under /tmp is harmless
        }
    }
}
