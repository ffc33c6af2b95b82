package io.mailflow.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailflow.admin.AdminClient;
import io.mailflow.admin.ApiJson;
import io.mailflow.admin.ConfigVersionJson;
import io.mailflow.admin.RuntimeFile;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.config.ConfigurationDiff;
import io.mailflow.config.ConfigurationService;
import io.mailflow.store.StoreException;
import io.mailflow.store.sqlite.SqliteConfigurationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailflow config}: the configuration's versions. A running gateway is reached over its
 * admin API; with none running, {@code apply --dry-run}, {@code export}, {@code history} and
 * {@code diff} read the store in the data directory (nothing is written).
 */
@Command(name = "config", description = "The configuration's versions: apply a file, export, history, diff, rollback.",
        subcommands = {ConfigCommand.Apply.class, ConfigCommand.Export.class, ConfigCommand.History.class,
                ConfigCommand.Diff.class, ConfigCommand.Rollback.class})
final class ConfigCommand {

    /** The gateway's own file (--config), loaded: where its data directory, store and runtime file are. */
    private static ConfigSnapshot gatewayFile(ConfigOption config) {
        try {
            return config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("the gateway's configuration file (--config) cannot be read, so its data directory is unknown");
            return null;
        }
    }

    /** The configuration service on the data directory's store, for a command run while no gateway runs; empty without a store. */
    private static Optional<SqliteConfigurationStore> offlineStore(ConfigSnapshot gatewayFile) throws StoreException {
        Path database = gatewayFile.dataDirectory().resolve("store").resolve("mailflow.db");
        return Files.exists(database) ? Optional.of(SqliteConfigurationStore.open(gatewayFile.dataDirectory(), Clock.systemUTC()))
                : Optional.empty();
    }

    private static ConfigurationService offline(SqliteConfigurationStore store, ConfigSnapshot gatewayFile) {
        return new ConfigurationService(store, gatewayFile.sourceFile(), s -> {
        });
    }

    /** The store's current version, or the gateway's file when it has not seeded a store yet. */
    private static JsonNode current(Optional<SqliteConfigurationStore> store, ConfigSnapshot gatewayFile) throws StoreException {
        Optional<JsonNode> stored = store.isEmpty() ? Optional.empty() : offline(store.get(), gatewayFile).currentDocument();
        return stored.orElseGet(() -> gatewayFile.document().orElseThrow());
    }

    /** {@code VERSION  WHEN  WHO  SOURCE  FROM  COMMENT}, newest first. */
    private static void printHistory(JsonNode versions) {
        System.out.printf("%-8s %-24s %-20s %-7s %-16s %s%n", "VERSION", "WHEN", "WHO", "SOURCE", "FROM", "COMMENT");
        for (JsonNode v : versions) {
            System.out.printf("%-8d %-24s %-20s %-7s %-16s %s%n", v.path("version").asLong(), v.path("at").asText(),
                    v.path("who").asText(), v.path("source").asText(), v.path("clientAddress").asText("-"),
                    v.path("comment").asText(""));
        }
    }

    private static void printDiff(List<String> diff) {
        diff.forEach(line -> System.out.println("  " + line));
    }

    private static List<String> lines(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Prints an answer's problems or error; the exit code of a refused change. */
    private static int refused(AdminClient.Response r, String what) {
        if (r.body().has("problems")) {
            r.body().path("problems").forEach(p -> System.err.println(Problems.describe(p)));
        } else {
            System.err.println(r.body().path("error").asText("HTTP " + r.status()));
        }
        System.err.println(what + " refused: nothing was applied");
        return 1;
    }

    /** Prints what an apply or rollback answered. */
    private static int applied(AdminClient.Response r, String what) {
        List<String> diff = lines(r.body().path("diff"));
        long version = r.body().path("version").asLong();
        if (r.body().path("stored").asBoolean()) {
            System.out.println(what + ": configuration version " + version + " is in force (" + CheckConfigCommand.count(diff.size(),
                    "change") + "):");
            printDiff(diff);
        } else {
            System.out.println(what + ": no change, the configuration in force (version " + version + ") is the same");
        }
        return 0;
    }

    @Command(name = "apply", description = "Apply a whole configuration file to the running gateway as a new version; prints the diff.")
    static final class Apply implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The configuration to apply")
        Path file;

        @Option(names = "--dry-run", description = "Check the file and print the diff; apply nothing (works with no gateway running)")
        boolean dryRun;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why, recorded with the version")
        String comment;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot applied;
            try {
                applied = ConfigLoader.load(file, 1); // exactly what check-config checks, located by line
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                System.err.printf("%s: %d problem(s); nothing was applied%n", file, e.problems().size());
                return 1;
            }
            ConfigSnapshot own = gatewayFile(config);
            if (own == null) {
                return 1;
            }
            JsonNode document = applied.document().orElseThrow();
            Optional<RuntimeFile.Info> gateway = Gateways.running(own);
            if (gateway.isEmpty()) {
                return dryRun ? offlineDryRun(own, document) : Gateways.notRunning(own);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", file.toString()).put("dryRun", dryRun)
                    .put("comment", comment);
            body.set("document", document);
            AdminClient.Response r = new AdminClient(gateway.get()).post("/api/config/apply", body);
            if (!r.ok()) {
                return refused(r, "apply");
            }
            if (dryRun) {
                List<String> diff = lines(r.body().path("diff"));
                System.out.println("dry run: applying " + file + " would make " + CheckConfigCommand.count(diff.size(), "change")
                        + (diff.isEmpty() ? "" : ":"));
                printDiff(diff);
                return 0;
            }
            return applied(r, "applied " + file);
        }

        /** The diff against the store's current version, or against the gateway's file when it has not seeded a store yet. */
        private int offlineDryRun(ConfigSnapshot own, JsonNode document) throws Exception {
            Optional<SqliteConfigurationStore> store = offlineStore(own);
            JsonNode current;
            try {
                current = current(store, own);
            } finally {
                store.ifPresent(SqliteConfigurationStore::close);
            }
            List<String> diff = ConfigurationDiff.between(current, document);
            System.out.println("dry run (no gateway running): applying " + file + " would make "
                    + CheckConfigCommand.count(diff.size(), "change") + (diff.isEmpty() ? "" : ":"));
            printDiff(diff);
            return 0;
        }
    }

