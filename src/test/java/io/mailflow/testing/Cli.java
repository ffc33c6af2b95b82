package io.mailflow.testing;

import io.mailflow.admin.cli.MailflowCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a {@code mailflow} command in the test's JVM and captures what it prints. */
public final class Cli {

    /** A command's exit code and standard output. */
    public record Result(int exitCode, String output) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = MailflowCommand.execute(args);
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }
}
