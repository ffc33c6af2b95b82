package io.mailflow.rules;

import io.mailflow.model.EmailAddress;
import io.mailflow.message.MessageContent;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rules see of a message: decoded header values, the subject, the text of its bodies
 * (plain and HTML, transfer encoding and charset undone) and its attachments' names. The header
 * section is read from the first {@link #HEAD_LIMIT} bytes; the part structure
 * ({@link MimeStructure}) and the body text ({@link BodyScan}) only when a condition or a
 * disclaimer needs them, each in one pass over the content as a stream. Memory does not grow with
 * the size of the message.
 */
public final class MessageView {

    /** The top-level header section is read from at most this many bytes (the intake refuses longer ones). */
    static final int HEAD_LIMIT = 1024 * 1024;

    private final MessageContent content;
    private byte[] head;
    private HeaderFields header;
    private String subject;
    private WordText subjectText;
    private BodyScan body;
    private WordText bodyText;
    private MimeStructure.Result structure;

    private MessageView(MessageContent content) {
        this.content = content;
    }

    public static MessageView of(MessageContent content) {
        return new MessageView(content);
    }

    /**
     * The view of the same message after a change to its top-level header only: what was learnt
     * of the body (its text, its attachments) still holds and is not worked out again.
     */
    MessageView withHeaderChange(MessageContent changed) {
        MessageView v = new MessageView(changed);
        v.body = body; // the structure's offsets moved with the header: it is read again if a disclaimer needs it
        v.bodyText = bodyText;
        return v;
    }

    public MessageContent content() {
        return content;
    }

    /** The bytes the top-level header was read from: the content's start, up to the empty line or the limit. */
    byte[] head() {
        if (head == null) {
            head = readHead(content);
        }
        return head;
    }

    /** Reads in small steps until the header's empty line: a large message is not read further than its header. */
    private static byte[] readHead(MessageContent content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
        byte[] chunk = new byte[8192];
        try (java.io.InputStream in = content.open()) {
            int n;
            while (out.size() < HEAD_LIMIT && (n = in.read(chunk, 0, Math.min(chunk.length, HEAD_LIMIT - out.size()))) > 0) {
                int from = Math.max(0, out.size() - 3);
                out.write(chunk, 0, n);
                if (hasEmptyLine(out.toByteArray(), from)) { // toByteArray copies: fine for the few steps a header takes
                    break;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean hasEmptyLine(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\n' && (b[i + 1] == '\n' || b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n')) {
                return true;
            }
        }
        return false;
    }

    /** The top-level header fields; reading them does not read the body. */
    HeaderFields header() {
        if (header == null) {
            byte[] h = head();
            header = HeaderFields.read(h, 0, h.length);
        }
        return header;
    }

    /** Where each MIME part of the message is, read when first needed (disclaimers). */
    MimeStructure.Result structure() {
        if (structure == null) {
            structure = MimeStructure.scan(content);
        }
        return structure;
    }

    public long size() {
        return content.size();
    }

    /** The Subject, decoded; empty when there is none. */
    public String subject() {
        if (subject == null) {
            String s = header().value("Subject");
            subject = s == null ? "" : EncodedWords.decode(s);
        }
        return subject;
    }

    WordText subjectWords() {
        if (subjectText == null) {
            subjectText = new WordText(subject());
        }
        return subjectText;
    }

    /** Every value of a header field of the top-level header, decoded. */
    public List<String> header(String name) {
        List<String> out = new ArrayList<>();
        for (HeaderFields.Field f : header().fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(EncodedWords.decode(f.value()));
            }
        }
        return out;
    }

    /** The addresses in the From: header (usually one). */
    public List<EmailAddress> fromAddresses() {
        List<EmailAddress> out = new ArrayList<>();
        for (String v : header("From")) {
            out.addAll(AddressList.parse(v));
        }
        return out;
    }

    private BodyScan body() {
        if (body == null) {
            body = BodyScan.of(content, structure());
        }
        return body;
    }

    /** The text of the message's bodies, up to BodyScan's limits: text/plain as is, text/html without its markup. */
    WordText bodyWords() {
        if (bodyText == null) {
            bodyText = new WordText(body().text());
        }
        return bodyText;
    }

    /** The file names of the attachments ("" for an attachment without a name). */
    public List<String> attachments() {
        return body().attachments();
    }

    /**
     * A text part that is part of the message body: text/plain or text/html that is neither marked
     * as an attachment nor carries a file name. Anything else a leaf holds is an attachment
     * (embedded images too, as Exchange counts them).
     */
    static boolean isBodyText(ContentType type, boolean attachment, String fileName) {
        return type.type().equals("text") && (type.subtype().equals("plain") || type.subtype().equals("html")) && !attachment
                && fileName == null;
    }

    /**
     * The charset a text body is really in. A part with no charset, or one labelled US-ASCII, whose
     * bytes are not ASCII is common (old mailers, scripts): its bytes are UTF-8 when they decode as
     * such, else windows-1252 (Latin-1's superset), rather than each turned into U+FFFD.
     */
    static Charset textCharset(ContentType type, byte[] body) {
        Charset declared = type.charset();
        if (!declared.equals(StandardCharsets.US_ASCII) || isAscii(body)) {
            return declared;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body));
            return StandardCharsets.UTF_8;
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return Charset.forName("windows-1252");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "MessageView[" + content.size() + " bytes, subject=" + subject() + "]";
    }
}
