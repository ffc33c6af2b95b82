package io.mailflow.store.sqlite;

import io.mailflow.store.StoreException;
import io.mailflow.store.admin.AdminAccount;
import io.mailflow.store.admin.AdminAction;
import io.mailflow.store.admin.AdminChange;
import io.mailflow.store.admin.AdminDirectory;
import io.mailflow.store.admin.AdminRole;
import io.mailflow.store.admin.ApiToken;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded {@link AdminDirectory}: tables in the gateway's SQLite database, on a connection of
 * its own (WAL), so that {@code mailflow admin ...} can change them while the gateway runs and the
 * gateway sees the change at the next request. A change and its audit row commit together.
 */
public final class SqliteAdminDirectory implements AdminDirectory {

    private static final String TOKEN_COLUMNS = "name, role, token_hash, created_at, expires_at, revoked_at";

    private final Connection connection;
    private final Clock clock;

    private SqliteAdminDirectory(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Opens (creating or migrating) the directory in a data directory's {@code store/mailflow.db}. */
    public static SqliteAdminDirectory open(Path dataDirectory, Clock clock) throws StoreException {
        try {
            return new SqliteAdminDirectory(SqliteConfigurationStore.sideConnection(dataDirectory), clock);
        } catch (Exception e) {
            throw new StoreException("cannot open the admin directory in " + dataDirectory.resolve("store") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<AdminAccount> addAccount(String name, AdminRole role, String passwordHash, ConfigurationChange by)
            throws StoreException {
        Instant now = now();
        return write("adding admin account " + name, () -> {
            if (account(name).isPresent()) {
                return Optional.<AdminAccount>empty();
            }
            update("INSERT INTO admin_account (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)", name, role.name(),
                    passwordHash, now.toEpochMilli());
            audit(now, AdminAction.AccountAdded, name, role, by);
            return Optional.of(new AdminAccount(name, role, passwordHash, now));
        });
    }

    @Override
    public synchronized boolean removeAccount(String name, ConfigurationChange by) throws StoreException {
        Instant now = now();
        return write("removing admin account " + name, () -> {
            Optional<AdminAccount> found = account(name);
            if (found.isEmpty()) {
                return false;
            }
            update("DELETE FROM admin_account WHERE name = ?", name);
            audit(now, AdminAction.AccountRemoved, found.get().name(), found.get().role(), by);
            return true;
        });
    }

    @Override
    public synchronized Optional<AdminAccount> account(String name) throws StoreException {
        return accounts("SELECT name, role, password_hash, created_at FROM admin_account WHERE name = ?", name).stream().findFirst();
    }

    @Override
    public synchronized List<AdminAccount> accounts() throws StoreException {
        return accounts("SELECT name, role, password_hash, created_at FROM admin_account ORDER BY name");
    }

    @Override
    public synchronized Optional<ApiToken> addToken(String name, AdminRole role, String tokenHash, Instant expires,
            ConfigurationChange by) throws StoreException {
        Instant now = now();
        return write("creating API token " + name, () -> {
            Optional<ApiToken> existing = token(name);
            if (existing.isPresent() && existing.get().usableAt(now)) {
                return Optional.<ApiToken>empty();
            }
            ApiToken t = putToken(name, role, tokenHash, now, expires);
            audit(now, AdminAction.TokenCreated, name, role, by);
            return Optional.of(t);
        });
    }

    @Override
    public synchronized ApiToken replaceToken(String name, AdminRole role, String tokenHash, Instant expires) throws StoreException {
        Instant now = now();
        return write("renewing API token " + name, () -> putToken(name, role, tokenHash, now, expires));
    }

    @Override
    public synchronized boolean revokeToken(String name, ConfigurationChange by) throws StoreException {
        Instant now = now();
        return write("revoking API token " + name, () -> {
            Optional<ApiToken> found = token(name);
            if (found.isEmpty() || found.get().revoked() != null) {
                return false;
            }
            update("UPDATE api_token SET revoked_at = ? WHERE name = ?", now.toEpochMilli(), name);
            audit(now, AdminAction.TokenRevoked, found.get().name(), found.get().role(), by);
            return true;
        });
    }

    @Override
    public synchronized Optional<ApiToken> tokenByHash(String tokenHash) throws StoreException {
        return tokens("SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE token_hash = ?", tokenHash).stream().findFirst();
    }

    @Override
    public synchronized Optional<ApiToken> token(String name) throws StoreException {
        return tokens("SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE name = ?", name).stream().findFirst();
    }

    @Override
    public synchronized List<ApiToken> tokens() throws StoreException {
        return tokens("SELECT " + TOKEN_COLUMNS + " FROM api_token ORDER BY name");
    }

    @Override
    public synchronized List<AdminChange> auditLog(int limit) throws StoreException {
        try (PreparedStatement s = connection.prepareStatement("SELECT created_at, action, subject, role, who, source, client_address,"
                + " comment FROM admin_change ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, Math.max(limit, 0));
            List<AdminChange> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AdminChange(Instant.ofEpochMilli(rs.getLong(1)), AdminAction.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4) == null ? null : AdminRole.valueOf(rs.getString(4)),
                            new ConfigurationChange(rs.getString(5), ChangeSource.valueOf(rs.getString(6)), rs.getString(7),
                                    rs.getString(8))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the admin audit log failed: " + e.getMessage(), e);
        }
    }

    /** The store keeps milliseconds: what it answers later equals what it answers now. */
    private Instant now() {
        return Instant.ofEpochMilli(clock.instant().toEpochMilli());
    }

    private ApiToken putToken(String name, AdminRole role, String tokenHash, Instant now, Instant expires) throws SQLException {
        update("DELETE FROM api_token WHERE name = ?", name);
        update("INSERT INTO api_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL)", name, role.name(), tokenHash,
                now.toEpochMilli(), expires == null ? null : expires.toEpochMilli());
        return new ApiToken(name, role, tokenHash, now,
                expires == null ? null : Instant.ofEpochMilli(expires.toEpochMilli()), null);
    }

    private void audit(Instant at, AdminAction action, String subject, AdminRole role, ConfigurationChange by) throws SQLException {
        update("INSERT INTO admin_change (created_at, action, subject, role, who, source, client_address, comment)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", at.toEpochMilli(), action.name(), subject, role == null ? null : role.name(),
                by.who(), by.source().name(), by.clientAddress(), by.comment());
    }

    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    /** One transaction: the change and its audit row commit together or not at all. */
    private <T> T write(String what, Work<T> work) throws StoreException {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | StoreException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    private List<AdminAccount> accounts(String sql, Object... parameters) throws StoreException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<AdminAccount> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AdminAccount(rs.getString(1), AdminRole.valueOf(rs.getString(2)), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading admin accounts failed: " + e.getMessage(), e);
        }
    }

    private List<ApiToken> tokens(String sql, Object... parameters) throws StoreException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<ApiToken> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long expires = rs.getLong(5);
                    Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
                    long revoked = rs.getLong(6);
                    Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                    out.add(new ApiToken(rs.getString(1), AdminRole.valueOf(rs.getString(2)), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), expiresAt, revokedAt));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading API tokens failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // every change committed before it returned
        }
    }
}
