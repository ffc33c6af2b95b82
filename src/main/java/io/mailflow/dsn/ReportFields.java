package io.mailflow.dsn;

import static io.mailflow.dsn.MailFormat.CRLF;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The machine-readable part: the body of a message/delivery-status entity (RFC 3464 §2). */
final class ReportFields {

    private ReportFields() {
    }

    /** Per-message fields, then one group per recipient, each group after a blank line (RFC 3464 §2.1). */
    static String of(DsnRequest request) {
        StringBuilder out = new StringBuilder();
        MailFormat.header(out, "Reporting-MTA", "dns; " + MailFormat.ascii(request.reportingMta()));
        if (request.originalEnvelopeId() != null) {
            // RFC 3461 §6.3(a): with an ENVID the field MUST be supplied.
            MailFormat.header(out, "Original-Envelope-Id", MailFormat.ascii(request.originalEnvelopeId()));
        }
        MailFormat.header(out, "Arrival-Date", MailFormat.date(request.arrivalDate()));
        for (RecipientReport r : request.recipients()) {
            out.append(CRLF);
            recipient(out, r);
        }
        return out.toString();
    }

    private static void recipient(StringBuilder out, RecipientReport r) {
        if (r.originalRecipient() != null) {
            // RFC 3461 §6.3(d): present exactly when ORCPT was given, its value taken from ORCPT.
            MailFormat.header(out, "Original-Recipient", originalRecipient(r.originalRecipient()));
        }
        MailFormat.header(out, "Final-Recipient", typedAddress(r.finalRecipient(), "; "));
        MailFormat.header(out, "Action", r.action().wire());
        MailFormat.header(out, "Status", r.status());
        if (r.remoteMta() != null) {
            MailFormat.header(out, "Remote-MTA", "dns; " + MailFormat.ascii(mtaName(r.remoteMta())));
        }
        if (r.diagnosticCode() != null) {
            // The human part keeps the text as the server sent it; this part must stay US-ASCII.
            MailFormat.header(out, "Diagnostic-Code", "smtp; " + MailFormat.ascii(r.diagnosticCode()));
        }
        if (r.lastAttempt() != null) {
            MailFormat.header(out, "Last-Attempt-Date", MailFormat.date(r.lastAttempt()));
        }
        if (r.willRetryUntil() != null) {
            MailFormat.header(out, "Will-Retry-Until", MailFormat.date(r.willRetryUntil()));
        }
    }

    /**
     * RFC 3464 §2.3.5: the dns type names a host, so the port and our own "lmtp:" label go
     * ({@code mx.example:25} → {@code mx.example}, {@code [2001:db8::1]:25} → {@code [2001:db8::1]}).
     */
    static String mtaName(String remote) {
        String name = remote.startsWith("lmtp:") ? remote.substring("lmtp:".length()) : remote;
        int colon = name.lastIndexOf(':');
        boolean port = colon > 0 && colon < name.length() - 1 && name.substring(colon + 1).chars().allMatch(Character::isDigit);
        String host = port ? name.substring(0, colon) : name;
        return port && host.contains(":") && !host.startsWith("[") ? name : host; // a bare IPv6 address keeps its colons
    }

    /**
     * An address with its address-type: {@code rfc822} for an ASCII address; a UTF-8 address as
     * the {@code utf-8} type in its 7-bit utf-8-addr-xtext form (RFC 6533 §3), as a
     * message/delivery-status body is US-ASCII.
     */
    static String typedAddress(String address, String separator) {
        return MailFormat.isPrintableAscii(address) ? "rfc822" + separator + address
                : "utf-8" + separator + utf8AddrXtext(address);
    }

    /**
     * The ORCPT written as the client gave it, {@code type;address}, with the xtext of SMTP
     * (RFC 3461 §4) decoded, so {@code a+2Bb@x} is reported as {@code a+b@x}. A value that is not
     * valid xtext is written as given.
     */
    static String originalRecipient(String orcpt) {
        int semi = orcpt.indexOf(';');
        if (semi <= 0) {
            return MailFormat.ascii(orcpt);
        }
        String type = MailFormat.ascii(orcpt.substring(0, semi).strip());
        String address = decodeXtext(orcpt.substring(semi + 1).strip());
        if (address == null) {
            return type + ";" + MailFormat.ascii(orcpt.substring(semi + 1).strip());
        }
        return MailFormat.isPrintableAscii(address) ? type + ";" + address : typedAddress(address, ";");
    }

    /** RFC 6533 §3 utf-8-addr-xtext: QCHARs as they are, every other character as {@code \x{HEX}}. */
    private static String utf8AddrXtext(String address) {
        StringBuilder b = new StringBuilder();
        address.codePoints().forEach(c -> {
            boolean qchar = c >= 0x21 && c <= 0x7E && c != '+' && c != '=' && c != '\\';
            if (qchar) {
                b.append((char) c);
            } else {
                b.append("\\x{").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('}');
            }
        });
        return b.toString();
    }

    /** xtext decoded to text (its octets read as UTF-8), or null if it is not valid xtext. */
    private static String decodeXtext(String xtext) {
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                int value = i + 2 < xtext.length() ? hex(xtext.charAt(i + 1), xtext.charAt(i + 2)) : -1;
                if (value < 0) {
                    return null;
                }
                octets.write(value);
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return null;
            } else {
                octets.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(octets.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** RFC 3461 §4 hexchar: two upper-case hex digits; -1 if they are not. */
    private static int hex(char hi, char lo) {
        int h = "0123456789ABCDEF".indexOf(hi);
        int l = "0123456789ABCDEF".indexOf(lo);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
