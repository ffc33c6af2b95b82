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
}
