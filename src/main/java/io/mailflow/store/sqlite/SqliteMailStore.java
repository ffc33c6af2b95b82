package io.mailflow.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mailflow.message.ContentSpool;
import io.mailflow.store.MailStore;
import io.mailflow.store.spool.SegmentSpool;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import io.mailflow.message.MessageContent;
import io.mailflow.store.PrivateFiles;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoreException;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The embedded {@link MailStore}: the index (queue, recipients, trace) in SQLite in WAL mode,
 * message content in the {@link SegmentSpool}, one group-committing writer, pooled readers.
 */
public final class SqliteMailStore implements MailStore {

    /** How often the spool is looked at for a segment to compact, and how old such a segment must be. */
    private static final java.time.Duration COMPACTION_INTERVAL = java.time.Duration.ofSeconds(30);
    private static final java.time.Duration COMPACTION_MIN_AGE = java.time.Duration.ofMinutes(1);

    private final GroupCommitter writer;
    private final HikariDataSource readers;
    private final SqliteReads reads;
    private final SegmentSpool spool;
    private final java.util.concurrent.ScheduledExecutorService compactor;
    private final io.micrometer.core.instrument.Counter compactions;

    private SqliteMailStore(GroupCommitter writer, HikariDataSource readers, SegmentSpool spool, Path spillDirectory,
            MeterRegistry metrics) {
        this.writer = writer;
        this.readers = readers;
        this.spool = spool;
        this.reads = new SqliteReads(readers, spool, spillDirectory);
        this.compactions = io.micrometer.core.instrument.Counter.builder("mailflow_spool_compactions_total")
                .description("Spool segments compacted: their few live messages copied out so that they could go")
                .register(metrics);
        this.compactor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("spool-compactor").daemon(true).factory());
        compactor.scheduleWithFixedDelay(this::compactOnce, COMPACTION_INTERVAL.toMillis(), COMPACTION_INTERVAL.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Compacts one segment when one is worth it; true when it did. Runs in the background, and in tests. */
    boolean compactOnce() {
        Long candidate = spool.compactionCandidate(COMPACTION_MIN_AGE);
        if (candidate == null) {
            return false;
        }
        Compaction c = new Compaction(candidate, spool);
        try {
            await(writer.submit(c), "compacting the spool");
            compactions.increment();
            org.slf4j.LoggerFactory.getLogger(SqliteMailStore.class).atDebug().addKeyValue("segment", candidate)
                    .addKeyValue("messages", c.moved()).log("spool segment compacted");
            return true;
        } catch (StoreException e) {
            org.slf4j.LoggerFactory.getLogger(SqliteMailStore.class).atWarn().setCause(e).log("spool compaction failed");
            return false;
        }
    }

    /** Opens the store of a data directory: {@code store/} (the index), {@code spool/} (content), {@code tmp/}. */
    public static SqliteMailStore open(Path dataDirectory, MeterRegistry metrics, Clock clock) throws StoreException {
        return open(dataDirectory.resolve("store"), dataDirectory.resolve("spool"), dataDirectory.resolve("tmp"), metrics, clock,
                SegmentSpool.SEGMENT_SIZE);
    }

    /**
     * Opens (and creates or migrates) the database {@code mailflow.db} in {@code directory} and the
     * spool in {@code spoolDirectory} (segments no stored message needs are removed: what a crash
     * left); the content an earlier version kept in the database is read back through
     * {@code spillDirectory}.
     */
    static SqliteMailStore open(Path directory, Path spoolDirectory, Path spillDirectory, MeterRegistry metrics,
            Clock clock, long segmentSize) throws StoreException {
        try {
            PrivateFiles.directory(directory);
            PrivateFiles.directory(spillDirectory);
            Path database = directory.resolve("mailflow.db");
            privateDatabase(database);
            String url = "jdbc:sqlite:" + database;
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
                    .loggers("slf4j").load().migrate();
            Connection writeConnection = DriverManager.getConnection(url, pragmas(false).toProperties());
            purgeFinished(writeConnection);
            SegmentSpool spool = SegmentSpool.open(spoolDirectory, spoolUsage(writeConnection), clock, segmentSize);
            Gauge.builder("mailflow_spool_segments", spool, sp -> sp.usage()[0]).description("Spool segment files")
                    .register(metrics);
            Gauge.builder("mailflow_spool_bytes", spool, sp -> sp.usage()[1]).baseUnit("bytes")
                    .description("Bytes in spool segment files").register(metrics);
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(url);
            pool.setDataSourceProperties(pragmas(true).toProperties());
            pool.setMaximumPoolSize(4);
            pool.setMinimumIdle(1);
            pool.setPoolName("store-readers");
            pool.setReadOnly(true);
            return new SqliteMailStore(new GroupCommitter(writeConnection, spool, metrics), new HikariDataSource(pool), spool,
                    spillDirectory, metrics);
        } catch (Exception e) {
            throw new StoreException("cannot open the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * SQLite creates its files 0644 (less the umask) and gives the -wal, -shm and -journal files
     * the database file's mode, chmod included. So the database is created empty (a valid new
     * database) as 0600 before SQLite opens it; files an older version left open are narrowed.
     */
    static void privateDatabase(Path database) throws java.io.IOException {
        if (!Files.exists(database)) {
            Files.createFile(database, PrivateFiles.file());
        }
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            PrivateFiles.restrict(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    /**
     * A message whose recipients are all final is removed right after its last outcome is stored,
     * in a later commit; a crash in between left it behind for good, as nothing loads it again.
     * Its trace stays: only the queue's copy goes.
     */
    private static void purgeFinished(Connection c) throws java.sql.SQLException {
        String finished = "SELECT queue_id FROM message m WHERE NOT EXISTS"
                + " (SELECT 1 FROM recipient r WHERE r.queue_id = m.queue_id AND r.state = 'QUEUED')";
        try (java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM message_content WHERE queue_id IN (" + finished + ")");
            int removed = s.executeUpdate("DELETE FROM message_chunk WHERE queue_id IN (" + finished + ")");
            s.executeUpdate("DELETE FROM recipient WHERE queue_id IN (" + finished + ")");
            int messages = s.executeUpdate("DELETE FROM message WHERE queue_id IN (" + finished + ")");
            if (messages > 0) {
                org.slf4j.LoggerFactory.getLogger(SqliteMailStore.class).atInfo().addKeyValue("messages", messages)
                        .addKeyValue("chunks", removed).log("removed finished messages a crash had left in the queue");
            }
        }
    }

    /** What the index says each spool segment holds: the spool keeps those and removes the rest. */
    private static Map<Long, SegmentSpool.Usage> spoolUsage(Connection c) throws java.sql.SQLException {
        Map<Long, SegmentSpool.Usage> usage = new HashMap<>();
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                "SELECT segment, COUNT(DISTINCT queue_id), SUM(length) FROM message_content GROUP BY segment")) {
            while (rs.next()) {
                usage.put(rs.getLong(1), new SegmentSpool.Usage(rs.getInt(2), rs.getLong(3)));
            }
        }
        return usage;
    }

    /** WAL for concurrent readers and one fsync per commit; a busy timeout for other processes (the CLI). */
    static SQLiteConfig pragmas(boolean reader) {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.setBusyTimeout(10_000);
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (reader) {
            c.setReadOnly(true);
        }
        return c;
    }

    @Override
    public void accept(StoredMessage message, MessageContent content, List<StoredRecipient> recipients,
            List<TraceRecord> events) throws StoreException {
        await(writer.submit(new SqliteWrites.Accept(message, content, recipients, events, spool)), "storing message");
    }

    @Override
    public void acceptAll(List<NewMessage> messages) throws StoreException {
        List<SqliteWrites.Accept> each = messages.stream()
                .map(m -> new SqliteWrites.Accept(m.message(), m.content(), m.recipients(), m.events(), spool)).toList();
        await(writer.submit(new SqliteWrites.AcceptAll(each)), "storing messages");
    }

    @Override
    public void update(List<RecipientUpdate> updates, List<TraceRecord> events, String removeMessage) {
        writer.submit(new SqliteWrites.Update(updates, events, removeMessage, spool));
    }

    @Override
    public ContentSpool spool() {
        return spool;
    }

    @Override
    public List<QueuedEntry> queued() throws StoreException {
        return reads.queued(null);
    }

    @Override
    public Optional<QueuedEntry> queued(String queueId) throws StoreException {
        return reads.queued(queueId).stream().findFirst();
    }

    @Override
    public MessageContent content(String queueId) throws StoreException {
        return reads.content(queueId);
    }

    @Override
    public List<TracedMessage> trace(TraceQuery query) throws StoreException {
        return reads.trace(query);
    }

    @Override
    public java.util.Optional<TracedMessage> traceOf(String queueId) throws StoreException {
        return reads.traceOf(queueId);
    }

    @Override
    public Pruned pruneTrace(java.time.Instant receivedBefore, int maxMessages) throws StoreException {
        SqliteWrites.PruneTrace prune = new SqliteWrites.PruneTrace(receivedBefore.toEpochMilli(), maxMessages);
        await(writer.submit(prune), "pruning the trace");
        return prune.pruned();
    }

    @Override
    public void flush() throws StoreException {
        await(writer.submit(SqliteWrites.FLUSH), "flushing");
    }

    private static void await(Future<Void> done, String what) throws StoreException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " interrupted", e);
        } catch (ExecutionException e) {
            throw new StoreException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        compactor.shutdownNow();
        writer.close();
        readers.close();
        spool.close();
    }
}
