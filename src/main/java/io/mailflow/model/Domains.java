package io.mailflow.model;

import com.ibm.icu.text.IDNA;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Domain-name syntax and normalisation. Every domain Mailflow compares is first turned into its
 * lower-case ASCII form (A-labels for internationalised names, RFC 5890), so that
 * {@code Contoso.TEST}, {@code contoso.test} and an IDN written in Unicode all compare equal.
 *
 * <p>Internationalised names are converted by UTS #46 with non-transitional processing (IDNA2008,
 * as browsers and registries use it), never by {@code java.net.IDN} (IDNA2003): that one maps
 * {@code faß.de} to {@code fass.de}, {@code ς} to {@code σ} and drops ZWJ/ZWNJ, so mail for one
 * domain would be taken for another's.
 */
public final class Domains {

    /**
     * RFC 5891 §4.2.3.2 and RFC 5893 (Bidi), RFC 5892 Appendix A.1/A.2 (CONTEXTJ); STD3: LDH only.
     * Loaded at the first internationalised name (about 0.1 s of ICU data), never for ASCII alone.
     */
    private static final class Uts46 {
        static final IDNA INSTANCE = IDNA.getUTS46Instance(IDNA.USE_STD3_RULES | IDNA.NONTRANSITIONAL_TO_ASCII
                | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);
    }

    /**
     * Not held against a name: {@code ab--cd} is a valid host name in ASCII (the fast path takes it),
     * so it must not become invalid next to a Unicode label (UTS #46 CheckHyphens=false, as the
     * WHATWG URL standard sets it). Leading and trailing hyphens are still refused below.
     */
    private static final Set<IDNA.Error> TOLERATED = EnumSet.of(IDNA.Error.HYPHEN_3_4);

    private Domains() {
    }

    /**
     * Returns the normalised form of a domain name, or throws if it is not a valid host name
     * (RFC 5321 §4.1.2 {@code Domain}: dot-separated labels of letters, digits and hyphens; an
     * internationalised name must be valid IDNA2008 by UTS #46). The exception says why.
     */
    public static String normalize(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new InvalidDomainException("", "empty");
        }
        // The common case: plain ASCII is only lower-cased; an xn-- label is checked by UTS #46.
        String ascii = isPlainAscii(domain) ? domain.toLowerCase(Locale.ROOT) : toAscii(domain);
        if (ascii.isEmpty() || ascii.length() > 253 || ascii.endsWith(".") || ascii.startsWith(".")
                || ascii.contains("..")) {
            throw invalid(domain, null);
        }
        if (!hasValidLabels(ascii)) {
            throw invalid(domain, null);
        }
        return ascii;
    }

    /**
     * Each dot-separated label: 1 to 63 ASCII letters, digits or hyphens, not starting or ending
     * with a hyphen. A scan without a split: every address of every message passes here.
     */
    private static boolean hasValidLabels(String ascii) {
        int start = 0;
        for (int i = 0; i <= ascii.length(); i++) {
            char c = i < ascii.length() ? ascii.charAt(i) : '.';
            if (c == '.') {
                int length = i - start;
                if (length == 0 || length > 63 || ascii.charAt(start) == '-' || ascii.charAt(i - 1) == '-') {
                    return false;
                }
                start = i + 1;
            } else if (!(c == '-' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    private static String toAscii(String domain) {
        StringBuilder out = new StringBuilder(domain.length() + 16);
        IDNA.Info info = new IDNA.Info();
        Uts46.INSTANCE.nameToASCII(domain, out, info);
        Set<IDNA.Error> errors = EnumSet.noneOf(IDNA.Error.class);
        errors.addAll(info.getErrors());
        errors.removeAll(TOLERATED);
        if (!errors.isEmpty()) {
            throw invalid(domain, describe(errors));
        }
        return out.toString();
    }

    /** Why UTS #46 refused a name, for an administrator or an SMTP client. */
    private static String describe(Set<IDNA.Error> errors) {
        IDNA.Error e = errors.iterator().next();
        return switch (e) {
            case CONTEXTJ -> "a zero-width joiner or non-joiner where RFC 5892 does not allow one (CONTEXTJ)";
            case BIDI -> "right-to-left and left-to-right text mixed against RFC 5893 (Bidi rule)";
            case DISALLOWED -> "a character that is not allowed in a domain name";
            case PUNYCODE, INVALID_ACE_LABEL -> "an xn-- label that is not a valid A-label";
            case LABEL_HAS_DOT, EMPTY_LABEL -> "an empty label";
            case LABEL_TOO_LONG -> "a label longer than 63 octets";
            case DOMAIN_NAME_TOO_LONG -> "longer than 253 octets";
            case LEADING_COMBINING_MARK -> "a label that starts with a combining mark";
            case LEADING_HYPHEN, TRAILING_HYPHEN -> "a label that starts or ends with a hyphen";
            default -> "not valid by UTS #46 (" + e.name() + ")";
        };
    }

    /** A name that is not a valid domain; {@link #reason()} says why without repeating the name. */
    public static final class InvalidDomainException extends IllegalArgumentException {

        private final String reason;

        InvalidDomainException(String domain, String reason) {
            super("not a valid domain name: '" + visible(domain) + "'" + (reason == null ? "" : ": " + reason));
            this.reason = reason;
        }

        /** What UTS #46 objected to, or null for a plain host-name syntax error. */
        public String reason() {
            return reason;
        }
    }

    private static InvalidDomainException invalid(String domain, String why) {
        return new InvalidDomainException(domain, why);
    }

    /** The name with invisible characters (ZWJ, ZWNJ, controls, spaces) written as {@code <U+200D>}. */
    static String visible(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean invisible = type == Character.FORMAT || type == Character.CONTROL || type == Character.SPACE_SEPARATOR
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE;
            if (invisible) {
                b.append(String.format(Locale.ROOT, "<U+%04X>", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static boolean isPlainAscii(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return !domain.regionMatches(true, 0, "xn--", 0, 4) && !domain.toLowerCase(Locale.ROOT).contains(".xn--");
    }

    public static boolean isValid(String domain) {
        return problem(domain) == null;
    }

    /** Null for a valid domain name, else what is wrong with it (the domain quoted, the reason after a colon). */
    public static String problem(String domain) {
        try {
            normalize(domain);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** True when {@code domain} equals {@code parent} or is one of its subdomains (both normalised). */
    public static boolean isSameOrSubdomain(String domain, String parent) {
        return domain.equals(parent) || domain.endsWith("." + parent);
    }
}
