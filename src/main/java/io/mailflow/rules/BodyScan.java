package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import io.mailflow.message.TransferEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the rules learn from a message's body: the text of its body parts and the names of its
 * attachments, read from the parts {@link MimeStructure} found, each body part decoded as a
 * stream (mime4j's codecs). Memory does not grow with the message: at most
 * {@link #PART_TEXT_LIMIT} decoded bytes of each body part and {@link #MESSAGE_TEXT_LIMIT} in all
 * are read (Exchange also limits how much content a rule scans); attachments are never read.
 *
 * @param text the body text (text/plain as is, text/html without its markup), one part per line
 * @param attachments the attachments' file names ("" for one without a name)
 * @param truncated some body text was past a limit, or the structure was too large or too deep
 *        to read whole: what lies beyond was not scanned
 */
record BodyScan(String text, List<String> attachments, boolean truncated) {

    /** Decoded bytes of one body part that conditions see; the rest of the part is not scanned. */
    static final int PART_TEXT_LIMIT = 1024 * 1024;
    /** Decoded bytes of body text that conditions see in one message, all parts together. */
    static final int MESSAGE_TEXT_LIMIT = 2 * 1024 * 1024;
    /** Multiparts nested deeper than this are not looked into (a defence, as in Postfix). */
    static final int MAX_DEPTH = 20;
    /** Parts after this many are not looked at. */
    static final int MAX_PARTS = 1000;

    static BodyScan of(MessageContent content, MimeStructure.Result structure) {
        Reader r = new Reader(content);
        r.truncated = !structure.complete();
        try {
            r.visit(structure.root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message body: " + e.getMessage(), e);
        }
        return new BodyScan(r.text.toString(), List.copyOf(r.attachments), r.truncated);
    }

    /** One walk over the parts, depth first, in order. */
    private static final class Reader {
        final MessageContent content;
        final StringBuilder text = new StringBuilder();
        final List<String> attachments = new ArrayList<>();
        boolean truncated;
        private long scanned;

        Reader(MessageContent content) {
            this.content = content;
        }

        void visit(MimeStructure.Part p) throws IOException {
            if (!p.children.isEmpty()) {
                for (MimeStructure.Part child : p.children) {
                    visit(child);
                }
            } else if (p.isBodyText()) {
                bodyText(p);
            } else if (!p.type.isMultipart()) {
                String name = p.fileName();
                attachments.add(name == null ? "" : name);
            }
        }

        private void bodyText(MimeStructure.Part p) throws IOException {
            int budget = (int) Math.min(PART_TEXT_LIMIT, MESSAGE_TEXT_LIMIT - scanned);
            byte[] decoded;
            try (InputStream in = TransferEncoding.decoding(p.transferEncoding, content.slice(p.bodyStart, p.end).open())) {
                decoded = in.readNBytes(budget + 1);
            }
            if (decoded.length > budget) {
                truncated = true;
                decoded = Arrays.copyOf(decoded, completeUtf8(decoded, budget));
            }
            scanned += decoded.length;
            String t = new String(decoded, MessageView.textCharset(p.type, decoded));
            text.append(p.type.subtype().equals("html") ? Html.toText(t) : t).append('\n');
        }
    }

    /**
     * Where to cut bytes at {@code limit} without splitting a UTF-8 sequence, so that text cut
     * short still reads as UTF-8 when it is (a broken last character would make it look like Latin-1).
     */
    static int completeUtf8(byte[] b, int limit) {
        int cut = limit;
        for (int back = 0; back < 3 && cut > 0 && (b[cut] & 0xC0) == 0x80; back++) {
            cut--;
        }
        return cut;
    }
}
