package io.mailflow.config;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in force in a running gateway. {@link #reload()} reads the file again and
 * swaps the new snapshot in one step when, and only when, the whole file is good.
 */
public final class LiveConfig {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

    private final Path file;
    private final AtomicReference<ConfigSnapshot> current;

    public LiveConfig(ConfigSnapshot initial) {
        this.file = initial.sourceFile();
        this.current = new AtomicReference<>(initial);
        logWarnings(initial);
    }

    private static void logWarnings(ConfigSnapshot s) {
        s.warnings().forEach(w -> LOG.atWarn().addKeyValue("file", w.file()).addKeyValue("field", w.field())
                .log("configuration warning: {}", w));
    }

    /** The snapshot in force now; callers keep it for the length of one session or delivery. */
    public ConfigSnapshot current() {
        return current.get();
    }

    /**
     * Reads the file again. A good file replaces the snapshot for everything that starts from now
     * on; a bad one changes nothing and its problems are thrown.
     */
    public synchronized ConfigSnapshot reload() throws ConfigException {
        if (file == null) {
            throw new ConfigException(java.util.List.of(new ConfigProblem("(built in code)", 0, "", "no file to reload")));
        }
        ConfigSnapshot next;
        try {
            next = ConfigLoader.load(file, current.get().version() + 1);
            String before = current.get().dataDirectory().toAbsolutePath().normalize().toString();
            if (!next.dataDirectory().toAbsolutePath().normalize().toString().equals(before)) {
                // The store, its lock and the runtime file the CLI finds this gateway by stay where
                // they are: a snapshot naming another directory would send parts of the gateway there.
                throw new ConfigException(java.util.List.of(new ConfigProblem(file.toString(), 0, "server.dataDirectory",
                        "changing the data directory needs a restart (the running gateway uses " + before + ")")));
            }
        } catch (ConfigException e) {
            LOG.atWarn().addKeyValue("file", file).addKeyValue("problems", e.problems().size())
                    .log("configuration reload refused; the last good configuration stays in force:\n{}", e.getMessage());
            throw e;
        }
        current.set(next);
        LOG.atInfo().addKeyValue("file", file).addKeyValue("version", next.version()).log("configuration reloaded");
        logWarnings(next);
        return next;
    }
}
