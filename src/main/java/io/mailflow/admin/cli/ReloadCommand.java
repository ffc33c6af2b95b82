package io.mailflow.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.admin.AdminClient;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigSnapshot;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mailflow reload}: makes the running gateway read its configuration file again. */
@Command(name = "reload", description = "Reload the running gateway's configuration (as SIGHUP does).")
final class ReloadCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--force", description = "Apply a changed file even though it overwrites changes made since it was last read"
            + " (through the CLI or the API)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        ConfigSnapshot local;
        try {
            local = config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println("reload refused: the running gateway keeps its last good configuration");
            return 1;
        }
        var gateway = Gateways.running(local);
        if (gateway.isEmpty()) {
            return Gateways.notRunning(local);
        }
        AdminClient.Response r = new AdminClient(gateway.get()).post("/api/reload" + (force ? "?force=true" : ""));
        if (r.ok()) {
            System.out.println("reloaded " + config.file() + " (configuration version " + r.body().path("version").asLong() + ")");
            return 0;
        }
        for (JsonNode p : r.body().path("problems")) {
            System.err.println(Problems.describe(p));
        }
        System.err.println("reload refused: the running gateway keeps its last good configuration");
        return 1;
    }
}
