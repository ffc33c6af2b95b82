package io.mailflow.store.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A named bearer token for scripts and the CLI. The store keeps only its hash
 * ({@link ApiTokens#hash}); the token itself is shown once, when it is created.
 *
 * @param expires when it stops working, or null for never
 * @param revoked when it was revoked, or null while it was not
 */
public record ApiToken(String name, AdminRole role, String tokenHash, Instant created, Instant expires, Instant revoked) {

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tokenHash, "tokenHash");
    }

    /** True when the token is accepted at {@code now}: neither revoked nor expired. */
    public boolean usableAt(Instant now) {
        return revoked == null && (expires == null || now.isBefore(expires));
    }
}
