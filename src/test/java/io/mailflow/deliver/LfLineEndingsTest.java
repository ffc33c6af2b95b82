package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfLineEndingsTest {

    @TempDir
    Path dir;

    private static final String TEXT = "Subject: t\r\n\r\nline\r\nbare\rcr\r\r\n\r\rend\r";
    private static final String LF = "Subject: t\n\nline\nbare\rcr\r\n\r\rend\r";

    /** Reads of at most {@code max} bytes, the first one {@code first} bytes: every split a stream can make. */
    private static InputStream pieces(byte[] all, int first, int max) {
        return new ByteArrayInputStream(all) {
            boolean started;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = started ? max : first;
                started = true;
                return super.read(b, off, Math.max(1, Math.min(len, n)));
            }
        };
    }

    private String copy(InputStream in) throws IOException {
        Path file = dir.resolve("out");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long written = LfLineEndings.copy(in, ch);
            assertThat(written).isEqualTo(ch.size());
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void copyShouldTurnCrlfIntoLfAndKeepBareCrWhenReadsSplitTheTextAtEveryBytePosition() throws Exception {
        byte[] all = TEXT.getBytes(StandardCharsets.UTF_8);
        for (int first = 1; first <= all.length; first++) {
            for (int max = 1; max <= 3; max++) {
                assertThat(copy(pieces(all, first, max))).as("first read %d, then %d", first, max).isEqualTo(LF);
            }
        }
    }

    @Test
    void copyShouldWriteNothingWhenTextIsEmpty() throws Exception {
        assertThat(copy(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }
}
