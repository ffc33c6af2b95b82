package io.mailflow.rules;

import io.mailflow.message.MessageContent;
import io.mailflow.message.TransferEncoding;
import io.mailflow.model.DisclaimerLocation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Exchange's ApplyHtmlDisclaimer: the disclaimer goes into the message body as HTML into HTML
 * parts and as text into plain-text parts, in each alternative of a multipart/alternative and in
 * the first (main) part of any other multipart. Each changed part is decoded, changed and encoded
 * again in its own charset (UTF-8 when the disclaimer does not fit in it) and transfer encoding;
 * every other byte of the message stays as it was and is not copied (the result reuses the
 * original's ranges). Signed or encrypted bodies cannot be changed, nor a part larger than
 * {@link #PART_LIMIT}: the rule's fallback action then decides.
 */
final class Disclaimers {

    /** A body part larger than this (as encoded) is not rewritten in memory: the disclaimer cannot be applied. */
    static final long PART_LIMIT = 1024 * 1024;

    private Disclaimers() {
    }

    /** The message with the disclaimer in its body, or null when the body cannot take one. */
    static MessageContent insert(MessageView view, String html, DisclaimerLocation location) {
        MimeStructure.Result structure = view.structure();
        List<MimeStructure.Part> targets = new ArrayList<>();
        if (!structure.complete() || !collect(structure.root(), targets) || targets.isEmpty()
                || targets.stream().anyMatch(p -> p.end - p.start > PART_LIMIT)) {
            return null;
        }
        MessageContent original = view.content();
        List<MessageContent> pieces = new ArrayList<>();
        long at = 0;
        for (MimeStructure.Part leaf : targets) {
            pieces.add(original.slice(at, leaf.start));
            pieces.add(MessageContent.ofBytes(rewrite(original.slice(leaf.start, leaf.end).toByteArray(), leaf.type, html,
                    location)));
            at = leaf.end;
        }
        pieces.add(original.slice(at, original.size()));
        return MessageContent.concat(pieces.toArray(MessageContent[]::new));
    }

    /**
     * Finds the parts to change, in order; false when the message cannot take a disclaimer
     * (signed, encrypted, or a body that is not text).
     */
    private static boolean collect(MimeStructure.Part e, List<MimeStructure.Part> out) {
        ContentType t = e.type;
        if (t.is("multipart", "signed") || t.is("multipart", "encrypted") || t.subtype().contains("pkcs7-mime")) {
            return false;
        }
        if (t.isMultipart()) {
            if (e.children.isEmpty()) {
                return false;
            }
            if (t.subtype().equals("alternative")) {
                int before = out.size();
                for (MimeStructure.Part p : e.children) {
                    if (p.isBodyText() || p.type.isMultipart()) {
                        collect(p, out);
                    }
                }
                return out.size() > before;
            }
            return collect(e.children.getFirst(), out);
        }
        if (!e.isBodyText()) {
            return false;
        }
        out.add(e);
        return true;
    }

    /** The part with the disclaimer: its header (charset/encoding updated) and its re-encoded body. */
    private static byte[] rewrite(byte[] part, ContentType type, String html, DisclaimerLocation location) {
        HeaderFields header = HeaderFields.read(part, 0, part.length);
        String cte = header.value("Content-Transfer-Encoding");
        cte = cte == null ? "7bit" : cte.strip().toLowerCase(Locale.ROOT);
        boolean isHtml = type.subtype().equals("html");
        byte[] original = TransferEncoding.decode(cte, part, header.bodyStart(), part.length);
        Charset actual = MessageView.textCharset(type, original);
        String text = new String(original, actual);
        String changed = isHtml ? intoHtml(text, html, location) : intoText(text, plainText(html), location);
        Charset cs = type.param("charset") == null && isAscii(changed) ? StandardCharsets.US_ASCII : type.charset();
        // A body whose bytes were not in its declared charset gets a label that tells the truth.
        byte[] encodedText = actual.equals(type.charset()) ? encode(changed, cs) : null;
        boolean charsetChanged = false;
        if (encodedText == null) {
            cs = StandardCharsets.UTF_8;
            encodedText = changed.getBytes(StandardCharsets.UTF_8);
            charsetChanged = true;
        }
        String newCte = cte.equals("base64") ? "base64" : cte.equals("quoted-printable") || !isAscii(changed)
                || hasLongLines(changed) ? "quoted-printable" : cte.equals("8bit") || cte.equals("binary") ? cte : "7bit";
        byte[] body = newCte.equals("base64") ? TransferEncoding.encodeBase64(encodedText)
                : newCte.equals("quoted-printable") ? TransferEncoding.encodeQuotedPrintable(encodedText) : encodedText;
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
        boolean wroteCte = false;
        for (HeaderFields.Field f : header.fields()) {
            if (f.name().equalsIgnoreCase("Content-Type") && charsetChanged) {
                out.writeBytes(HeaderEditor.field("Content-Type", withUtf8(type)));
            } else if (f.name().equalsIgnoreCase("Content-Transfer-Encoding")) {
                out.writeBytes(HeaderEditor.field("Content-Transfer-Encoding", newCte));
                wroteCte = true;
            } else {
                out.write(part, f.start(), f.end() - f.start());
            }
        }
        if (charsetChanged && header.value("Content-Type") == null) {
            out.writeBytes(HeaderEditor.field("Content-Type", type.mimeType() + "; charset=UTF-8"));
        }
        if (!wroteCte && !newCte.equals("7bit")) {
            out.writeBytes(HeaderEditor.field("Content-Transfer-Encoding", newCte));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The Content-Type with charset=UTF-8 and its other parameters (format=flowed, delsp...) kept. */
    static String withUtf8(ContentType type) {
        StringBuilder b = new StringBuilder(type.mimeType()).append("; charset=UTF-8");
        type.params().forEach((name, value) -> {
            if (!name.equals("charset")) {
                boolean token = !value.isEmpty() && value.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?=".indexOf(c) < 0);
                b.append("; ").append(name).append('=').append(token ? value : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
        });
        return b.toString();
    }

    static String intoText(String body, String disclaimer, DisclaimerLocation location) {
        String d = disclaimer.replace("\r\n", "\n").replace("\n", "\r\n");
        if (location == DisclaimerLocation.Prepend) {
            return d + "\r\n\r\n" + body;
        }
        String trimmed = body.endsWith("\r\n") ? body : body + "\r\n";
        return trimmed + "\r\n" + d + "\r\n";
    }

    static String intoHtml(String body, String disclaimer, DisclaimerLocation location) {
        // Tags are found in the body itself, ignoring ASCII case: a lower-cased copy can be longer
        // or shorter ("İ" becomes two chars), and its positions would then cut the body elsewhere.
        if (location == DisclaimerLocation.Prepend) {
            int open = Html.indexOfIgnoreCase(body, "<body", 0);
            int gt = open < 0 ? -1 : body.indexOf('>', open);
            int at = gt < 0 ? 0 : gt + 1;
            return body.substring(0, at) + disclaimer + "<br>" + body.substring(at);
        }
        int close = lastIndexOfIgnoreCase(body, "</body");
        if (close < 0) {
            close = lastIndexOfIgnoreCase(body, "</html");
        }
        int at = close < 0 ? body.length() : close;
        return body.substring(0, at) + "<br>" + disclaimer + body.substring(at);
    }

    private static int lastIndexOfIgnoreCase(String text, String what) {
        for (int i = text.length() - what.length(); i >= 0; i--) {
            if (text.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    /** The disclaimer for plain-text parts: its HTML's text, with CRLF line breaks. */
    static String plainText(String html) {
        return Html.toText(html).strip().replaceAll("[ \\t]*\\n[ \\t]*", "\n");
    }

    /**
     * Exchange's Wrap fallback: a new message with the original's top-level header fields (except
     * its MIME fields), the disclaimer as its text and the original message attached whole (not
     * copied: the result reuses it).
     */
    static MessageContent wrap(MessageView view, String html) {
        String boundary = "=_mailflow_" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream(view.header().end() + html.length() * 2 + 512);
        for (HeaderFields.Field f : view.header().fields()) {
            String n = f.name().toLowerCase(Locale.ROOT);
            if (!n.startsWith("content-") && !n.equals("mime-version")) {
                out.write(view.head(), f.start(), f.end() - f.start());
            }
        }
        String head = "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(TransferEncoding.encodeQuotedPrintable(("<html><body>" + html + "</body></html>").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("\r\n--" + boundary + "\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] close = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return MessageContent.concat(MessageContent.ofBytes(out.toByteArray()), view.content(), MessageContent.ofBytes(close));
    }

    private static byte[] encode(String text, Charset cs) {
        CharsetEncoder enc = cs.newEncoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = enc.encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static boolean hasLongLines(String s) {
        int col = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            col = c == '\n' ? 0 : col + 1;
            if (col > 998) {
                return true;
            }
        }
        return false;
    }
}
