package io.mailflow.dsn;

import static io.mailflow.dsn.MailFormat.CRLF;

import io.mailflow.message.HeaderText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Composes delivery status notifications and answers the two questions asked before sending one. */
public final class DeliveryStatusNotification {

    /** A basic reply code (RFC 5321 §4.2), then perhaps an enhanced status code (RFC 3463 §2). */
    private static final Pattern REPLY = Pattern.compile(
            "\\s*(?:([2-5])\\d\\d(?:[ -]+|$))?\\s*(?:([245]\\.(?:0|[1-9]\\d{0,2})\\.(?:0|[1-9]\\d{0,2}))(?=\\s|$))?");

    private DeliveryStatusNotification() {
    }

    /** The DSN as a message: CRLF line endings, no line over 998 octets, 7-bit headers. */
    public static byte[] compose(DsnRequest request, Instant now, String messageId) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(messageId, "messageId");
        byte[] notice = MailFormat.quotedPrintable(NoticeText.of(request)).getBytes(StandardCharsets.US_ASCII);
        byte[] report = ReportFields.of(request).getBytes(StandardCharsets.US_ASCII);
        ReturnedMessage returned = ReturnedMessage.of(request);
        String boundary = boundary(messageId, notice, report, returned.content());

        ByteArrayOutputStream out = new ByteArrayOutputStream(notice.length + report.length
                + returned.content().length + 2048);
        write(out, headers(request, now, messageId, boundary, returned.transferEncoding()));
        write(out, "This is a delivery status notification in MIME format." + CRLF);
        part(out, boundary, "Content-Type: text/plain; charset=utf-8" + CRLF
                + "Content-Transfer-Encoding: quoted-printable" + CRLF
                + "Content-Description: Notification" + CRLF, notice);
        part(out, boundary, "Content-Type: message/delivery-status" + CRLF
                + "Content-Description: Delivery report" + CRLF, report);
        String encoding = returned.transferEncoding().equals("7bit") ? ""
                : "Content-Transfer-Encoding: " + returned.transferEncoding() + CRLF;
        part(out, boundary, "Content-Type: " + returned.contentType() + CRLF
                + "Content-Description: " + returned.description() + CRLF + encoding, returned.content());
        write(out, CRLF + "--" + boundary + "--" + CRLF);
        return out.toByteArray();
    }

    /**
     * RFC 3461 §4.1: whether the NOTIFY of a recipient asks for a notice with this action.
     *
     * @param notify the NOTIFY values as stored, comma-joined (e.g. {@code FAILURE,SUCCESS}), or
     *        null when the client gave none
     */
    public static boolean requested(String notify, DsnAction action) {
        Objects.requireNonNull(action, "action");
        Set<String> values = notify == null ? Set.of() : Arrays.stream(notify.split(","))
                .map(v -> v.strip().toUpperCase(Locale.ROOT)).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
        if (values.isEmpty()) {
            // RFC 3461 §4.1: without NOTIFY, act as if FAILURE,DELAY had been given.
            return action == DsnAction.FAILED || action == DsnAction.DELAYED;
        }
        if (values.contains("NEVER")) {
            return false;
        }
        return switch (action) {
            case FAILED -> values.contains("FAILURE");
            case DELAYED -> values.contains("DELAY");
            // RFC 3461 §4.1: SUCCESS asks for news of success, which "relayed" is as far as we know.
            case DELIVERED, RELAYED, EXPANDED -> values.contains("SUCCESS");
        };
    }

    /**
     * The enhanced status code in a reply such as {@code 550 5.1.1 No such user}. A code whose
     * class differs from the reply's is ignored, as Postfix does (RFC 2034: they must agree); without one the
     * status is {@code X.0.0} from the reply code, and {@code 5.0.0} when there is no reply code.
     */
    public static String statusOf(String replyText) {
        if (replyText == null) {
            return "5.0.0";
        }
        Matcher m = REPLY.matcher(replyText);
        if (!m.lookingAt()) {
            return "5.0.0";
        }
        String basic = m.group(1);
        String enhanced = m.group(2);
        if (enhanced != null && (basic == null || enhanced.charAt(0) == basic.charAt(0))) {
            return enhanced;
        }
        return basic == null ? "5.0.0" : basic + ".0.0";
    }

    private static String headers(DsnRequest request, Instant now, String messageId, String boundary,
            String transferEncoding) {
        StringBuilder h = new StringBuilder();
        MailFormat.header(h, "From", "\"Mail Delivery System\" <" + MailFormat.ascii(request.from()) + ">");
        // An SMTPUTF8 sender stays as it is: an address cannot be encoded, and the notice must reach it.
        MailFormat.header(h, "To", "<" + request.to().replaceAll("[\\r\\n\\t ]", "") + ">");
        String prefix = subjectPrefix(request.action()) + ": ";
        MailFormat.header(h, "Subject", prefix + HeaderText.encode(request.originalSubject().replaceAll("[\\r\\n\\t]+", " "),
                "Subject: ".length() + prefix.length()));
        MailFormat.header(h, "Date", MailFormat.date(now));
        MailFormat.header(h, "Message-ID", "<" + MailFormat.ascii(messageId).replace(" ", "") + ">");
        // RFC 3834 §5: an automatic reply says so, so that nobody auto-replies to it.
        MailFormat.header(h, "Auto-Submitted", "auto-replied");
        MailFormat.header(h, "MIME-Version", "1.0");
        MailFormat.header(h, "Content-Type", "multipart/report; report-type=delivery-status; boundary=\""
                + boundary + "\"");
        // RFC 2045 §6.4: a multipart is labelled with the widest encoding of any of its parts.
        MailFormat.header(h, "Content-Transfer-Encoding", transferEncoding);
        return h.append(CRLF).toString();
    }

    private static String subjectPrefix(DsnAction action) {
        return switch (action) {
            case FAILED -> "Undeliverable";
            case DELAYED -> "Delivery delayed";
            case DELIVERED -> "Delivered";
            case RELAYED -> "Relayed";
            case EXPANDED -> "Expanded";
        };
    }

    /**
     * A boundary that occurs in no part (RFC 2046 §5.1.1: it MUST NOT appear in the encapsulated
     * content). It starts with {@code =_}, which quoted-printable text cannot contain; the returned
     * message can contain anything, so candidates are checked until one is absent.
     */
    static String boundary(String messageId, byte[]... parts) {
        String base = "=_mailflow_" + Integer.toHexString(messageId.hashCode());
        for (int n = 0;; n++) {
            String candidate = base + "_" + n;
            byte[] bytes = candidate.getBytes(StandardCharsets.US_ASCII);
            if (Arrays.stream(parts).noneMatch(p -> contains(p, bytes))) {
                return candidate;
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** One body part; the CRLF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1). */
    private static void part(ByteArrayOutputStream out, String boundary, String headers, byte[] body) {
        write(out, CRLF + "--" + boundary + CRLF + headers + CRLF);
        out.writeBytes(body);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
