package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.deliver.ConnectorValidation;
import io.mailflow.dns.DnsJavaResolver;
import io.mailflow.model.OutboundConnector;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailflow connector validate NAME --recipient ADDR...}: Exchange's Validate-OutboundConnector. */
@Command(name = "connector", description = "Outbound connector tools.", subcommands = {ConnectorCommand.ValidateCommand.class})
final class ConnectorCommand {

    @Command(name = "validate", description = "Check each host of an outbound connector (resolve, connect, EHLO,"
            + " STARTTLS as required) and send a test message. A failed validation never blocks routing (S16).")
    static final class ValidateCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "NAME", description = "The outbound connector's name")
        String name;

        @Option(names = "--recipient", paramLabel = "ADDR", description = "Test recipient (repeat for several)")
        List<String> recipients = List.of();

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot s = config.load();
            Optional<OutboundConnector> c = s.outboundConnector(name);
            if (c.isEmpty()) {
                System.err.println("no outbound connector named '" + name + "' in " + s.sourceFile());
                return 2;
            }
            var dns = s.configuration().dns();
            ConnectorValidation.Result r = ConnectorValidation.validate(c.get(), recipients, s,
                    new DnsJavaResolver(dns.servers(), dns.timeout(), new SecureRandom()), Clock.systemUTC());
            System.out.println("Validating connector '" + c.get().name() + "'" + (c.get().isEnabled() ? "" : " (disabled)"));
            for (ConnectorValidation.HostResult h : r.hosts()) {
                System.out.println("  " + h.host() + (h.ok() ? "  OK" : "  FAILED"));
                for (ConnectorValidation.Step step : h.steps()) {
                    System.out.printf("    %-13s %-6s %s%n", step.name(), step.ok() ? "ok" : "FAILED", step.detail());
                }
            }
            Path record = ConnectorValidation.record(s, r);
            System.out.println((r.ok() ? "Validation succeeded" : "Validation FAILED") + " at " + r.validatedAt()
                    + "; recorded in " + record);
            if (!r.ok()) {
                System.out.println("The connector stays in use: validation is a rough check (S16). Verify with real traffic.");
            }
            return r.ok() ? 0 : 1;
        }
    }
}
