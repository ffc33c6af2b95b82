package io.mailflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real peers the tests use (swaks, python3, smtp-source) and captures what they print. */
public final class Processes {

    /** A finished process: exit code and combined output. */
    public record Result(int exitCode, String output) {
    }

    private Processes() {
    }

    public static Result run(Path workDir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    public static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(null, timeoutSeconds, List.of(command));
    }

    /** The path of a tool that the test command installs (Debian packages); fails loudly when missing. */
    public static String tool(String name) {
        for (String dir : new String[] {"/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin"}) {
            Path p = Path.of(dir, name);
            if (p.toFile().canExecute()) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " is not installed; bin/test installs the Debian packages the tests need");
    }

    /**
     * Waits until a process we started accepts connections on 127.0.0.1:port. Polling: peers such
     * as smtp-sink and Dovecot give no readiness signal. Fails with the process's log when it exits
     * or does not listen in time.
     */
    public static void awaitListening(Process process, int port, java.time.Duration timeout, String name,
            java.util.function.Supplier<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited: " + log.get());
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError(name + " did not listen on " + port + ": " + log.get());
    }
}
