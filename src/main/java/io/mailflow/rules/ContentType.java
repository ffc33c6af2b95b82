package io.mailflow.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Content-Type value (RFC 2045 §5.1) with its parameters, including RFC 2231 continuations and
 * charset-encoded values ({@code name*=utf-8''%E2%82%AC.pdf}, {@code name*0=...; name*1=...}).
 * Also used for Content-Disposition's parameters.
 */
record ContentType(String type, String subtype, Map<String, String> params) {

    static final ContentType TEXT_PLAIN = new ContentType("text", "plain", Map.of());
    static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", Map.of());

    static ContentType parse(String value) {
        String v = value.strip();
        int semi = v.indexOf(';');
        String mime = (semi < 0 ? v : v.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        int slash = mime.indexOf('/');
        if (slash <= 0 || slash == mime.length() - 1) {
            return new ContentType("text", "plain", params(semi < 0 ? "" : v.substring(semi + 1)));
        }
        return new ContentType(mime.substring(0, slash), mime.substring(slash + 1), params(semi < 0 ? "" : v.substring(semi + 1)));
    }

    String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    boolean isMultipart() {
        return type.equals("multipart");
    }

    boolean is(String type, String subtype) {
        return this.type.equals(type) && this.subtype.equals(subtype);
    }

    String mimeType() {
        return type + "/" + subtype;
    }

    /** True when a Content-Disposition value (or null) says attachment. */
    static boolean isAttachment(String disposition) {
        return disposition != null && disposition.strip().toLowerCase(Locale.ROOT).startsWith("attachment");
    }

    /** The file name of a part: Content-Disposition's filename, else Content-Type's name; null if none. */
    static String fileName(String disposition, ContentType type) {
        String name = disposition == null ? null : parse("x/x;" + afterValue(disposition)).param("filename");
        if (name == null) {
            name = type.param("name");
        }
        return name == null ? null : EncodedWords.decode(name);
    }

    private static String afterValue(String disposition) {
        int semi = disposition.indexOf(';');
        return semi < 0 ? "" : disposition.substring(semi + 1);
    }

    /** The charset parameter as a Java charset; US-ASCII's superset windows-1252 when unknown or absent. */
    Charset charset() {
        String cs = param("charset");
        if (cs != null) {
            try {
                return Charset.forName(cs.strip());
            } catch (IllegalArgumentException unknown) {
                // fall through: read it as the most forgiving single-byte charset
            }
        }
        return cs == null ? StandardCharsets.US_ASCII : Charset.forName("windows-1252");
    }

    private static Map<String, String> params(String text) {
        Map<String, String> simple = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String[]>> continued = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ';' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String value;
            if (i < n && text.charAt(i) == '"') {
                StringBuilder q = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = text.charAt(++i);
                    }
                    q.append(c);
                    i++;
                }
                i++;
                value = q.toString();
            } else {
                int semi = text.indexOf(';', i);
                value = (semi < 0 ? text.substring(i) : text.substring(i, semi)).strip();
                i = semi < 0 ? n : semi;
            }
            if (name.isEmpty()) {
                continue;
            }
            boolean encoded = name.endsWith("*");
            String base = encoded ? name.substring(0, name.length() - 1) : name;
            int star = base.indexOf('*');
            if (star > 0 && base.substring(star + 1).chars().allMatch(Character::isDigit) && star + 1 < base.length()) {
                continued.computeIfAbsent(base.substring(0, star), k -> new TreeMap<>())
                        .put(Integer.parseInt(base.substring(star + 1)), new String[] {value, encoded ? "*" : ""});
            } else if (encoded) {
                simple.put(base, decode2231(value, true));
            } else {
                simple.putIfAbsent(base, value);
            }
        }
        for (var e : continued.entrySet()) {
            StringBuilder joined = new StringBuilder();
            Charset cs = null;
            for (var part : e.getValue().entrySet()) {
                String v = part.getValue()[0];
                boolean enc = !part.getValue()[1].isEmpty();
                if (part.getKey() == 0 && enc) {
                    int q1 = v.indexOf('\'');
                    int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                    if (q2 > 0) {
                        cs = charsetOr(v.substring(0, q1));
                        v = v.substring(q2 + 1);
                    }
                }
                joined.append(enc ? percentDecode(v, cs == null ? StandardCharsets.UTF_8 : cs) : v);
            }
            simple.put(e.getKey(), joined.toString()); // RFC 2231 wins over a plain parameter of the same name
        }
        return Map.copyOf(simple);
    }

    /** {@code charset'language'percent-encoded} → text. */
    private static String decode2231(String value, boolean withCharset) {
        int q1 = value.indexOf('\'');
        int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
        if (!withCharset || q2 < 0) {
            return percentDecode(value, StandardCharsets.UTF_8);
        }
        return percentDecode(value.substring(q2 + 1), charsetOr(value.substring(0, q1)));
    }

    private static Charset charsetOr(String name) {
        try {
            return name.isEmpty() ? StandardCharsets.US_ASCII : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String percentDecode(String s, Charset cs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
        return new String(out.toByteArray(), cs);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
