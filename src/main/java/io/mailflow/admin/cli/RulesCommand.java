package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.TransportRule;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.message.MessageContent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mailflow rules}: the mail flow rules, listed or tried on a real message. */
@Command(name = "rules", description = "Mail flow rules: list them, or run them on a message without sending it.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.TestRules.class})
final class RulesCommand {

    @Command(name = "list", description = "The rules in evaluation order, with their effective priorities.")
    static final class ListRules implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot s = config.load();
            List<TransportRule> rules = s.rules();
            if (rules.isEmpty()) {
                System.out.println("No mail flow rules.");
            }
            for (int i = 0; i < rules.size(); i++) {
                TransportRule r = rules.get(i);
                System.out.printf("%3d  %-40s %-14s %s%s%n", i, r.name(), r.mode(), r.enabled() ? "enabled" : "disabled",
                        r.activeAt(Instant.now()) || !r.enabled() ? "" : " (outside its activation window)");
            }
            return 0;
        }
    }

    @Command(name = "test", description = "Run the rules on a message (an .eml file) without sending it: which rules"
            + " apply and why, the message each recipient would get, and where it would go.")
    static final class TestRules implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Mixin
        ClientOptions client;

        @Option(names = "--message", paramLabel = "FILE.eml", required = true, description = "The message, as it would be sent")
        Path message;

        @Option(names = "--from", paramLabel = "ADDR", description = "Envelope sender (default: the null sender <>)")
        String from;

        @Option(names = "--to", paramLabel = "ADDR", required = true, description = "Envelope recipient (repeat for several)")
        List<String> to;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot s = config.load();
            byte[] crlf = PlanPrinter.readMessage(message);
            Envelope envelope = new Envelope(from == null || from.isEmpty() ? null : EmailAddress.parse(from), false, null, null,
                    null, to.stream().map(t -> new Envelope.Recipient(EmailAddress.parse(t), null, null)).toList());
            var plan = MessagePlanner.plan(envelope, client.describe(s).pipelineFacts(), MessageContent.ofBytes(crlf), s,
                    Instant.now(), true);
            return PlanPrinter.print(plan, s, true);
        }
    }
}
