package io.mailflow.store.sqlite;

import io.mailflow.message.MessageContent;
import io.mailflow.store.spool.SegmentSpool;
import io.mailflow.store.spool.SpoolRange;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's content in the index: the spool ranges it is made of, in order. Writing puts into
 * the spool what is not there yet (bytes in memory, a temporary file) and refers to what is (a
 * session's extents, the ranges of an original a rule left unchanged), so a message is written
 * to disk once.
 */
final class ContentRows {

    private static final String INSERT = "INSERT INTO message_content (queue_id, seq, segment, offset, length)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT segment, offset, length FROM message_content WHERE queue_id = ? ORDER BY seq";
    /** Bytes of another source are copied into the spool in steps of this many. */
    private static final int RUN = 1024 * 1024;

    private ContentRows() {
    }

    /** Writes the content's rows (and whatever bytes the spool lacks); returns the ranges. */
    static List<SpoolRange> write(Statements c, String queueId, MessageContent content) throws SQLException, IOException {
        SegmentSpool spool = c.spool();
        List<SpoolRange> ranges = new ArrayList<>();
        List<byte[]> run = new ArrayList<>(); // consecutive pieces in memory: one append for all of them
        content.forEachPiece(new MessageContent.PieceVisitor() {
            @Override
            public void bytes(byte[] b, int off, int len) {
                run.add(off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len));
            }

            @Override
            public void range(MessageContent.Range r) throws IOException {
                flush(spool, run, ranges);
                SpoolRange in = spool.rangeOf(r);
                if (in != null) {
                    add(ranges, in);
                } else {
                    copy(spool, r, ranges); // not the spool's (a temporary file): its bytes come in
                }
            }
        });
        flush(spool, run, ranges);
        if (ranges.isEmpty()) {
            ranges.add(spool.append(new byte[0], 0, 0)); // a row says the content exists, even an empty one
        }
        insert(c, queueId, ranges);
        return ranges;
    }

    private static void insert(Statements c, String queueId, List<SpoolRange> ranges) throws SQLException {
        PreparedStatement s = c.prepare(INSERT);
        for (int seq = 0; seq < ranges.size(); seq++) {
            SpoolRange r = ranges.get(seq);
            s.setString(1, queueId);
            s.setInt(2, seq);
            s.setLong(3, r.segment());
            s.setLong(4, r.offset());
            s.setLong(5, r.length());
            s.executeUpdate();
        }
    }

    /**
     * Compaction: the message's bytes that lie in {@code segment} are copied to the active segment
     * and its rows rewritten; returns the new ranges (the old ones are what it had).
     */
    static List<SpoolRange> move(Statements c, String queueId, List<SpoolRange> old, long segment)
            throws SQLException, IOException {
        SegmentSpool spool = c.spool();
        List<SpoolRange> moved = new ArrayList<>();
        for (SpoolRange r : old) {
            if (r.segment() != segment) {
                add(moved, r);
                continue;
            }
            MessageContent bytes = spool.read(List.of(r));
            bytes.forEachPiece(new MessageContent.PieceVisitor() {
                @Override
                public void bytes(byte[] b, int off, int len) {
                    throw new IllegalStateException("a spool read holds no bytes in memory");
                }

                @Override
                public void range(MessageContent.Range piece) throws IOException {
                    copy(spool, piece, moved);
                }
            });
        }
        PreparedStatement d = c.prepare("DELETE FROM message_content WHERE queue_id = ?");
        d.setString(1, queueId);
        d.executeUpdate();
        insert(c, queueId, moved);
        return moved;
    }

    /** The messages with bytes in a segment. */
    static List<String> messagesIn(Statements c, long segment) throws SQLException {
        PreparedStatement s = c.prepare("SELECT DISTINCT queue_id FROM message_content WHERE segment = ?");
        s.setLong(1, segment);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Appends the pieces waiting in memory, joined into one array of their exact size when there are several. */
    private static void flush(SegmentSpool spool, List<byte[]> run, List<SpoolRange> ranges) throws IOException {
        if (run.isEmpty()) {
            return;
        }
        add(ranges, spool.append(run));
        run.clear();
    }

    private static void copy(SegmentSpool spool, MessageContent.Range r, List<SpoolRange> ranges) throws IOException {
        byte[] buf = new byte[RUN];
        try (InputStream in = r.source().open(r.offset(), r.length())) {
            for (int n = in.readNBytes(buf, 0, buf.length); n > 0; n = in.readNBytes(buf, 0, buf.length)) {
                add(ranges, spool.append(buf, 0, n));
            }
        }
    }

    /** Adds a range, joined to the previous one when it continues it in the same segment. */
    private static void add(List<SpoolRange> ranges, SpoolRange r) {
        if (!ranges.isEmpty()) {
            SpoolRange last = ranges.getLast();
            if (last.segment() == r.segment() && last.offset() + last.length() == r.offset()) {
                ranges.set(ranges.size() - 1, new SpoolRange(r.segment(), last.offset(), last.length() + r.length()));
                return;
            }
        }
        ranges.add(r);
    }

    /** The ranges of a stored message, in order; empty when it has none (content of an earlier version, or none). */
    static List<SpoolRange> read(Connection c, String queueId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT)) {
            return read(s, queueId);
        }
    }

    /** The same on the writer's connection, before a removal. */
    static List<SpoolRange> read(Statements c, String queueId) throws SQLException {
        return read(c.prepare(SELECT), queueId);
    }

    private static List<SpoolRange> read(PreparedStatement s, String queueId) throws SQLException {
        s.setString(1, queueId);
        List<SpoolRange> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new SpoolRange(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
