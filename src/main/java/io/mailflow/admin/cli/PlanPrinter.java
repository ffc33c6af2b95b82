package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.rules.RuleOutcome;
import io.mailflow.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Prints what the mail flow rules did to a message and where each copy goes (explain, rules test). */
final class PlanPrinter {

    private PlanPrinter() {
    }

    /** A short message for the rules when the administrator gave none. */
    static byte[] defaultMessage(String from, List<EmailAddress> to, String subject) {
        String text = "From: " + (from == null || from.isEmpty() ? "<>" : from) + "\r\n"
                + "To: " + String.join(", ", to.stream().map(EmailAddress::toString).toList()) + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <explain@mailflow>\r\n"
                + "\r\n"
                + "(a message made up by explain; give --message FILE.eml to test a real one)\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String subject(MessagePlanner.Copy c) {
        return io.mailflow.pipeline.HeaderSection.parse(c.content().head(256 * 1024), true).subject();
    }

    /** Prints the plan; returns 0 when the message would be accepted, 1 when refused. */
    static int print(MessagePlanner.Plan plan, ConfigSnapshot s, boolean withContent) {
        System.out.println("Mail flow rules, in priority order (they run after the directory, before routing):");
        if (plan.evaluations().isEmpty()) {
            System.out.println("  (none is enabled)");
        }
        boolean split = plan.evaluations().stream().map(RuleOutcome.RuleEvaluation::recipients).distinct().count() > 1;
        for (RuleOutcome.RuleEvaluation e : plan.evaluations()) {
            System.out.printf("  %d  %s: %s%s%n", e.priority(), e.rule(), e.applied() ? "APPLIES" : "does not apply",
                    split && !e.recipients().isEmpty() ? "  (copy for " + String.join(", ", e.recipients()) + ")" : "");
            e.reasons().forEach(r -> System.out.println("       " + r));
        }
        List<TraceEvent> events = switch (plan) {
            case MessagePlanner.Plan.Refused r -> r.events();
            case MessagePlanner.Plan.Accepted a -> a.events();
        };
        for (TraceEvent e : events) {
            if (e instanceof TraceEvent.Rule r) {
                System.out.printf("  RULE %s (%s) for %s: %s%n", r.rule(), r.mode(), r.recipients(), String.join("; ", r.actions()));
            }
        }
        System.out.println();
        switch (plan) {
            case MessagePlanner.Plan.Refused r -> {
                System.out.println("Result: the message is refused at the end of DATA with " + r.reply().text());
                System.out.println("  because " + r.why());
                return 1;
            }
            case MessagePlanner.Plan.Accepted a -> {
                System.out.println("Result: accepted, " + (a.copies().size() == 1 ? "one copy" : a.copies().size()
                        + " copies (the rules split the message)") + ":");
                int n = 0;
                for (MessagePlanner.Copy c : a.copies()) {
                    n++;
                    System.out.printf("Copy %d (%s), Subject: %s%s%n", n, c.changed() ? "changed by the rules" : "as received",
                            subject(c), c.recipients().isEmpty() ? "; no recipients (deleted by the rules)" : "; to:");
                    for (MessagePlanner.Planned p : c.recipients()) {
                        String rule = p.ruleRoute().isNone() ? "" : "  (by a rule:"
                                + (p.ruleRoute().connector() != null ? " connector " + p.ruleRoute().connector() : "")
                                + (p.ruleRoute().requireTls() ? " TLS required" : "") + ")";
                        System.out.printf("  %s -> %s%s%s%n", p.address(), p.route().nextHop().key(), rule,
                                p.addedBy() == null ? "" : "  [added by rule '" + p.addedBy() + "']");
                        ExplainCommand.describe(p.route().nextHop(), s);
                    }
                    if (withContent) {
                        System.out.println("  --- the message as it would be sent (before our Received: field) ---");
                        System.out.print(new String(c.content().toByteArray(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
                        System.out.println("  --- end of copy " + n + " ---");
                    }
                }
                return 0;
            }
        }
    }
}
