package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dot-stuffing on the way out, checked by decoding the result with our own DATA decoder. */
class DataEncoderTest {

    private static String encode(DataEncoder encoder, String content, int readSize) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        // a stream that hands out at most readSize bytes per read: buffer ends fall everywhere
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.write(in, bytes.length, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aLineStartingWithADotShouldGetASecondOneAndTheDataShouldEnd() throws IOException {
        assertThat(encode(new DataEncoder(), "Subject: x\r\n\r\n.hidden\r\n..two\r\nend.\r\n.\r\n", 1 << 16))
                .isEqualTo("Subject: x\r\n\r\n..hidden\r\n...two\r\nend.\r\n..\r\n.\r\n");
    }

    @Test
    void contentWithoutAFinalLineBreakShouldGetOneBeforeTheEnd() throws IOException {
        assertThat(encode(new DataEncoder(), "a\r\nb", 64)).isEqualTo("a\r\nb\r\n.\r\n");
        assertThat(encode(new DataEncoder(), "", 64)).isEqualTo(".\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 512, 65536})
    void aDotAfterALineBreakAtTheEndOfABufferShouldStillBeStuffed(int readSize) throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            content.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(i % 11 == 0 ? "\r\n.\r\n" : "\r\n");
        }
        DataEncoder encoder = new DataEncoder(); // one encoder for several messages, as a connection has
        encode(encoder, "first message\r\n", readSize);
        String encoded = encode(encoder, content.toString(), readSize);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        DataDecoder decoder = new DataDecoder(Long.MAX_VALUE, false, decoded::write);
        SmtpInput input = new SmtpInput();
        byte[] wire = encoded.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(decode(decoder, input, wire)).as("the end of data is where it must be, and only there").isTrue();
        assertThat(decoded.toString(StandardCharsets.ISO_8859_1)).isEqualTo(content.toString());
    }

    private static boolean decode(DataDecoder decoder, SmtpInput input, byte[] wire) throws IOException {
        InputStream in = new ByteArrayInputStream(wire);
        boolean done = false;
        while (!done && input.readFrom(in)) {
            done = decoder.decode(input);
        }
        return done && in.available() == 0 && input.available() == 0;
    }

    @Test
    void bytesSentAsTheyAreShouldCountForWhereTheNextLineStarts() throws IOException {
        DataEncoder encoder = new DataEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.begin();
        encoder.encode(new ByteArrayInputStream("Received: x\r\n".getBytes(StandardCharsets.US_ASCII)), 13, out);
        out.writeBytes("body sent by the kernel\r\n".getBytes(StandardCharsets.US_ASCII));
        encoder.passedThrough((byte) '\n');
        encoder.encode(new ByteArrayInputStream(".after\r\nno".getBytes(StandardCharsets.US_ASCII)), 10, out);
        encoder.passedThrough((byte) 'o');
        encoder.end(out);

        assertThat(out.toString(StandardCharsets.US_ASCII))
                .isEqualTo("Received: x\r\nbody sent by the kernel\r\n..after\r\nno\r\n.\r\n");
    }
}
