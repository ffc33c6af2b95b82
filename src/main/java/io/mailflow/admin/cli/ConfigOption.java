package io.mailflow.admin.cli;

import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares; the default is the bundled example. */
final class ConfigOption {

    /** Set by bin/mailflow to the bundled example configuration. */
    static final String DEFAULT_PROPERTY = "mailflow.defaultConfig";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: the bundled example, mailflow.yaml)")
    Path file;

    Path file() {
        if (file != null) {
            return file;
        }
        return Path.of(System.getProperty(DEFAULT_PROPERTY, "mailflow.yaml"));
    }

    ConfigSnapshot load() throws ConfigException {
        return ConfigLoader.load(file(), 1);
    }
}
