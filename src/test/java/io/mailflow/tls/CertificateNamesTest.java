package io.mailflow.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a name in a certificate meets the name a connector expects (tlsDomain, or a smart host's name). */
class CertificateNamesTest {

    @ParameterizedTest(name = "certificate {0}, expected {1}: {2}")
    @CsvSource({
        "mail.fabrikam.test, mail.fabrikam.test, true",
        "MAIL.Fabrikam.test, mail.fabrikam.TEST, true",
        "mail.fabrikam.test, other.fabrikam.test, false",
        "*.fabrikam.test, mail.fabrikam.test, true",
        "*.fabrikam.test, a.mail.fabrikam.test, false",
        "*.fabrikam.test, fabrikam.test, false",
        "*.com, example.com, false",
        "*.test, fabrikam.test, false",
        "mail.fabrikam.test, *.fabrikam.test, true",
        "fabrikam.test, *.fabrikam.test, true",
        "a.b.fabrikam.test, *.fabrikam.test, true",
        "*.fabrikam.test, *.fabrikam.test, true",
        "*.eu.fabrikam.test, *.fabrikam.test, true",
        "mail.contoso.test, *.fabrikam.test, false",
        "*.test, *.fabrikam.test, false",
        "evilfabrikam.test, *.fabrikam.test, false"})
    void matchesShouldFollowTheConfiguredNameAndRefuseWildcardsOverASuffix(String certificate, String expected,
            boolean match) {
        assertThat(CertificateNames.matches(certificate, expected)).isEqualTo(match);
    }
}
