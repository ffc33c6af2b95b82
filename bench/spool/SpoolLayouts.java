import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 9's layout question, measured: message content as one file per message or appended to
 * shared segment files, both made durable by a group commit (one committer thread that takes
 * whatever messages are waiting and makes them durable together, as the store's writer does).
 *
 *   java bench/spool/SpoolLayouts.java DIR [sessions] [seconds]
 *
 * Each of `sessions` virtual threads writes messages back to back (4 KiB, 100 KiB, 1 MiB) in
 * 64 KiB writes, as a session does while DATA streams in, then hands the message to the committer
 * and waits for it to be durable (the 250). After the commit each message is deleted again, as
 * delivery would (file: unlink; segment: the file goes when all its messages are gone).
 *   file:    write the file while receiving; commit = fdatasync each file of the group, fsync the
 *            directory once, then one fdatasync of an index file (the database commit)
 *   segment: write into the active segment at an offset reserved per message; commit = one
 *            fdatasync of each segment the group touched, then one of the index file
 * Prints messages/s, MB/s, and process CPU per message, per layout and size.
 */
public class SpoolLayouts {

    interface Layout {
        Object receive(byte[] message) throws IOException;   // written, not yet durable
        void commit(List<Object> group) throws IOException;  // durable when this returns
        void delete(Object message) throws IOException;
        void close() throws IOException;
    }

    static final int WRITE = 64 * 1024;

    static final class FilePerMessage implements Layout {
        final Path dir;
        final AtomicLong ids = new AtomicLong();
        final FileChannel index;

        FilePerMessage(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.index = FileChannel.open(dir.resolve("index"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        public Object receive(byte[] m) throws IOException {
            Path f = dir.resolve("m" + ids.incrementAndGet());
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int at = 0; at < m.length; at += WRITE) {
                    ch.write(ByteBuffer.wrap(m, at, Math.min(WRITE, m.length - at)));
                }
            }
            return f;
        }

        public void commit(List<Object> group) throws IOException {
            for (Object o : group) {
                try (FileChannel ch = FileChannel.open((Path) o, StandardOpenOption.WRITE)) {
                    ch.force(false);
                }
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            index.write(ByteBuffer.wrap(new byte[64 * group.size()]), 0);
            index.force(false);
        }

        public void delete(Object o) throws IOException {
            Files.delete((Path) o);
        }

        public void close() throws IOException {
            index.close();
        }
    }

    static final class Segments implements Layout {
        static final long SEGMENT = 64L * 1024 * 1024;
        final Path dir;
        final FileChannel index;
        Segment active;
        int next;

        final class Segment {
            final Path path;
            final FileChannel ch;
            long end;
            int live;
            boolean closed;

            Segment(Path path) throws IOException {
                this.path = path;
                this.ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        }

        record Ref(Segment segment, long offset, int length) {
        }

        Segments(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.index = FileChannel.open(dir.resolve("index"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            this.active = new Segment(dir.resolve("s" + next++));
        }

        synchronized Ref reserve(int length) throws IOException {
            if (active.end + length > SEGMENT && active.end > 0) {
                active.closed = true;
                if (active.live == 0) {
                    drop(active);
                }
                active = new Segment(dir.resolve("s" + next++));
            }
            Ref r = new Ref(active, active.end, length);
            active.end += length;
            active.live++;
            return r;
        }

        public Object receive(byte[] m) throws IOException {
            Ref r = reserve(m.length); // a real spool reserves extents as the data arrives; one reservation is the same work here
            for (int at = 0; at < m.length; at += WRITE) {
                r.segment.ch.write(ByteBuffer.wrap(m, at, Math.min(WRITE, m.length - at)), r.offset + at);
            }
            return r;
        }

        public void commit(List<Object> group) throws IOException {
            List<Segment> touched = new ArrayList<>();
            for (Object o : group) {
                Segment s = ((Ref) o).segment;
                if (!touched.contains(s)) {
                    touched.add(s);
                }
            }
            for (Segment s : touched) {
                s.ch.force(false);
            }
            index.write(ByteBuffer.wrap(new byte[64 * group.size()]), 0);
            index.force(false);
        }

        public synchronized void delete(Object o) throws IOException {
            Segment s = ((Ref) o).segment;
            if (--s.live == 0 && s.closed) {
                drop(s);
            }
        }

        private void drop(Segment s) throws IOException {
            s.ch.close();
            Files.delete(s.path);
        }

        public void close() throws IOException {
            index.close();
            active.ch.close();
        }
    }

    record Pending(Object message, CompletableFuture<Void> durable) {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.printf("sessions=%d, %d s per run, directory %s%n", sessions, seconds, base);
        for (int size : new int[] {4096, 102400, 1048576}) {
            for (String kind : new String[] {"file", "segment", "file", "segment"}) {
                Path dir = Files.createTempDirectory(base, kind);
                Layout l = kind.equals("file") ? new FilePerMessage(dir) : new Segments(dir);
                run(kind, l, size, sessions, seconds);
                l.close();
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    static void run(String kind, Layout layout, int size, int sessions, int seconds) throws Exception {
        byte[] message = new byte[size];
        new java.util.Random(1).nextBytes(message);
        BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
        AtomicLong done = new AtomicLong();
        AtomicLong groups = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Thread committer = Thread.ofPlatform().start(() -> {
            List<Pending> batch = new ArrayList<>();
            try {
                while (System.nanoTime() < deadline + 2_000_000_000L) {
                    Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch);
                    layout.commit(batch.stream().map(Pending::message).toList());
                    groups.incrementAndGet();
                    batch.forEach(p -> p.durable.complete(null));
                    batch.clear();
                }
            } catch (Exception e) {
                batch.forEach(p -> p.durable.completeExceptionally(e));
            }
        });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        Object m = layout.receive(message);
                        CompletableFuture<Void> durable = new CompletableFuture<>();
                        queue.put(new Pending(m, durable));
                        durable.join();
                        done.incrementAndGet();
                        layout.delete(m);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        committer.join();
        long n = done.get();
        System.out.printf("%-8s %8d B: %8.0f msgs/s %7.1f MB/s  %6.1f msgs per group  CPU %7.1f us/msg%n", kind, size, n / secs,
                n * (double) size / secs / 1e6, n / (double) Math.max(1, groups.get()), cpu / 1000.0 / n);
    }
}
