package io.mailflow.store.sqlite;

import io.mailflow.message.MessageContent;
import io.mailflow.model.AddressPattern;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientState;
import io.mailflow.store.StoreException;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.RuleRoute;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import io.mailflow.store.spool.SegmentSpool;
import io.mailflow.store.spool.SpoolRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Read queries, on the pooled read-only connections. */
final class SqliteReads {

    /** Content larger than this is reassembled in a temporary file instead of memory. */
    private static final long IN_MEMORY_LIMIT = 4L * 1024 * 1024;

    private final DataSource readers;
    private final SegmentSpool spool;
    private final Path spillDirectory;

    SqliteReads(DataSource readers, SegmentSpool spool, Path spillDirectory) {
        this.readers = readers;
        this.spool = spool;
        this.spillDirectory = spillDirectory;
    }

    /** Messages with a QUEUED recipient (one message when {@code queueId} is given), oldest first. */
    List<QueuedEntry> queued(String queueId) throws StoreException {
        String sql = "SELECT queue_id, received_at, sender, size, message_id, subject, client_ip, attributes FROM message m"
                + " WHERE EXISTS (SELECT 1 FROM recipient r WHERE r.queue_id = m.queue_id AND r.state = 'QUEUED')"
                + (queueId == null ? "" : " AND m.queue_id = ?") + " ORDER BY received_at, queue_id";
        List<QueuedEntry> out = new ArrayList<>();
        try (Connection c = readers.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (queueId != null) {
                s.setString(1, queueId);
            }
            List<StoredMessage> messages = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    messages.add(new StoredMessage(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            Attributes.fromJson(rs.getString(8))));
                }
            }
            for (StoredMessage m : messages) {
                out.add(new QueuedEntry(m, recipients(c, m.queueId())));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the queue: " + e.getMessage(), e);
        }
    }

    private static List<StoredRecipient> recipients(Connection c, String queueId) throws SQLException {
        List<StoredRecipient> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT idx, address, orcpt, notify, next_hop, state, attempts,"
                + " next_attempt_at, last_error, delay_notified, rule_connector, rule_require_tls FROM recipient"
                + " WHERE queue_id = ? ORDER BY idx")) {
            s.setString(1, queueId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(8);
                    Instant nextAt = rs.wasNull() ? null : Instant.ofEpochMilli(next);
                    out.add(new StoredRecipient(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), RecipientState.valueOf(rs.getString(6)), rs.getInt(7), nextAt, rs.getString(9),
                            rs.getInt(10) != 0, new RuleRoute(rs.getString(11), rs.getInt(12) != 0)));
                }
            }
        }
        return out;
    }

    /** A stored message's content, read from the spool where it is, not copied. */
    MessageContent content(String queueId) throws StoreException {
        List<SpoolRange> ranges;
        try (Connection c = readers.getConnection()) {
            ranges = ContentRows.read(c, queueId);
        } catch (SQLException e) {
            throw new StoreException("reading message " + queueId + ": " + e.getMessage(), e);
        }
        if (ranges.isEmpty()) {
            return chunks(queueId);
        }
        try {
            return spool.read(ranges);
        } catch (IOException e) {
            throw new StoreException("reading message " + queueId + ": " + e.getMessage(), e);
        }
    }

    /** Content an earlier version kept in database rows (message_chunk), reassembled as it was. */
    private MessageContent chunks(String queueId) throws StoreException {
        try (Connection c = readers.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT data FROM message_chunk WHERE queue_id = ? ORDER BY seq")) {
            s.setString(1, queueId);
            ByteArrayOutputStream memory = new ByteArrayOutputStream();
            Path file = null;
            OutputStream out = memory;
            long size = 0;
            try (ResultSet rs = s.executeQuery()) {
                boolean any = false;
                while (rs.next()) {
                    any = true;
                    byte[] chunk = rs.getBytes(1);
                    size += chunk.length;
                    if (file == null && size > IN_MEMORY_LIMIT) {
                        file = Files.createTempFile(spillDirectory, "read-", ".eml");
                        out = Files.newOutputStream(file);
                        memory.writeTo(out);
                    }
                    out.write(chunk);
                }
                if (!any) {
                    throw new StoreException("message " + queueId + " is not in the queue", null);
                }
            } finally {
                if (file != null) {
                    out.close();
                }
            }
            return file == null ? MessageContent.ofBytes(memory.toByteArray()) : MessageContent.ofFile(file, size);
        } catch (SQLException | IOException e) {
            throw new StoreException("reading message " + queueId + ": " + e.getMessage(), e);
        }
    }

    java.util.Optional<TracedMessage> traceOf(String queueId) throws StoreException {
        List<Object> args = new ArrayList<>(List.of(queueId));
        return found(new StringBuilder(SELECT_TRACE + " AND queue_id = ?"), args).stream().findFirst();
    }

    private static final String SELECT_TRACE = "SELECT queue_id, received_at, sender, message_id, subject, size, client_ip"
            + " FROM trace_message t WHERE 1 = 1";

    List<TracedMessage> trace(TraceQuery q) throws StoreException {
        StringBuilder sql = new StringBuilder(SELECT_TRACE);
        List<Object> args = new ArrayList<>();
        if (q.recipient() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM trace_recipient r WHERE r.queue_id = t.queue_id AND r.address_key")
                    .append(addressTest(q.recipient(), args)).append(')');
        }
        if (q.sender() != null) {
            sql.append(" AND sender_key").append(addressTest(q.sender(), args));
        }
        if (q.messageId() != null) {
            String id = q.messageId().strip();
            sql.append(" AND (message_id = ? OR message_id = ?)");
            args.add(id.startsWith("<") ? id : "<" + id + ">");
            args.add(id);
        }
        if (q.since() != null) {
            sql.append(" AND received_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            sql.append(" AND received_at < ?");
            args.add(q.until().toEpochMilli());
        }
        sql.append(" ORDER BY received_at DESC, queue_id DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return found(sql, args);
    }

    /** The messages the statement finds, each with its recipients and events. */
    private List<TracedMessage> found(StringBuilder sql, List<Object> args) throws StoreException {
        try (Connection c = readers.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<TracedMessage> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new TracedMessage(id, Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), null, null));
                }
            }
            List<TracedMessage> full = new ArrayList<>();
            for (TracedMessage m : out) {
                full.add(new TracedMessage(m.queueId(), m.receivedAt(), m.sender(), m.messageId(), m.subject(), m.size(),
                        m.clientIp(), traceRecipients(c, m.queueId()), events(c, m.queueId())));
            }
            return full;
        } catch (SQLException e) {
            throw new StoreException("reading the trace: " + e.getMessage(), e);
        }
    }

    /**
     * The comparison for an address column: equality, or LIKE when the operator wrote a {@code *}
     * (the keys are stored lower-cased, the pattern is too; % and _ in it are escaped).
     */
    private static String addressTest(String address, List<Object> args) {
        var pattern = new AddressPattern(address);
        if (pattern.hasWildcard()) {
            args.add(pattern.sqlLike());
            return " LIKE ? ESCAPE '" + AddressPattern.LIKE_ESCAPE + "'";
        }
        args.add(address.toLowerCase(Locale.ROOT));
        return " = ?";
    }

    private static List<String> traceRecipients(Connection c, String queueId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT address FROM trace_recipient WHERE queue_id = ? ORDER BY address_key")) {
            s.setString(1, queueId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<TraceRecord> events(Connection c, String queueId) throws SQLException {
        List<TraceRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT at, event, recipient, detail FROM trace_event WHERE queue_id = ? ORDER BY at, id")) {
            s.setString(1, queueId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new TraceRecord(queueId, Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return out;
    }
}
