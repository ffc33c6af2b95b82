package io.mailflow.rules;

import io.mailflow.model.EmailAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the rules see of a message: decoded header values, the subject, the text of its bodies
 * (plain and HTML, transfer encoding and charset undone) and its attachments' names. Parsed once
 * from the bytes; the body text is built only when a condition asks for it.
 */
public final class MessageView {

    private final byte[] content;
    private MimeEntity root;
    private List<MimeEntity.Field> headerFields;
    private String subject;
    private WordText subjectText;
    private WordText bodyText;
    private List<String> attachments;

    private MessageView(byte[] content) {
        this.content = content;
    }

    public static MessageView of(byte[] content) {
        return new MessageView(content);
    }

    /**
     * The view of the same message after a change to its top-level header only: what was learnt
     * of the body (its text, its attachments) still holds and is not worked out again.
     */
    MessageView withHeaderChange(byte[] changed) {
        MessageView v = new MessageView(changed);
        v.bodyText = bodyText;
        v.attachments = attachments;
        return v;
    }

    public byte[] content() {
        return content;
    }

    /** The whole MIME structure, parsed when first needed (body text, attachments, disclaimers). */
    MimeEntity root() {
        if (root == null) {
            root = MimeEntity.parse(content);
            headerFields = root.fields;
        }
        return root;
    }

    /** The top-level header fields; reading them does not parse the body. */
    List<MimeEntity.Field> headerFields() {
        if (headerFields == null) {
            headerFields = root != null ? root.fields : MimeEntity.topHeader(content);
        }
        return headerFields;
    }

    public long size() {
        return content.length;
    }

    /** The Subject, decoded; empty when there is none. */
    public String subject() {
        if (subject == null) {
            String s = MimeEntity.value(headerFields(), "Subject");
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
        for (MimeEntity.Field f : headerFields()) {
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

    /** The text of the message's bodies: text/plain as is, text/html without its markup. */
    WordText bodyWords() {
        if (bodyText == null) {
            StringBuilder b = new StringBuilder();
            for (MimeEntity leaf : root().leaves()) {
                if (isBodyText(leaf)) {
                    String text = decodeText(leaf);
                    b.append(leaf.type.subtype().equals("html") ? Html.toText(text) : text).append('\n');
                }
            }
            bodyText = new WordText(b.toString());
        }
        return bodyText;
    }

    /** The file names of the attachments ("" for an attachment without a name). */
    public List<String> attachments() {
        if (attachments == null) {
            List<String> out = new ArrayList<>();
            for (MimeEntity leaf : root().leaves()) {
                if (!isBodyText(leaf) && !leaf.type.isMultipart()) {
                    String name = leaf.fileName();
                    out.add(name == null ? "" : name);
                }
            }
            attachments = List.copyOf(out);
        }
        return attachments;
    }

    /**
     * A text part that is part of the message body: text/plain or text/html that is neither marked
     * as an attachment nor carries a file name. Anything else a leaf holds is an attachment
     * (embedded images too, as Exchange counts them).
     */
    static boolean isBodyText(MimeEntity leaf) {
        return leaf.type.type().equals("text") && (leaf.type.subtype().equals("plain") || leaf.type.subtype().equals("html"))
                && !leaf.dispositionAttachment() && leaf.fileName() == null;
    }

    static String decodeText(MimeEntity leaf) {
        byte[] body = leaf.decodedBody();
        return new String(body, textCharset(leaf.type, body));
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
        return "MessageView[" + content.length + " bytes, subject=" + subject().toLowerCase(Locale.ROOT) + "]";
    }
}
