package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {

    private static int naiveLineByte(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\r' || b[i] == '\n' || b[i] == 0) {
                return i;
            }
        }
        return to;
    }

    private static int naiveIndexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return to;
    }

    /** Text where the bytes looked for are rare, next to bytes one above and below them (borrows). */
    private static byte[] sample(Random rnd, int length) {
        byte[] alphabet = {'a', 'Z', '.', '\r', '\n', 0, 1, 9, 11, 12, 14, '-', '/', (byte) 0x80, (byte) 0xFF, (byte) 0x8D};
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = rnd.nextInt(40) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) ('a' + rnd.nextInt(26));
        }
        return b;
    }

    @Test
    void scansShouldFindTheSameFirstByteAsALoopOverEveryByte() {
        Random rnd = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = sample(rnd, 1 + rnd.nextInt(100));
            int from = rnd.nextInt(b.length);
            int to = from + rnd.nextInt(b.length - from + 1);
            assertThat(ByteScan.lineByte(b, from, to)).as("round %d", round).isEqualTo(naiveLineByte(b, from, to));
            assertThat(ByteScan.indexOf(b, from, to, (byte) '.')).as("round %d", round)
                    .isEqualTo(naiveIndexOf(b, from, to, (byte) '.'));
        }
    }

    @Test
    void scansShouldGiveTheEndWhenNothingMatches() {
        byte[] b = "abcdefghijklmnopqrstuvwxyz".getBytes();
        assertThat(ByteScan.lineByte(b, 0, b.length)).isEqualTo(b.length);
        assertThat(ByteScan.indexOf(b, 3, 20, (byte) '.')).isEqualTo(20);
        assertThat(ByteScan.lineByte(b, 5, 5)).isEqualTo(5);
    }
}
