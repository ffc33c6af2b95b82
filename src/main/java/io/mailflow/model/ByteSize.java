package io.mailflow.model;

import java.util.Locale;

/**
 * A number of bytes, written as {@code 36MB}, {@code 512KB}, {@code 1GB}, {@code 100B} or a plain
 * number. Units are binary (1 KB = 1024 bytes), as Exchange counts message sizes.
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofKilobytes(long kb) {
        return new ByteSize(Math.multiplyExact(kb, 1024L));
    }

    public static ByteSize ofMegabytes(long mb) {
        return new ByteSize(Math.multiplyExact(mb, 1024L * 1024));
    }

    /** Parses {@code 36MB}, {@code 36 MB}, {@code 512kb}, {@code 100B} or {@code 4096}. */
    public static ByteSize parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long factor = 1;
        String number = t;
        for (String[] unit : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (t.endsWith(unit[0])) {
                factor = Long.parseLong(unit[1]);
                number = t.substring(0, t.length() - unit[0].length()).strip();
                break;
            }
        }
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use a number with B, KB, MB or GB, e.g. 36MB)");
        }
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(number), factor));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        for (String[] unit : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}}) {
            long f = Long.parseLong(unit[1]);
            if (bytes >= f && bytes % f == 0) {
                return bytes / f + unit[0];
            }
        }
        return bytes + "B";
    }
}
