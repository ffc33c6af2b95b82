package io.mailflow.model;

/**
 * How the gateway writes its log (to standard output).
 *
 * @param format {@code text} (default: one line with {@code key="value"} fields) or {@code json}
 *        (one JSON object per line, each field a member, for a SIEM or a log summary tool); the
 *        environment variable {@code MAILFLOW_LOG_FORMAT}, when set, takes precedence
 */
public record LoggingSettings(Format format) {

    /** The log's encoding. */
    public enum Format {
        Text, Json
    }

    public LoggingSettings {
        format = format == null ? Format.Text : format;
    }

    public static LoggingSettings defaults() {
        return new LoggingSettings(null);
    }
}
