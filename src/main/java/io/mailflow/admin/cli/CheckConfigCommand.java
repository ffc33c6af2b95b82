package io.mailflow.admin.cli;

import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.Configuration;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mailflow check-config [FILE]}: validates a configuration without starting anything. Warnings
 * (a valid file that may not do what was meant) are printed after the OK; they do not change the exit code.
 */
@Command(name = "check-config", description = "Check a configuration file; every problem is shown with file, line and field.")
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file to check (default: --config)")
    Path positional;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Path file = positional != null ? positional : config.file();
        try {
            ConfigSnapshot s = ConfigLoader.load(file, 1);
            Configuration c = s.configuration();
            System.out.printf("%s: OK (%s, %s, %s, %s, %s; data in %s)%n", file,
                    count(c.acceptedDomains().size(), "accepted domain"), count(c.mailboxes().size(), "mailbox"),
                    count(c.inboundConnectors().size(), "inbound connector"),
                    count(c.outboundConnectors().size(), "outbound connector"), count(c.transportRules().size(), "rule"),
                    s.dataDirectory());
            s.warnings().forEach(w -> System.out.println("warning: " + w));
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.printf("%s: %d problem(s); nothing was applied%n", file, e.problems().size());
            return 1;
        }
    }

    /** {@code 1 mailbox}, {@code 2 mailboxes}, {@code 0 rules}. */
    static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("x") ? noun + "es" : noun + "s");
    }
}
