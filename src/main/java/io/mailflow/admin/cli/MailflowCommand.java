package io.mailflow.admin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/mailflow}: the entry point of every command. */
@Command(name = "mailflow", mixinStandardHelpOptions = true, version = "Mailflow 0.1.0",
        description = "A self-hosted mail gateway with Exchange Online's mail-flow model.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, ReloadCommand.class, QueueCommand.class,
                TraceCommand.class, ConfigCommand.class, ExplainCommand.class, RulesCommand.class, ConnectorCommand.class,
                ObjectVerbs.Get.class, ObjectVerbs.New.class, ObjectVerbs.Set.class, ObjectVerbs.Remove.class, DemoCommand.class, HashPasswordCommand.class, AdminCommand.class,
                CommandLine.HelpCommand.class})
public final class MailflowCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this without exiting). */
    public static int execute(String... args) {
        return new CommandLine(new MailflowCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
