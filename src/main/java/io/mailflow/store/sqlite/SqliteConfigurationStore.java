package io.mailflow.store.sqlite;

import io.mailflow.store.PrivateFiles;
import io.mailflow.store.StoreException;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.ConfigurationStore;
import io.mailflow.store.configuration.ConfigurationVersion;
import io.mailflow.store.configuration.VersionConflictException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The embedded {@link ConfigurationStore}: tables in the gateway's SQLite database, on a
 * connection of their own. Changes are rare and small, so they do not go through the mail store's
 * group-committing writer; SQLite's lock orders them against it (and against a CLI command that
 * opens the store while no gateway runs).
 */
public final class SqliteConfigurationStore implements ConfigurationStore {

    private static final String COLUMNS = "version, created_at, who, source, client_address, comment, document, document_hash";

    private final Connection connection;
    private final Clock clock;

    private SqliteConfigurationStore(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Opens (creating or migrating) the store in a data directory's {@code store/mailflow.db}. */
    public static SqliteConfigurationStore open(Path dataDirectory, Clock clock) throws StoreException {
        try {
            return new SqliteConfigurationStore(sideConnection(dataDirectory), clock);
        } catch (Exception e) {
            throw new StoreException("cannot open the configuration store in " + dataDirectory.resolve("store") + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A connection of its own to the gateway's database (created or migrated first), for the
     * stores that change rarely and outside the mail store's writer: the configuration and the
     * admin directory. BEGIN IMMEDIATE: a write takes the lock before it reads, so it waits (busy
     * timeout) for the mail store's writer instead of failing when that writer committed between
     * our read and our write (SQLITE_BUSY_SNAPSHOT).
     */
    static Connection sideConnection(Path dataDirectory) throws Exception {
        Path directory = dataDirectory.resolve("store");
        PrivateFiles.directory(directory);
        Path database = directory.resolve("mailflow.db");
        SqliteMailStore.privateDatabase(database);
        String url = "jdbc:sqlite:" + database;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").loggers("slf4j").load().migrate();
        org.sqlite.SQLiteConfig pragmas = SqliteMailStore.pragmas(false);
        pragmas.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        return DriverManager.getConnection(url, pragmas.toProperties());
    }

    @Override
    public synchronized Optional<ConfigurationVersion> current() throws StoreException {
        return one("SELECT " + COLUMNS + " FROM configuration_version ORDER BY version DESC LIMIT 1");
    }

    @Override
    public synchronized Optional<ConfigurationVersion> version(long number) throws StoreException {
        return one("SELECT " + COLUMNS + " FROM configuration_version WHERE version = ?", number);
    }

    @Override
    public synchronized Optional<ConfigurationVersion> newestWithHash(String documentHash) throws StoreException {
        return one("SELECT " + COLUMNS + " FROM configuration_version WHERE document_hash = ? ORDER BY version DESC LIMIT 1",
                documentHash);
    }

    @Override
    public synchronized List<ConfigurationVersion> history(int limit) throws StoreException {
        return query("SELECT " + COLUMNS + " FROM configuration_version ORDER BY version DESC LIMIT ?", Math.max(limit, 0));
    }

    @Override
    public synchronized ConfigurationVersion append(long base, String document, String documentHash, ConfigurationChange change)
            throws StoreException, VersionConflictException {
        Instant at = clock.instant();
        try {
            connection.setAutoCommit(false);
            try {
                long current = currentNumber();
                if (current != base) {
                    connection.rollback();
                    throw new VersionConflictException(base, current);
                }
                try (PreparedStatement s = connection.prepareStatement("INSERT INTO configuration_version (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setLong(1, base + 1);
                    s.setLong(2, at.toEpochMilli());
                    s.setString(3, change.who());
                    s.setString(4, change.source().name());
                    s.setString(5, change.clientAddress());
                    s.setString(6, change.comment());
                    s.setString(7, document);
                    s.setString(8, documentHash);
                    s.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                long current = currentNumber();
                if (current != base) {
                    // Another process inserted base + 1 between our read and our insert.
                    throw new VersionConflictException(base, current);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("storing configuration version " + (base + 1) + " failed: " + e.getMessage(), e);
        }
        return new ConfigurationVersion(base + 1, Instant.ofEpochMilli(at.toEpochMilli()), change, document, documentHash);
    }

    @Override
    public synchronized Optional<Long> fileBase(String file) throws StoreException {
        try (PreparedStatement s = connection.prepareStatement("SELECT base_version FROM configuration_file WHERE file = ?")) {
            s.setString(1, file);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the configuration file's version failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void fileBase(String file, long version) throws StoreException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO configuration_file (file, base_version) VALUES (?, ?)"
                + " ON CONFLICT (file) DO UPDATE SET base_version = excluded.base_version")) {
            s.setString(1, file);
            s.setLong(2, version);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("recording the configuration file's version failed: " + e.getMessage(), e);
        }
    }

    private long currentNumber() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM configuration_version");
                ResultSet rs = s.executeQuery()) {
            return rs.getLong(1);
        }
    }

    private Optional<ConfigurationVersion> one(String sql, Object... parameters) throws StoreException {
        return query(sql, parameters).stream().findFirst();
    }

    private List<ConfigurationVersion> query(String sql, Object... parameters) throws StoreException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<ConfigurationVersion> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ConfigurationChange change = new ConfigurationChange(rs.getString(3), ChangeSource.valueOf(rs.getString(4)),
                            rs.getString(5), rs.getString(6));
                    out.add(new ConfigurationVersion(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), change, rs.getString(7),
                            rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the configuration store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing was left to write: every append committed before it returned
        }
    }
}
