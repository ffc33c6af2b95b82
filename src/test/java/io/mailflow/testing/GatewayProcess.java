package io.mailflow.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a separate process, started from the packaged jar the way {@code bin/mailflow}
 * starts it: for tests that send signals (SIGHUP, SIGTERM) or kill it outright.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The packaged jar; integration tests run after {@code package}. */
    public static Path jar() {
        Path jar = Path.of("target", "mailflow.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new AssertionError("target/mailflow.jar is missing: run the integration tests with mvn verify");
        }
        return jar;
    }

    /** The java binary of this JVM (a JDK >= 21, as bin/mailflow would find). */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts {@code mailflow run --config FILE} and waits until it reports that it is running. */
    public static GatewayProcess start(Path configFile, int smtpPort) throws IOException, InterruptedException {
        return start(configFile, smtpPort, false);
    }

    /** As {@link #start(Path, int)}; with {@code underNohup}, SIGHUP is ignored from the start, as nohup leaves it. */
    public static GatewayProcess start(Path configFile, int smtpPort, boolean underNohup) throws IOException, InterruptedException {
        return start(List.of(), configFile, smtpPort, underNohup, command("run", "--config", configFile.toString()));
    }

    /**
     * Starts the gateway the way a user does, through {@code bin/mailflow run}: with the launcher's
     * own JVM settings (heap bounds and the rest), for tests about memory and the launcher.
     */
    public static GatewayProcess startWithLauncher(Path configFile, int smtpPort) throws IOException, InterruptedException {
        jar(); // the launcher would build it otherwise: a test runs on what verify packaged
        return start(List.of(), configFile, smtpPort, false,
                List.of(Path.of("bin", "mailflow").toAbsolutePath().toString(), "run", "--config", configFile.toString()));
    }

    /**
     * As {@link #start(Path, int)}, started through {@code wrapper}, a command that runs the rest of
     * its command line: {@code sh -c 'umask 022; exec "$@"' sh}, or {@code strace -f -o FILE}.
     */
    public static GatewayProcess startThrough(List<String> wrapper, Path configFile, int smtpPort)
            throws IOException, InterruptedException {
        return start(wrapper, configFile, smtpPort, false, command("run", "--config", configFile.toString()));
    }

    private static GatewayProcess start(List<String> wrapper, Path configFile, int smtpPort, boolean underNohup,
            List<String> command)
            throws IOException, InterruptedException {
        Path log = configFile.resolveSibling("gateway-" + System.nanoTime() + ".log");
        // Through python, which resets SIGHUP to its default and execs the JVM (same pid): a JVM
        // leaves a signal alone that was ignored when it started, and a test run under nohup would
        // otherwise hand the gateway an ignored SIGHUP.
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN if sys.argv[1] == 'ignore' else signal.SIG_DFL);"
                        + " os.execvp(sys.argv[2], sys.argv[2:])", underNohup ? "ignore" : "default"));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GatewayProcess g = new GatewayProcess(p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("gateway exited: " + Files.readString(log));
            }
            if (Files.readString(log).contains("Mailflow is running")) {
                return g; // listeners, admin endpoint and shutdown hook are all in place
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a process we do not control; no event to wait on
        }
        p.destroyForcibly();
        throw new AssertionError("gateway did not start on port " + smtpPort + ": " + Files.readString(log));
    }

    /** A CLI command line: java ... -jar mailflow.jar ARGS. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a CLI command to completion. */
    public static Processes.Result cli(String... args) throws IOException, InterruptedException {
        return Processes.run(null, 60, command(args));
    }

    public long pid() {
        return process.pid();
    }

    /** The most memory the process has had resident so far (VmHWM, the kernel's high-water mark), in bytes. */
    public long peakResidentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmHWM for " + process.pid());
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public void signal(String name) throws IOException, InterruptedException {
        Processes.run(10, "kill", "-" + name, Long.toString(process.pid()));
    }

    /** Waits for the process to end; returns its exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("gateway still running after " + timeout);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** A free TCP port on 127.0.0.1 for a configuration written before the process starts. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        // Under a wrapper that does not exec (strace), the gateway is its child: stop it first, as
        // a wrapper that is stopped may leave it running.
        process.descendants().forEach(ProcessHandle::destroy);
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
