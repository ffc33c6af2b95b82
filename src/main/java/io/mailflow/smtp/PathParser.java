package io.mailflow.smtp;

import io.mailflow.model.Domains;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.IpRange;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses {@code Path} (RFC 5321 §4.1.2) from a command argument. The local part is kept in its
 * canonical form: unquoted when it is a plain dot-atom, quoted otherwise, so that
 * {@code "alice"@x} and {@code alice@x} are the same recipient and a quoted {@code "a@b"@x}
 * keeps its {@code @} visible to relay checks.
 */
final class PathParser {

    /** A parsed path and the index just after its closing {@code >}. */
    record Result(SmtpPath path, int end) {
    }

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_PATH = 256;

    private PathParser() {
    }

    /** Parses a path starting at {@code start}; throws IllegalArgumentException on bad syntax. */
    static Result parse(String s, int start, boolean allowNull) {
        int i = start;
        if (i >= s.length() || s.charAt(i) != '<') {
            throw new IllegalArgumentException("the address must be written in angle brackets");
        }
        i++;
        if (i < s.length() && s.charAt(i) == '>') {
            if (!allowNull) {
                throw new IllegalArgumentException("empty address");
            }
            return new Result(SmtpPath.NULL, i + 1);
        }
        String route = "";
        if (i < s.length() && s.charAt(i) == '@') {
            int colon = s.indexOf(':', i);
            if (colon < 0) {
                throw new IllegalArgumentException("bad source route");
            }
            route = s.substring(i, colon + 1);
            for (String hop : route.substring(0, route.length() - 1).split(",", -1)) {
                if (!hop.startsWith("@") || !Domains.isValid(hop.substring(1))) {
                    throw new IllegalArgumentException("bad source route");
                }
            }
            i = colon + 1;
        }
        StringBuilder local = new StringBuilder();
        boolean quoted = false;
        if (i < s.length() && s.charAt(i) == '"') {
            quoted = true;
            i = quotedString(s, i + 1, local);
        } else {
            while (i < s.length() && s.charAt(i) != '@' && s.charAt(i) != '>') {
                local.append(s.charAt(i++));
            }
            if (!EmailAddress.isDotAtom(local.toString()) && !dotAtomWithRouting(local.toString())) {
                throw new IllegalArgumentException("bad local part");
            }
        }
        if (i >= s.length() || s.charAt(i) != '@') {
            throw new IllegalArgumentException("missing @domain");
        }
        int domainStart = ++i;
        while (i < s.length() && s.charAt(i) != '>') {
            i++;
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("missing '>'");
        }
        String domain = s.substring(domainStart, i);
        String localText = canonicalLocalPart(local.toString(), quoted);
        checkLengths(localText, domain, route);
        EmailAddress address = newAddress(localText, domain);
        boolean utf8 = !isAscii(localText) || !isAscii(domain);
        return new Result(new SmtpPath(address, route, utf8), i + 1);
    }

    /** Reads a quoted string body after the opening quote into {@code out}; returns the index after the closing quote. */
    private static int quotedString(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= s.length() || s.charAt(i + 1) < 32 || s.charAt(i + 1) > 126) {
                    throw new IllegalArgumentException("bad quoted pair");
                }
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c < 32 || c == 127) {
                throw new IllegalArgumentException("control character in quoted string");
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated quoted string");
    }

    /** {@code a%b} and {@code b!a} are atext and valid on the wire; relay checks refuse them later. */
    private static boolean dotAtomWithRouting(String local) {
        return EmailAddress.isDotAtom(local.replace('%', 'x').replace('!', 'x'));
    }

    private static String canonicalLocalPart(String local, boolean quoted) {
        if (!quoted || EmailAddress.isDotAtom(local)) {
            return local;
        }
        return "\"" + local.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void checkLengths(String local, String domain, String route) {
        if (local.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        int localOctets = local.getBytes(StandardCharsets.UTF_8).length;
        int domainOctets = domain.getBytes(StandardCharsets.UTF_8).length;
        if (localOctets > MAX_LOCAL) {
            throw new IllegalArgumentException("local part longer than 64 octets");
        }
        if (domainOctets > MAX_DOMAIN || localOctets + domainOctets + route.length() + 3 > MAX_PATH) {
            throw new IllegalArgumentException("address longer than 256 octets");
        }
    }

    private static EmailAddress newAddress(String local, String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String inner = domain.substring(1, domain.length() - 1);
            String literal = AsciiCase.regionMatches(inner, 0, "IPv6:") ? inner.substring(5) : inner;
            IpRange.literal(literal); // throws when not an address
            return new EmailAddress(local, domain.toLowerCase(Locale.ROOT));
        }
        try {
            return new EmailAddress(local, domain);
        } catch (Domains.InvalidDomainException e) {
            // The reply does not echo the name: it may hold invisible or right-to-left characters.
            throw new IllegalArgumentException("not a valid domain name" + (e.reason() == null ? "" : ": " + e.reason()));
        }
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
