package io.mailflow.store.sqlite;

import io.mailflow.store.spool.SegmentSpool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** What a write works with: the writer connection's prepared statements (prepared once, reused), and the spool. */
final class Statements implements AutoCloseable {

    private final Connection connection;
    private final SegmentSpool spool;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private Boolean legacyChunks;

    Statements(Connection connection, SegmentSpool spool) {
        this.connection = connection;
        this.spool = spool;
    }

    SegmentSpool spool() {
        return spool;
    }

    /**
     * True while messages stored before the spool (content in {@code message_chunk} rows) may
     * remain: asked once per writer, since nothing writes such rows any more, so that removing a
     * message does not probe an empty table every time.
     */
    boolean legacyChunks() throws SQLException {
        if (legacyChunks == null) {
            try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM message_chunk)")) {
                legacyChunks = rs.next() && rs.getInt(1) == 1;
            }
        }
        return legacyChunks;
    }

    /** The statement for this SQL, parameters cleared; owned by this cache (do not close it). */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement s = prepared.get(sql);
        if (s == null) {
            s = connection.prepareStatement(sql);
            prepared.put(sql, s);
        } else {
            s.clearParameters();
        }
        return s;
    }

    @Override
    public void close() {
        for (PreparedStatement s : prepared.values()) {
            try {
                s.close();
            } catch (SQLException ignored) {
                // closing the connection releases it anyway
            }
        }
        prepared.clear();
    }
}
