package io.mailflow.config;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in force in a running gateway. {@link ConfigurationService} checks and stores
 * every change and then {@link #install}s it: one step, so that a session or delivery that holds
 * a snapshot keeps a consistent view.
 */
public final class LiveConfig {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

    private final AtomicReference<ConfigSnapshot> current;

    public LiveConfig(ConfigSnapshot initial) {
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

    /** Puts a checked snapshot in force for everything that starts from now on. */
    public void install(ConfigSnapshot next) {
        current.set(next);
        LOG.atInfo().addKeyValue("file", next.sourceFile()).addKeyValue("version", next.version()).log("configuration in force");
        logWarnings(next);
    }
}
