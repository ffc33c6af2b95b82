package io.mailflow.admin.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mailflow.admin.AdminClient;
import io.mailflow.admin.ApiJson;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.store.MailStore;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.sqlite.SqliteMailStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailflow queue list|retry|delete}: the administrator's view of the queue. */
@Command(name = "queue", description = "Show and act on the queue.",
        subcommands = {QueueCommand.ListCommand.class, QueueCommand.RetryCommand.class, QueueCommand.DeleteCommand.class})
final class QueueCommand {

    @Command(name = "list", description = "List queued messages and each recipient's state.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot s = config.load();
            List<QueuedEntry> entries;
            Optional<RuntimeFile.Info> running = Gateways.running(s);
            if (running.isPresent()) {
                AdminClient.Response r = new AdminClient(running.get()).get("/api/queue");
                entries = ApiJson.MAPPER.convertValue(r.body(), new TypeReference<List<QueuedEntry>>() { });
            } else {
                try (MailStore store = SqliteMailStore.open(s.dataDirectory(), new SimpleMeterRegistry(), java.time.Clock.systemUTC())) {
                    entries = store.queued();
                }
            }
            if (json) {
                System.out.println(ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(entries));
                return 0;
            }
            print(entries);
            return 0;
        }

        private static void print(List<QueuedEntry> entries) {
            if (entries.isEmpty()) {
                System.out.println("The queue is empty.");
                return;
            }
            for (QueuedEntry e : entries) {
                System.out.printf("%s  %s  %d bytes  from <%s>%n", e.message().queueId(), e.message().receivedAt(),
                        e.message().size(), e.message().sender());
                for (StoredRecipient r : e.recipients()) {
                    System.out.printf("    <%s>  %s  next hop %s  attempts %d%s%s%n", r.address(), r.state(), r.nextHop(),
                            r.attempts(), r.nextAttemptAt() == null ? "" : "  next attempt " + r.nextAttemptAt(),
                            r.lastError() == null ? "" : "  (" + r.lastError() + ")");
                }
            }
            System.out.printf("%d message(s) queued%n", entries.size());
        }
    }

    @Command(name = "retry", description = "Retry a queued message now.")
    static final class RetryCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Override
        public Integer call() throws Exception {
            return act(config, "POST", "/api/queue/" + queueId + "/retry", "retrying " + queueId);
        }
    }

    @Command(name = "delete", description = "Remove a message from the queue without an NDR.")
    static final class DeleteCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Override
        public Integer call() throws Exception {
            return act(config, "DELETE", "/api/queue/" + queueId, "deleted " + queueId);
        }
    }

    private static int act(ConfigOption config, String method, String path, String done) throws Exception {
        ConfigSnapshot s = config.load();
        Optional<RuntimeFile.Info> running = Gateways.running(s);
        if (running.isEmpty()) {
            return Gateways.notRunning(s);
        }
        AdminClient client = new AdminClient(running.get());
        AdminClient.Response r = method.equals("POST") ? client.post(path) : client.delete(path);
        if (r.ok()) {
            System.out.println(done);
            return 0;
        }
        System.err.println(r.body().path("error").asText("failed: HTTP " + r.status()));
        return 1;
    }
}
