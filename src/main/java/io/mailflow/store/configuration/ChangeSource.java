package io.mailflow.store.configuration;

/** The path a configuration change came by. */
public enum ChangeSource {
    /** The gateway's configuration file, read at start or reload. */
    FILE,
    /** {@code mailflow config ...} and the other commands. */
    CLI,
    /** The REST API ({@code /api/v1}). */
    API,
    /** The web admin center. */
    WEB
}
