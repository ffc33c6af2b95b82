package io.mailflow.admin;

import static io.mailflow.admin.OperationRoutes.checked;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailflow.Gateway;
import io.mailflow.admin.OperationRoutes.BadField;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.deliver.ConnectorValidation;
import io.mailflow.dns.DnsJavaResolver;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.OutboundConnector;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.MessagePlanner;
import io.mailflow.message.MessageContent;
import io.mailflow.receive.Explanation;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The what-if routes: {@code POST /api/v1/explain} and {@code /api/v1/transportRules/test} (the
 * decisions of {@code mailflow explain} and {@code rules test}, as JSON), and
 * {@code POST /api/v1/outboundConnectors/{name}/validate} ({@code mailflow connector validate}).
 */
final class DecisionRoutes {

    /** More recipients than a what-if needs makes the request a load, not a question. */
    static final int MAX_RECIPIENTS = 100;

    private final Gateway gateway;

    DecisionRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/explain", checked(this::explain));
        routes.post("/api/v1/transportRules/test", checked(this::rulesTest));
        routes.post("/api/v1/outboundConnectors/{name}/validate", checked(this::validate));
    }

    /** Body: sender, recipients, clientIp, tls, clientCertificateName, authenticatedUser, subject or message. */
    private void explain(Context ctx) throws BadField {
        JsonNode body = body(ctx);
        ConfigSnapshot s = gateway.config();
        EmailAddress sender = sender(body);
        List<String> recipients = recipients(body, "recipients");
        byte[] message = body.hasNonNull("message") ? Explanation.crlf(text(body, "message"))
                : Explanation.defaultMessage(sender == null ? null : sender.toString(), addresses(recipients),
                        body.path("subject").asText("(explain)"));
        ctx.json(PlanJson.explanation(Explanation.explain(client(body), sender, recipients, message, s, Instant.now())));
    }

    /** Body: message (required, RFC 5322 text), sender, recipients (required), and the client as for explain. */
    private void rulesTest(Context ctx) throws BadField {
        JsonNode body = body(ctx);
        ConfigSnapshot s = gateway.config();
        if (!body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            throw new BadField("message", "message is the message as it would be sent (RFC 5322 text)");
        }
        byte[] message = Explanation.crlf(body.path("message").asText());
        var envelope = new Envelope(sender(body), false, null, null, null,
                addresses(recipients(body, "recipients")).stream().map(a -> new Envelope.Recipient(a, null, null)).toList());
        var client = Explanation.describe(client(body), s);
        MessagePlanner.Plan plan = MessagePlanner.plan(envelope, client.pipelineFacts(), MessageContent.ofBytes(message), s,
                Instant.now(), true);
        ctx.json(PlanJson.plan(plan, true));
    }

    /** Body: {"recipients": [test addresses]}; the result is recorded with the connector, routing never reads it (S16). */
    private void validate(Context ctx) throws BadField, java.io.IOException, java.security.GeneralSecurityException {
        ConfigSnapshot s = gateway.config();
        Optional<OutboundConnector> c = s.outboundConnector(ctx.pathParam("name"));
        if (c.isEmpty()) {
            OperationRoutes.notFound(ctx, "there is no outboundConnectors/" + ctx.pathParam("name"));
            return;
        }
        JsonNode body = ctx.body().isBlank() ? ApiJson.MAPPER.createObjectNode() : body(ctx);
        List<String> recipients = body.has("recipients") ? recipients(body, "recipients") : List.of();
        addresses(recipients);
        var dns = s.configuration().dns();
        ConnectorValidation.Result r = ConnectorValidation.validate(c.get(), recipients, s,
                new DnsJavaResolver(dns.servers(), dns.timeout(), new SecureRandom()), Clock.systemUTC());
        ConnectorValidation.record(s, r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connector", r.connector());
        out.put("validatedAt", r.validatedAt().toString());
        out.put("ok", r.ok());
        out.put("hosts", r.hosts().stream().map(h -> Map.of("host", h.host(), "ok", h.ok(), "steps", h.steps())).toList());
        ctx.json(out);
    }

    private static JsonNode body(Context ctx) throws BadField {
        try {
            JsonNode n = ApiJson.MAPPER.readTree(ctx.body());
            if (n == null || !n.isObject()) {
                throw new BadField("", "the body is a JSON object");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new BadField("", "the body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) throws BadField {
        JsonNode v = body.path(field);
        if (!v.isTextual()) {
            throw new BadField(field, field + " is a text");
        }
        return v.asText();
    }

    private static EmailAddress sender(JsonNode body) throws BadField {
        if (!body.hasNonNull("sender") || text(body, "sender").isBlank() || text(body, "sender").strip().equals("<>")) {
            return null; // the null sender, as explain takes no --from
        }
        try {
            return EmailAddress.parse(text(body, "sender").replaceAll("^\\s*<|>\\s*$", ""));
        } catch (IllegalArgumentException e) {
            throw new BadField("sender", e.getMessage());
        }
    }

    private static List<String> recipients(JsonNode body, String field) throws BadField {
        JsonNode list = body.path(field);
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_RECIPIENTS) {
            throw new BadField(field, field + " is a list of 1 to " + MAX_RECIPIENTS + " addresses");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
                throw new BadField(field + "[" + i + "]", "an address is a text (local@domain)");
            }
            out.add(list.get(i).asText().strip());
        }
        return out;
    }

    /** The addresses as the planner takes them; explain's RCPT step reports bad syntax itself, this names the field. */
    private static List<EmailAddress> addresses(List<String> given) throws BadField {
        List<EmailAddress> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            try {
                out.add(EmailAddress.parse(given.get(i).replaceAll("^<|>$", "")));
            } catch (IllegalArgumentException e) {
                throw new BadField("recipients[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private static Explanation.Client client(JsonNode body) throws BadField {
        String ip = body.path("clientIp").asText("192.0.2.1");
        try {
            io.mailflow.model.IpRange.literal(ip);
        } catch (IllegalArgumentException e) {
            throw new BadField("clientIp", "clientIp is an IPv4 or IPv6 address");
        }
        return new Explanation.Client(ip, body.hasNonNull("clientCertificateName") ? text(body, "clientCertificateName") : null,
                body.path("tls").asBoolean(false), body.hasNonNull("authenticatedUser") ? text(body, "authenticatedUser") : null);
    }
}
