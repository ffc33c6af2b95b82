package io.mailflow.admin.cli;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.Durations;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.OutboundConnector;
import io.mailflow.pipeline.HeaderSection;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.routing.NextHop;
import io.mailflow.rules.RuleOutcome;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link MessagePlanner.Plan} for an administrator (explain, rules test): the directory's
 * expansions, every mail flow rule evaluated and why, then each copy with each recipient's route,
 * step by step, and how its next hop is reached.
 */
final class PlanPrinter {

    private PlanPrinter() {
    }

    /** A message file as the gateway would receive it: .eml files often end their lines in LF alone. */
    static byte[] readMessage(java.nio.file.Path file) throws java.io.IOException {
        String text = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A short message for the rules when the administrator gave none. */
    static byte[] defaultMessage(String from, List<EmailAddress> to, String subject) {
        return io.mailflow.receive.Explanation.defaultMessage(from, to, subject);
    }

    /** Prints the plan; returns 0 when the message would be accepted, 1 when refused. */
    static int print(MessagePlanner.Plan plan, ConfigSnapshot s, boolean withContent) {
        List<TraceEvent> events = switch (plan) {
            case MessagePlanner.Plan.Refused r -> r.events();
            case MessagePlanner.Plan.Accepted a -> a.events();
        };
        for (TraceEvent e : events) {
            if (!(e instanceof TraceEvent.Rule)) {
                System.out.println(e.name() + "  " + describe(e)); // the directory: EXPAND, REDIRECT
            }
        }
        if (!s.rules().isEmpty()) {
            printRules(plan, events);
        }
        System.out.println();
        switch (plan) {
            case MessagePlanner.Plan.Refused r -> {
                System.out.println("Result: the message is refused at the end of DATA with " + r.reply().text());
                System.out.println("  because " + r.why());
                return 1;
            }
            case MessagePlanner.Plan.Accepted a -> {
                printCopies(a, s, withContent);
                return 0;
            }
        }
    }

    private static void printRules(MessagePlanner.Plan plan, List<TraceEvent> events) {
        System.out.println("Mail flow rules, in priority order (they run after the directory, before routing):");
        boolean split = plan.evaluations().stream().map(RuleOutcome.RuleEvaluation::recipients).distinct().count() > 1;
        for (RuleOutcome.RuleEvaluation e : plan.evaluations()) {
            System.out.printf("  %d  %s: %s%s%n", e.priority(), e.rule(), e.applied() ? "APPLIES" : "does not apply",
                    split && !e.recipients().isEmpty() ? "  (copy for " + String.join(", ", e.recipients()) + ")" : "");
            e.reasons().forEach(r -> System.out.println("       " + r));
        }
        for (TraceEvent e : events) {
            if (e instanceof TraceEvent.Rule r) {
                System.out.printf("  RULE %s (%s) for %s: %s%n", r.rule(), r.mode(), r.recipients(), String.join("; ", r.actions()));
            }
        }
    }

    private static void printCopies(MessagePlanner.Plan.Accepted a, ConfigSnapshot s, boolean withContent) {
        if (a.copies().size() > 1) {
            System.out.println("The rules split the message into " + a.copies().size() + " copies.");
        }
        Map<String, List<String>> byHop = new LinkedHashMap<>();
        int n = 0;
        for (MessagePlanner.Copy c : a.copies()) {
            n++;
            System.out.printf("Copy %d (%s), Subject: %s%s%n", n, c.changed() ? "changed by the rules" : "as received",
                    HeaderSection.parse(c.content().head(256 * 1024), true).subject(),
                    c.recipients().isEmpty() ? "; no recipients (deleted by the rules)" : "");
            for (MessagePlanner.Planned p : c.recipients()) {
                System.out.println("  Recipient " + p.address() + (p.addedBy() == null ? "" : "  (added by rule '" + p.addedBy() + "')"));
                p.route().steps().forEach(step -> System.out.println("    - " + step));
                System.out.println("  Next hop: " + p.route().nextHop().key() + (p.ruleRoute().isNone() ? "" : "  (by a rule:"
                        + (p.ruleRoute().connector() != null ? " connector " + p.ruleRoute().connector() : "")
                        + (p.ruleRoute().requireTls() ? " TLS required" : "") + ")"));
                describe(p.route().nextHop(), s, false);
                byHop.computeIfAbsent("copy " + n + " via " + p.route().nextHop().key(), k -> new ArrayList<>())
                        .add(p.address().toString());
            }
            if (withContent) {
                System.out.println("  --- the message as it would be sent (before our Received: field) ---");
                System.out.print(new String(c.content().toByteArray(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
                System.out.println("  --- end of copy " + n + " ---");
            }
        }
        if (byHop.size() > 1) {
            System.out.println("The message would be split into " + byHop.size() + " deliveries (bifurcation), one per next hop:");
        }
        byHop.forEach((hop, rcpts) -> System.out.println("  " + hop + " <- " + rcpts));
    }

    /** How a next hop is reached, for an administrator; {@code ruleTls}: a rule requires TLS. */
    private static void describe(NextHop hop, ConfigSnapshot s, boolean ruleTls) {
        switch (hop) {
            case NextHop.Mailbox m -> System.out.println("    delivered into the mailbox of " + m.primarySmtpAddress());
            case NextHop.Mx mx -> System.out.println("    MX lookup of " + mx.domain() + " at delivery (preference order,"
                    + " random among equals; no MX: its A/AAAA; null MX: NDR), port "
                    + s.configuration().transport().mxPort() + (ruleTls ? ", TLS required by a mail flow rule (EncryptionOnly)"
                            : ", opportunistic TLS"));
            case NextHop.Connector c -> {
                OutboundConnector oc = s.outboundConnector(c.name()).orElseThrow();
                System.out.println(oc.useMxRecord() ? "    MX lookup of " + c.mxDomain() + " at delivery"
                        : "    smart hosts " + oc.smartHosts() + ", round robin; a host that does not answer is skipped for "
                                + Durations.format(s.configuration().transport().smartHostDownTime())
                                + "; a 5xx is final (no other host is tried)");
                System.out.println("    TLS: " + (oc.tlsSettings() != null ? "required, " + oc.tlsSettings()
                        + (oc.tlsDomain() != null ? " for " + oc.tlsDomain() : "") + " (never plain text)"
                        : ruleTls ? "required by a mail flow rule, EncryptionOnly (never plain text)"
                        : "opportunistic (STARTTLS if offered, plain text if the handshake fails)"));
            }
            case NextHop.TlsRequired t -> describe(t.hop(), s, true);
        }
    }

    /** An event's fields as the trace prints them: {@code key=value} pairs. */
    private static String describe(TraceEvent e) {
        Map<String, String> fields = TraceEvents.fields(TraceEvents.record("", Instant.EPOCH, e));
        StringBuilder b = new StringBuilder(e.recipient() == null ? "" : "<" + e.recipient() + ">");
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "  ").append(k).append('=').append(v));
        return b.toString();
    }
}
