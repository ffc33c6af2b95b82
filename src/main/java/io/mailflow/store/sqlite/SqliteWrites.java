package io.mailflow.store.sqlite;

import io.mailflow.message.MessageContent;
import io.mailflow.store.MailStore;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.TraceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.mailflow.store.spool.SegmentSpool;
import io.mailflow.store.spool.SpoolRange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The writes the store's writer thread runs, each inside the batch's transaction. */
final class SqliteWrites {

    private static final String INSERT_MESSAGE = "INSERT INTO message (queue_id, received_at, sender, size, message_id,"
            + " subject, client_ip, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RECIPIENT = "INSERT INTO recipient (queue_id, idx, address, orcpt, notify, next_hop,"
            + " state, attempts, next_attempt_at, last_error, rule_connector, rule_require_tls)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TRACE_MESSAGE = "INSERT INTO trace_message (queue_id, received_at, sender, sender_key,"
            + " message_id, subject, size, client_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TRACE_RECIPIENT = "INSERT OR IGNORE INTO trace_recipient (queue_id, address_key,"
            + " address) VALUES (?, ?, ?)";
    private static final String INSERT_EVENT = "INSERT INTO trace_event (queue_id, at, event, recipient, detail)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_RECIPIENT = "UPDATE recipient SET state = ?, attempts = ?, next_attempt_at = ?,"
            + " last_error = ?, next_hop = ?, delay_notified = ? WHERE queue_id = ? AND idx = ?";
    private static final List<String> REMOVE_MESSAGE = List.of("DELETE FROM message_content WHERE queue_id = ?",
            "DELETE FROM message_chunk WHERE queue_id = ?", "DELETE FROM recipient WHERE queue_id = ?",
            "DELETE FROM message WHERE queue_id = ?");

    private SqliteWrites() {
    }

    /** Makes everything handed over before it durable. */
    static final GroupCommitter.Write FLUSH = new GroupCommitter.Write() {
        @Override
        public void apply(Statements statements) {
        }

        @Override
        public boolean durable() {
            return true;
        }
    };

    /**
     * A newly received message: content (in the spool, its ranges in the index), recipients, trace
     * summary and first events. Durable.
     */
    static final class Accept implements GroupCommitter.Write {
        private final StoredMessage m;
        private final MessageContent content;
        private final List<StoredRecipient> recipients;
        private final List<TraceRecord> events;
        private final SegmentSpool spool;
        /** The ranges the last run of apply wrote; counted in the spool once they are committed. */
        private List<SpoolRange> ranges = List.of();

        Accept(StoredMessage m, MessageContent content, List<StoredRecipient> recipients, List<TraceRecord> events,
                SegmentSpool spool) {
            this.m = m;
            this.content = content;
            this.recipients = recipients;
            this.events = events;
            this.spool = spool;
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public void committed() {
            spool.referenced(ranges);
        }

        @Override
        public void apply(Statements c) throws SQLException {
            PreparedStatement s = c.prepare(INSERT_MESSAGE);
            s.setString(1, m.queueId());
            s.setLong(2, m.receivedAt().toEpochMilli());
            s.setString(3, m.sender());
            s.setLong(4, m.size());
            s.setString(5, m.messageId());
            s.setString(6, m.subject());
            s.setString(7, m.clientIp());
            s.setString(8, Attributes.toJson(m.attributes()));
            s.executeUpdate();
            insertContent(c);
            s = c.prepare(INSERT_RECIPIENT);
            for (StoredRecipient r : recipients) {
                s.setString(1, m.queueId());
                s.setInt(2, r.index());
                s.setString(3, r.address());
                s.setString(4, r.orcpt());
                s.setString(5, r.dsnNotify());
                s.setString(6, r.nextHop());
                s.setString(7, r.state().name());
                s.setInt(8, r.attempts());
                setInstant(s, 9, r.nextAttemptAt());
                s.setString(10, r.lastError());
                s.setString(11, r.ruleRoute().connector());
                s.setInt(12, r.ruleRoute().requireTls() ? 1 : 0);
                s.executeUpdate();
            }
            insertTraceSummary(c);
            insertEvents(c, events);
        }

        private void insertContent(Statements c) throws SQLException {
            try {
                ranges = ContentRows.write(c, m.queueId(), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void insertTraceSummary(Statements c) throws SQLException {
            PreparedStatement s = c.prepare(INSERT_TRACE_MESSAGE);
            s.setString(1, m.queueId());
            s.setLong(2, m.receivedAt().toEpochMilli());
            s.setString(3, m.sender());
            s.setString(4, m.sender().toLowerCase(Locale.ROOT));
            s.setString(5, m.messageId());
            s.setString(6, m.subject());
            s.setLong(7, m.size());
            s.setString(8, m.clientIp());
            s.executeUpdate();
            s = c.prepare(INSERT_TRACE_RECIPIENT);
            // The trace finds a message by any address it was sent to: final recipients, and the
            // group, proxy or contact addresses its events name (INSERT OR IGNORE drops repeats).
            List<String> addresses = new java.util.ArrayList<>(recipients.stream().map(StoredRecipient::address).toList());
            events.stream().map(TraceRecord::recipient).filter(java.util.Objects::nonNull).forEach(addresses::add);
            for (String address : addresses) {
                s.setString(1, m.queueId());
                s.setString(2, address.toLowerCase(Locale.ROOT));
                s.setString(3, address);
                s.executeUpdate();
            }
        }
    }

    /** Several new messages in one transaction: all or none. Durable. */
    record AcceptAll(List<Accept> messages) implements GroupCommitter.Write {

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public void apply(Statements c) throws SQLException {
            for (Accept a : messages) {
                a.apply(c);
            }
        }

        @Override
        public void committed() {
            messages.forEach(Accept::committed);
        }
    }

    /**
     * Outcomes of delivery attempts and administrator actions, and the removal of a message whose
     * recipients are all final. Not durable on its own.
     */
    static final class Update implements GroupCommitter.Write {
        private final List<RecipientUpdate> updates;
        private final List<TraceRecord> events;
        private final String removeMessage;
        private final SegmentSpool spool;
        /** The removed message's ranges, given back to the spool once the removal is committed. */
        private List<SpoolRange> removed = List.of();

        Update(List<RecipientUpdate> updates, List<TraceRecord> events, String removeMessage, SegmentSpool spool) {
            this.updates = updates;
            this.events = events;
            this.removeMessage = removeMessage;
            this.spool = spool;
        }

        @Override
        public boolean durable() {
            return false;
        }

        @Override
        public void committed() {
            spool.unreferenced(removed);
        }

        @Override
        public void apply(Statements c) throws SQLException {
            PreparedStatement s = c.prepare(UPDATE_RECIPIENT);
            for (RecipientUpdate u : updates) {
                if (u.queueId().equals(removeMessage)) {
                    continue; // its rows are deleted below; the trace events keep the outcome
                }
                s.setString(1, u.state().name());
                s.setInt(2, u.attempts());
                setInstant(s, 3, u.nextAttemptAt());
                s.setString(4, u.lastError());
                s.setString(5, u.nextHop());
                s.setInt(6, u.delayNotified() ? 1 : 0);
                s.setString(7, u.queueId());
                s.setInt(8, u.index());
                s.executeUpdate();
            }
            insertEvents(c, events);
            if (removeMessage != null) {
                removed = ContentRows.read(c, removeMessage);
                for (String sql : REMOVE_MESSAGE) {
                    if (sql.contains("message_chunk") && !c.legacyChunks()) {
                        continue;
                    }
                    PreparedStatement d = c.prepare(sql);
                    d.setString(1, removeMessage);
                    d.executeUpdate();
                }
            }
        }
    }

    /**
     * Removes the trace of the oldest messages received before a time that are no longer in the
     * queue (a message row exists while any recipient waits, and until its removal commits).
     * Its result is set by the last run of {@link #apply}: a batch that failed is applied again alone.
     */
    static final class PruneTrace implements GroupCommitter.Write {
        private static final String OLDEST = "SELECT queue_id FROM trace_message t WHERE received_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM message m WHERE m.queue_id = t.queue_id) ORDER BY received_at LIMIT ?";
        private static final List<String> DELETE = List.of("DELETE FROM trace_event WHERE queue_id = ?",
                "DELETE FROM trace_recipient WHERE queue_id = ?", "DELETE FROM trace_message WHERE queue_id = ?");

        private final long before;
        private final int max;
        private volatile MailStore.Pruned pruned = new MailStore.Pruned(0, 0);

        PruneTrace(long beforeMillis, int maxMessages) {
            this.before = beforeMillis;
            this.max = maxMessages;
        }

        MailStore.Pruned pruned() {
            return pruned;
        }

        @Override
        public boolean durable() {
            return false;
        }

        @Override
        public void apply(Statements c) throws SQLException {
            List<String> ids = new java.util.ArrayList<>();
            PreparedStatement s = c.prepare(OLDEST);
            s.setLong(1, before);
            s.setInt(2, max);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            int rows = 0;
            for (String sql : DELETE) {
                PreparedStatement d = c.prepare(sql);
                for (String id : ids) {
                    d.setString(1, id);
                    rows += d.executeUpdate();
                }
            }
            pruned = new MailStore.Pruned(ids.size(), rows);
        }
    }

    static void insertEvents(Statements c, List<TraceRecord> events) throws SQLException {
        PreparedStatement s = c.prepare(INSERT_EVENT);
        for (TraceRecord e : events) {
            s.setString(1, e.queueId());
            s.setLong(2, e.at().toEpochMilli());
            s.setString(3, e.event());
            s.setString(4, e.recipient());
            s.setString(5, e.detail());
            s.executeUpdate();
        }
    }

    private static void setInstant(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, at.toEpochMilli());
        }
    }
}
