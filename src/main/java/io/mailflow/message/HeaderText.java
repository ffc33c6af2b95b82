package io.mailflow.message;

import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * Text for an unstructured header field (Subject, a disclaimer's field, a notice's Subject): as
 * is when it may stand as is, else as RFC 2047 encoded words in UTF-8, written by mime4j's
 * encoder. The one place Mailflow encodes header text, so that every field it writes reads back
 * the same way.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /**
     * The value as it may appear after {@code usedCharacters} characters of its line (the field
     * name and ": "). Printable US-ASCII stays as is unless it holds "=?", which a reader could take
     * for the start of an encoded word; anything else becomes encoded words of at most 75
     * characters (RFC 2047 §2), separated by spaces where a line may be folded.
     */
    public static String encode(String value, int usedCharacters) {
        if (isPrintableAscii(value) && !value.contains("=?")) {
            return value;
        }
        return EncoderUtil.encodeEncodedWord(value, EncoderUtil.Usage.TEXT_TOKEN, usedCharacters, StandardCharsets.UTF_8, null);
    }

    /** True if every character is printable US-ASCII (space to tilde). */
    public static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
