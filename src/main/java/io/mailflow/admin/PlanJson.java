package io.mailflow.admin;

import io.mailflow.pipeline.HeaderSection;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.receive.Explanation;
import io.mailflow.receive.InboundPolicy;
import io.mailflow.routing.NextHop;
import io.mailflow.rules.RuleOutcome;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of explain and rules test as JSON: the same steps {@code mailflow explain}
 * prints (PlanPrinter), as structure rather than text.
 */
final class PlanJson {

    private PlanJson() {
    }

    static Map<String, Object> explanation(Explanation.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        var attribution = r.client().attribution();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("ip", r.client().pipelineFacts().ip());
        client.put("inboundConnector", attribution.connector() == null ? null : attribution.connector().name());
        client.put("connectorType", attribution.connector() == null ? null : attribution.connector().connectorType());
        client.put("attribution", attribution.how());
        out.put("client", client);
        Map<String, Object> mail = new LinkedHashMap<>();
        switch (r.mail()) {
            case InboundPolicy.Decision.Refuse refuse -> {
                mail.put("accepted", false);
                mail.put("reply", refuse.reply().text());
                mail.put("reason", refuse.why());
            }
            case InboundPolicy.Decision.Allow allow -> {
                mail.put("accepted", true);
                mail.put("relayAllowed", allow.relay().allowed());
                mail.put("reason", allow.relay().why());
            }
        }
        out.put("mailFrom", mail);
        out.put("recipients", r.recipients().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", s.given());
            m.put("accepted", s.accepted());
            m.put("reply", s.reply());
            m.put("reason", s.reason());
            return m;
        }).toList());
        out.put("plan", r.plan() == null ? null : plan(r.plan(), false));
        // The refusal stands; where the refused would go is what an administrator asks next.
        out.put("ifRefusedWereAccepted", r.refusedPlan() == null ? null : plan(r.refusedPlan(), false));
        return out;
    }

    /** A plan: the directory's and rules' events, every rule evaluated, then the outcome and its copies. */
    static Map<String, Object> plan(MessagePlanner.Plan plan, boolean withContent) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<TraceEvent> events = switch (plan) {
            case MessagePlanner.Plan.Refused r -> r.events();
            case MessagePlanner.Plan.Accepted a -> a.events();
        };
        out.put("events", events.stream().map(PlanJson::event).toList());
        out.put("rules", plan.evaluations().stream().map(PlanJson::evaluation).toList());
        switch (plan) {
            case MessagePlanner.Plan.Refused r -> {
                out.put("accepted", false);
                out.put("reply", r.reply().text());
                out.put("reason", r.why());
            }
            case MessagePlanner.Plan.Accepted a -> {
                out.put("accepted", true);
                out.put("copies", a.copies().stream().map(c -> copy(c, withContent)).toList());
            }
        }
        return out;
    }

    private static Map<String, Object> event(TraceEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", e.name());
        out.put("recipient", e.recipient());
        out.put("detail", TraceEvents.fields(TraceEvents.record("", Instant.EPOCH, e)));
        return out;
    }

    private static Map<String, Object> evaluation(RuleOutcome.RuleEvaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", e.rule());
        out.put("priority", e.priority());
        out.put("applied", e.applied());
        out.put("recipients", e.recipients());
        out.put("reasons", e.reasons());
        return out;
    }

    private static Map<String, Object> copy(MessagePlanner.Copy c, boolean withContent) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("changed", c.changed());
        out.put("subject", HeaderSection.parse(c.content().head(256 * 1024), true).subject());
        out.put("recipients", c.recipients().stream().map(PlanJson::planned).toList());
        if (withContent) {
            out.put("message", new String(c.content().toByteArray(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, Object> planned(MessagePlanner.Planned p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", p.address().toString());
        out.put("addedBy", p.addedBy());
        out.put("steps", p.route().steps());
        out.put("nextHop", p.route().nextHop().key());
        out.put("nextHopKind", kind(p.route().nextHop()));
        if (!p.ruleRoute().isNone()) {
            out.put("ruleRoute", Map.of("connector", String.valueOf(p.ruleRoute().connector()), "requireTls",
                    p.ruleRoute().requireTls()));
        }
        return out;
    }

    private static String kind(NextHop hop) {
        return switch (hop) {
            case NextHop.Mailbox m -> "Mailbox";
            case NextHop.Mx mx -> "Mx";
            case NextHop.Connector c -> "OutboundConnector";
            case NextHop.TlsRequired t -> kind(t.hop());
        };
    }
}
