package io.mailflow.store.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A person who logs in to the admin API (HTTP Basic).
 *
 * @param name the login name, unique (compared without case)
 * @param passwordHash bcrypt ({@code $2y$12$...}); never answered by the API
 * @param created when the store added it
 */
public record AdminAccount(String name, AdminRole role, String passwordHash, Instant created) {

    public AdminAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }
}
