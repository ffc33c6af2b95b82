package io.mailflow.admin.cli;

import io.mailflow.admin.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailflow demo}: the seed article's scenario, on this machine, in under a minute. */
@Command(name = "demo", description = "Run the article's scenario with two simulated on-premises smart hosts: round robin,"
        + " failover, a 5xx with an immediate NDR, and the trace of each message.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Where the demo gateway keeps its data (default: a temporary directory)")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("mailflow-demo-");
        return new Demo(dir, System.out).run() ? 0 : 1;
    }
}
