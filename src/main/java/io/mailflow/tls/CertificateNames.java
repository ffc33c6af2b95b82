package io.mailflow.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The DNS names a certificate carries, and how a configured name matches them. */
public final class CertificateNames {

    private CertificateNames() {
    }

    /** The subject alternative DNS names, or the subject's CN when there are none (lower case). */
    public static List<String> of(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // fall back to the subject's CN
        }
        if (out.isEmpty()) {
            for (String part : cert.getSubjectX500Principal().getName().split(",")) {
                if (part.startsWith("CN=")) {
                    out.add(part.substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /**
     * True when a certificate name satisfies a configured name: {@code *.domain} accepts the domain,
     * any name under it and a wildcard certificate for it; a plain name accepts itself and a
     * wildcard certificate covering exactly one more label.
     */
    public static boolean matches(String certName, String expected) {
        String c = certName.toLowerCase(Locale.ROOT);
        String e = expected.toLowerCase(Locale.ROOT);
        if (c.startsWith("*.") && !c.substring(2).contains(".")) {
            return false; // RFC 6125 §7.2: a wildcard over a whole public suffix (*.com) names nobody
        }
        if (e.startsWith("*.")) {
            String base = e.substring(2);
            return c.equals(e) || c.equals(base) || c.endsWith("." + base)
                    || c.startsWith("*.") && (c.substring(2).equals(base) || c.endsWith("." + base));
        }
        if (c.equals(e)) {
            return true;
        }
        int dot = e.indexOf('.');
        return c.startsWith("*.") && dot > 0 && c.substring(1).equals(e.substring(dot));
    }

    /** True when any of the certificate's names satisfies {@code expected}. */
    public static boolean anyMatches(List<String> certNames, String expected) {
        return certNames.stream().anyMatch(n -> matches(n, expected));
    }
}