    @Command(name = "export", description = "Print the configuration in force as YAML (check-config accepts it; it applies back with no diff).")
    static final class Export implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot own = gatewayFile(config);
            if (own == null) {
                return 1;
            }
            Optional<RuntimeFile.Info> gateway = Gateways.running(own);
            if (gateway.isPresent()) {
                var r = new AdminClient(gateway.get()).getText("/api/config");
                if (r.statusCode() / 100 != 2) {
                    System.err.println(r.body());
                    return 1;
                }
                System.out.print(r.body());
                return 0;
            }
            Optional<SqliteConfigurationStore> store = offlineStore(own);
            try {
                JsonNode current = current(store, own);
                System.out.print(ConfigurationService.yaml(current));
                return 0;
            } finally {
                store.ifPresent(SqliteConfigurationStore::close);
            }
        }
    }

    @Command(name = "history", description = "The configuration's versions, newest first: who, when, from where, why.")
    static final class History implements Callable<Integer> {

        @Option(names = "--limit", defaultValue = "20", description = "At most this many versions (default 20)")
        int limit;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot own = gatewayFile(config);
            if (own == null) {
                return 1;
            }
            Optional<RuntimeFile.Info> gateway = Gateways.running(own);
            JsonNode versions;
            if (gateway.isPresent()) {
                AdminClient.Response r = new AdminClient(gateway.get()).get("/api/config/versions?limit=" + limit);
                if (!r.ok()) {
                    return refused(r, "history");
                }
                versions = r.body();
            } else {
                Optional<SqliteConfigurationStore> store = offlineStore(own);
                try {
                    var list = store.isEmpty() ? List.<io.mailflow.store.configuration.ConfigurationVersion>of()
                            : offline(store.get(), own).history(limit);
                    versions = ApiJson.MAPPER.valueToTree(list.stream().map(ConfigVersionJson::summary).toList());
                } finally {
                    store.ifPresent(SqliteConfigurationStore::close);
                }
            }
            printHistory(versions);
            return 0;
        }
    }

    @Command(name = "diff", description = "What changed from version A to version B, per object.")
    static final class Diff implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "A")
        long from;

        @Parameters(index = "1", paramLabel = "B")
        long to;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot own = gatewayFile(config);
            if (own == null) {
                return 1;
            }
            Optional<RuntimeFile.Info> gateway = Gateways.running(own);
            List<String> diff;
            if (gateway.isPresent()) {
                AdminClient.Response r = new AdminClient(gateway.get()).get("/api/config/diff?from=" + from + "&to=" + to);
                if (!r.ok()) {
                    return refused(r, "diff");
                }
                diff = lines(r.body().path("diff"));
            } else {
                Optional<SqliteConfigurationStore> store = offlineStore(own);
                if (store.isEmpty()) {
                    System.err.println("no configuration store in " + own.dataDirectory() + " yet");
                    return 1;
                }
                try {
                    diff = offline(store.get(), own).diff(from, to);
                } catch (ConfigException e) {
                    System.err.println(e.getMessage());
                    return 1;
                } finally {
                    store.get().close();
                }
            }
            System.out.println("from version " + from + " to version " + to + ": " + CheckConfigCommand.count(diff.size(), "change")
                    + (diff.isEmpty() ? "" : ":"));
            printDiff(diff);
            return 0;
        }
    }

    @Command(name = "rollback", description = "Make version N's configuration current again, as a new version.")
    static final class Rollback implements Callable<Integer> {

        @Parameters(paramLabel = "N")
        long version;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why (default: rollback to version N)")
        String comment;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() throws Exception {
            ConfigSnapshot own = gatewayFile(config);
            if (own == null) {
                return 1;
            }
            Optional<RuntimeFile.Info> gateway = Gateways.running(own);
            if (gateway.isEmpty()) {
                return Gateways.notRunning(own);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("version", version).put("comment", comment);
            AdminClient.Response r = new AdminClient(gateway.get()).post("/api/config/rollback", body);
            return r.ok() ? applied(r, "rollback to version " + version) : refused(r, "rollback");
        }
    }
}
