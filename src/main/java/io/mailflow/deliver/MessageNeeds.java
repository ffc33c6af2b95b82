package io.mailflow.deliver;

import io.mailflow.queue.Delivery;
import io.mailflow.queue.DeliveryRecipient;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What a message really needs from a next hop, as opposed to what its sender declared. A client
 * may say SMTPUTF8 or BODY=8BITMIME for mail that is plain ASCII; such mail can go to a hop
 * without the extension unchanged (RFC 6531 §3.2 and RFC 6152 only forbid sending what the hop
 * cannot take). Only asked when the hop lacks the extension, so the scans are rare.
 */
final class MessageNeeds {

    /** How much of a message is read to find the end of its header section. */
    private static final int HEADER_LIMIT = 1024 * 1024;

    private MessageNeeds() {
    }

    /** An address or a header field in UTF-8: the hop must offer SMTPUTF8. */
    static boolean smtpUtf8(Delivery d) {
        if (!ascii(d.message().sender())) {
            return true;
        }
        for (DeliveryRecipient r : d.recipients()) {
            if (!ascii(r.address())) {
                return true;
            }
        }
        byte[] head = d.content().head(HEADER_LIMIT);
        for (int i = 0; i < head.length; i++) {
            if (head[i] < 0) {
                return true;
            }
            if (head[i] == '\n' && (i + 1 < head.length && head[i + 1] == '\n'
                    || i + 2 < head.length && head[i + 1] == '\r' && head[i + 2] == '\n')) {
                return false; // the end of the header section
            }
        }
        return false;
    }

    /** A byte over 127 anywhere: the hop must offer 8BITMIME (we do not convert to 7 bit). */
    static boolean eightBit(MessageContent content) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = content.open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] < 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean ascii(String s) {
        return s == null || s.chars().allMatch(c -> c < 0x80);
    }
}
