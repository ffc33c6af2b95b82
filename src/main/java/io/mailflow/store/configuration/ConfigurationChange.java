package io.mailflow.store.configuration;

import java.util.Objects;

/**
 * Who asks for a change, from where and why: what the writer says about a new version (the store
 * adds its number and time).
 *
 * @param who the admin account's or API token's name; for the file, the system user that runs the gateway
 * @param source the path the change came by
 * @param clientAddress the client's IP address, or null when the change came from no client (the file)
 * @param comment the administrator's comment, or null
 */
public record ConfigurationChange(String who, ChangeSource source, String clientAddress, String comment) {

    public ConfigurationChange {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(source, "source");
    }
}
