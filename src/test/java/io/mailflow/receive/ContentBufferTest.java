package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message larger than the memory threshold goes to a spill file, which never outlives the message. */
class ContentBufferTest {

    private static final int ROOM = 300_000;

    @TempDir
    Path spill;

    /** A disk with room for {@link #ROOM} octets: what does not fit fails as a full disk does. */
    private static OutputStream diskWithLittleRoom(Path file) throws IOException {
        return new FilterOutputStream(Files.newOutputStream(file)) {
            private long room = ROOM;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > room) {
                    throw new IOException("No space left on device");
                }
                room -= len;
                out.write(b, off, len);
            }
        };
    }

    private long spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(spill)) {
            return files.count();
        }
    }

    @Test
    void largeMessageShouldSpillToAFileAndKeepEveryOctet() throws IOException {
        ContentBuffer buffer = new ContentBuffer(spill);
        buffer.write(new byte[ROOM], 0, ROOM);
        assertThat(spillFiles()).isEqualTo(1);
        assertThat(buffer.finish().size()).isEqualTo(ROOM);
    }

    @Test
    void spillFileShouldBeReadableByTheOwnerOnly() throws IOException {
        ContentBuffer buffer = new ContentBuffer(spill);
        buffer.write(new byte[ROOM], 0, ROOM);
        try (Stream<Path> files = Files.list(spill)) {
            assertThat(files.toList()).singleElement().satisfies(f -> assertThat(
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));
        }
        buffer.finish().release();
    }

    @Test
    void finishShouldDeleteTheSpillFileWhenTheLastWriteFails() throws IOException {
        ContentBuffer buffer = new ContentBuffer(spill, ContentBufferTest::diskWithLittleRoom);
        buffer.write(new byte[ROOM], 0, ROOM);
        buffer.write(new byte[100], 0, 100); // still buffered: it fails only when the file is closed
        assertThat(buffer.failure()).isNull();
        assertThatThrownBy(buffer::finish).isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThat(spillFiles()).as("spill files left behind").isZero();
    }

    @Test
    void discardShouldDeleteTheSpillFileWhenClosingItFails() throws IOException {
        ContentBuffer buffer = new ContentBuffer(spill, ContentBufferTest::diskWithLittleRoom);
        buffer.write(new byte[ROOM], 0, ROOM);
        buffer.write(new byte[100], 0, 100);
        buffer.write(new byte[100_000], 0, 100_000);
        assertThat(buffer.failure()).as("the disk filled up during the message").isNotNull();
        buffer.discard(); // the message is refused with 451; its buffered octets cannot be flushed either
        assertThat(spillFiles()).as("spill files left behind").isZero();
    }
}
