package io.mailflow.admin.cli;

import io.mailflow.admin.RuntimeFile;
import io.mailflow.config.ConfigSnapshot;
import java.util.Optional;

/** Finds the running gateway that a configuration's data directory belongs to. */
final class Gateways {

    /** Exit code of a command that needs a running gateway and found none. */
    static final int NOT_RUNNING = 3;

    private Gateways() {
    }

    static Optional<RuntimeFile.Info> running(ConfigSnapshot config) {
        return RuntimeFile.read(config.dataDirectory());
    }

    static int notRunning(ConfigSnapshot config) {
        System.err.println("no running gateway uses " + config.sourceFile() + " (data directory " + config.dataDirectory() + ")");
        return NOT_RUNNING;
    }
}
