package io.mailflow.store.admin;

import io.mailflow.store.StoreException;
import io.mailflow.store.configuration.ConfigurationChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin accounts and API tokens that may use the admin API, and the audit of their changes.
 * Names are unique without case. Every change an administrator makes is recorded with who made it
 * ({@link #auditLog}); the gateway's own credentials ({@link #replaceToken}) are not, since no one makes them.
 */
public interface AdminDirectory extends AutoCloseable {

    /** Adds an account; empty when one with this name exists (nothing changed). */
    Optional<AdminAccount> addAccount(String name, AdminRole role, String passwordHash, ConfigurationChange by) throws StoreException;

    /** Removes an account; false when there was none. */
    boolean removeAccount(String name, ConfigurationChange by) throws StoreException;

    Optional<AdminAccount> account(String name) throws StoreException;

    /** Every account, by name. */
    List<AdminAccount> accounts() throws StoreException;

    /**
     * Adds a token; empty when a token of this name is still usable at the store's clock (nothing
     * changed). A revoked or expired token's name may be used again: the new token replaces it.
     *
     * @param expires null for never
     */
    Optional<ApiToken> addToken(String name, AdminRole role, String tokenHash, Instant expires, ConfigurationChange by)
            throws StoreException;

    /** A token the gateway makes for itself (the local CLI's): replaces any of that name, unaudited. */
    ApiToken replaceToken(String name, AdminRole role, String tokenHash, Instant expires) throws StoreException;

    /** Revokes a token; false when there is no such token or it was revoked before. */
    boolean revokeToken(String name, ConfigurationChange by) throws StoreException;

    Optional<ApiToken> tokenByHash(String tokenHash) throws StoreException;

    Optional<ApiToken> token(String name) throws StoreException;

    /** Every token, revoked and expired ones too, by name. */
    List<ApiToken> tokens() throws StoreException;

    /** At most {@code limit} audited changes, newest first. */
    List<AdminChange> auditLog(int limit) throws StoreException;

    @Override
    void close();
}
