package io.mailflow.dsn;

import java.util.Arrays;

/**
 * The third part: the original message or its header section, copied byte for byte.
 *
 * @param contentType message/rfc822 or text/rfc822-headers (RFC 6522 §3); message/global or
 *        message/global-headers when the header section holds UTF-8 (RFC 6533 §6.3, §6.4)
 * @param description the Content-Description of the part
 * @param content the octets, exactly as they were in the original
 * @param transferEncoding 7bit, 8bit or binary: the narrowest that describes the content
 */
record ReturnedMessage(String contentType, String description, byte[] content, String transferEncoding) {

    /** The whole message for a failure with RET=FULL, else only its header section. */
    static ReturnedMessage of(DsnRequest request) {
        // RFC 3461 §4.3: RET=FULL asks for the whole message in a "failed" notice; any other notice,
        // and a failure without RET, carries the headers only.
        boolean full = request.returnFullMessage() && request.action() == DsnAction.FAILED;
        String what = request.action() == DsnAction.FAILED ? "Undelivered message" : "Message";
        byte[] content = full ? request.originalMessage() : headerSection(request.originalMessage());
        boolean global = !ascii(full ? headerSection(content) : content); // an internationalized message (RFC 6532)
        return full ? new ReturnedMessage(global ? "message/global" : "message/rfc822", what, content, transferEncoding(content))
                : new ReturnedMessage(global ? "message/global-headers" : "text/rfc822-headers", what + " headers", content,
                        transferEncoding(content));
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Everything up to the first empty line, the CRLF of the last header line included. */
    static byte[] headerSection(byte[] message) {
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return new byte[0];
        }
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return Arrays.copyOf(message, i + 2);
            }
        }
        return message;
    }

    /**
     * RFC 2045 §2.7-2.9: 7bit needs short CRLF lines of US-ASCII without NUL; 8bit allows octets
     * over 127; anything else (NUL, bare CR or LF, a line over 998 octets) is binary. A message/rfc822
     * part may not be encoded otherwise (RFC 2046 §5.2.1), so the label has to tell the truth.
     */
    static String transferEncoding(byte[] content) {
        boolean eightBit = false;
        int lineLength = 0;
        for (int i = 0; i < content.length; i++) {
            int b = content[i] & 0xFF;
            if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                lineLength = 0;
                i++;
                continue;
            }
            if (b == 0 || b == '\r' || b == '\n' || ++lineLength > MailFormat.MAX_LINE) {
                return "binary";
            }
            eightBit |= b > 127;
        }
        return eightBit ? "8bit" : "7bit";
    }
}
