package io.mailflow.admin.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mailflow.admin.AdminClient;
import io.mailflow.admin.ApiJson;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.Durations;
import io.mailflow.store.MailStore;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TracedMessage;
import io.mailflow.store.sqlite.SqliteMailStore;
import io.mailflow.trace.MessageTrace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mailflow trace}: what happened to a message, event by event. */
@Command(name = "trace", description = "Message trace: find messages and show every event of each.")
final class TraceCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--recipient", paramLabel = "ADDR", description = "An envelope recipient")
    String recipient;

    @Option(names = "--sender", paramLabel = "ADDR", description = "The envelope sender; <> (or an empty text) for null-sender mail")
    String sender;

    @Option(names = "--message-id", paramLabel = "ID", description = "The Message-ID header")
    String messageId;

    @Option(names = "--since", paramLabel = "WHEN", description = "An ISO time (2026-11-27T10:00:00Z) or an age (2h, 3d)")
    String since;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many messages (default 50)")
    int limit;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot s = config.load();
        Instant from = since == null ? null : since.contains("T") ? Instant.parse(since) : Instant.now().minus(Durations.parse(since));
        TraceQuery query = new TraceQuery(recipient, sender, messageId, from, limit);
        List<TracedMessage> found;
        Optional<RuntimeFile.Info> running = Gateways.running(s);
        if (running.isPresent()) {
            AdminClient.Response r = new AdminClient(running.get()).get("/api/trace?" + parameters(query));
            found = ApiJson.MAPPER.convertValue(r.body(), new TypeReference<List<TracedMessage>>() { });
        } else {
            try (MailStore store = SqliteMailStore.open(s.dataDirectory(), new SimpleMeterRegistry(), java.time.Clock.systemUTC())) {
                found = store.trace(query);
            }
        }
        if (json) {
            System.out.println(ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(found));
        } else if (found.isEmpty()) {
            System.out.println("No message found.");
        } else {
            found.forEach(m -> System.out.println(MessageTrace.format(m)));
        }
        return found.isEmpty() ? 1 : 0;
    }

    private static String parameters(TraceQuery q) {
        List<String> p = new ArrayList<>();
        add(p, "recipient", q.recipient());
        add(p, "sender", q.sender());
        add(p, "messageId", q.messageId());
        add(p, "since", q.since() == null ? null : q.since().toString());
        add(p, "limit", Integer.toString(q.limit()));
        return String.join("&", p);
    }

    private static void add(List<String> p, String name, String value) {
        if (value != null) {
            p.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
