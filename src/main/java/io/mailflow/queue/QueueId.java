package io.mailflow.queue;

/**
 * Queue ids: 14 characters of Crockford base32 ({@code 0-9 A-Z} without {@code I L O U}). The
 * first 10 encode the millisecond of acceptance, the last 4 a counter within that millisecond,
 * so ids sort by arrival and never repeat within one gateway. Example: {@code 01KB2X7Q9D0003}.
 */
public final class QueueId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int COUNTER_LIMIT = 1 << 20;

    private long lastMillis;
    private int counter;

    /** A new id, strictly greater than every id this generator gave before. */
    public synchronized String next(long nowMillis) {
        if (nowMillis > lastMillis) {
            lastMillis = nowMillis;
            counter = 0;
        } else if (++counter >= COUNTER_LIMIT) {
            lastMillis++;
            counter = 0;
        }
        char[] out = new char[14];
        long t = lastMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        int c = counter;
        for (int i = 13; i >= 10; i--) {
            out[i] = ALPHABET[c & 31];
            c >>>= 5;
        }
        return new String(out);
    }

    /** True when the text has the form of a queue id. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != 14) {
            return false;
        }
        for (char ch : text.toCharArray()) {
            if (new String(ALPHABET).indexOf(ch) < 0) {
                return false;
            }
        }
        return true;
    }
}
