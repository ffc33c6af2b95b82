package io.mailflow.store.sqlite;

import io.mailflow.store.spool.SegmentSpool;
import io.mailflow.store.spool.SpoolRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One segment compacted: the messages that keep it alive get their bytes there copied to the
 * active segment and their rows rewritten, in one durable commit (the copies are synced before
 * the rows that point at them); once it is durable the old segment is unused and goes. A message
 * read while it moves keeps reading the old segment, which stays open until that read ends.
 */
final class Compaction implements GroupCommitter.Write {

    private final long segment;
    private final SegmentSpool spool;
    private final List<List<SpoolRange>> before = new ArrayList<>();
    private final List<List<SpoolRange>> after = new ArrayList<>();

    Compaction(long segment, SegmentSpool spool) {
        this.segment = segment;
        this.spool = spool;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void apply(Statements c) throws SQLException {
        before.clear();
        after.clear();
        try {
            for (String id : ContentRows.messagesIn(c, segment)) {
                List<SpoolRange> old = ContentRows.read(c, id);
                before.add(old);
                after.add(ContentRows.move(c, id, old, segment));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void committed() {
        for (int i = 0; i < before.size(); i++) {
            spool.referenced(after.get(i));
            spool.unreferenced(before.get(i));
        }
    }

    /** How many messages moved. */
    int moved() {
        return before.size();
    }
}
