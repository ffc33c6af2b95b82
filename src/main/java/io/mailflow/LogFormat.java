package io.mailflow;

import io.mailflow.model.LoggingSettings;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which encoding the console log uses: {@code logging.format} from the configuration, applied at
 * start and at every reload, unless the environment variable {@code MAILFLOW_LOG_FORMAT} says
 * otherwise. The variable wins because it is in force from the first line, before any file is
 * read (a start-up error is logged in it), and because it is how a container or unit file sets
 * the format for every gateway it runs. logback.xml attaches both encodings; a
 * {@link LogFormatFilter} on each lets through only the one in force.
 */
public final class LogFormat {

    private static final Logger LOG = LoggerFactory.getLogger(LogFormat.class);
    private static final String VARIABLE = "MAILFLOW_LOG_FORMAT";
    private static volatile LoggingSettings.Format current = fromEnvironment(LoggingSettings.Format.Text);

    private LogFormat() {
    }

    /** The encoding in force now. */
    static LoggingSettings.Format current() {
        return current;
    }

    /** Switches to the configured encoding (or keeps the environment's); takes effect with the next line. */
    static void apply(LoggingSettings settings) {
        LoggingSettings.Format next = fromEnvironment(settings.format());
        if (next != current) {
            current = next;
            LOG.atInfo().addKeyValue("format", next.name().toLowerCase(Locale.ROOT)).log("log format changed");
        }
    }

    private static LoggingSettings.Format fromEnvironment(LoggingSettings.Format otherwise) {
        String v = System.getenv(VARIABLE);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        for (LoggingSettings.Format f : LoggingSettings.Format.values()) {
            if (f.name().equalsIgnoreCase(v.strip())) {
                return f;
            }
        }
        return otherwise; // an unknown value must not silence the log
    }
}
