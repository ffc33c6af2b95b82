package io.mailflow.deliver;

import io.mailflow.smtp.Reply;
import java.util.Locale;

/**
 * What a next hop offered in its EHLO reply (all false after a HELO fallback).
 *
 * @param maxSize the SIZE it announced, or 0 when none or unlimited
 * @param chunking it takes BDAT (RFC 3030): the message goes without dot-stuffing, by the kernel
 *        where the connection is plain
 */
record Capabilities(boolean esmtp, boolean pipelining, long maxSize, boolean eightBitMime, boolean smtpUtf8, boolean dsn,
        boolean startTls, boolean chunking) {

    static final Capabilities HELO = new Capabilities(false, false, 0, false, false, false, false, false);

    static Capabilities of(Reply ehlo) {
        boolean pipelining = false;
        boolean eight = false;
        boolean utf8 = false;
        boolean dsn = false;
        boolean tls = false;
        boolean chunking = false;
        long size = 0;
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String[] words = ehlo.lines().get(i).strip().split("\\s+");
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "PIPELINING" -> pipelining = true;
                case "8BITMIME" -> eight = true;
                case "SMTPUTF8" -> utf8 = true;
                case "DSN" -> dsn = true;
                case "STARTTLS" -> tls = true;
                case "CHUNKING" -> chunking = true;
                case "SIZE" -> size = words.length > 1 && words[1].matches("\\d{1,18}") ? Long.parseLong(words[1]) : 0;
                default -> {
                    // other extensions are not used by the client
                }
            }
        }
        return new Capabilities(true, pipelining, size, eight, utf8, dsn, tls, chunking);
    }
}
