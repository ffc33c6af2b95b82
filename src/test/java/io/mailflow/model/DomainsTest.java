package io.mailflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Domain names by UTS #46 non-transitional processing (IDNA2008), not IDNA2003. */
class DomainsTest {

    @Test
    void sharpSShouldStayItsOwnDomainAndNotBecomeSs() {
        assertThat(Domains.normalize("faß.de")).isEqualTo("xn--fa-hia.de");
        assertThat(Domains.normalize("fass.de")).isEqualTo("fass.de");
        assertThat(Domains.normalize("FAß.DE")).as("upper-case ASCII around ß").isEqualTo("xn--fa-hia.de");
        assertThat(Domains.normalize("XN--FA-HIA.de")).as("the A-label written in capitals").isEqualTo("xn--fa-hia.de");
    }

    @Test
    void finalSigmaShouldStayDistinctFromSigma() {
        assertThat(Domains.normalize("βόλος.com")).isEqualTo("xn--nxasmm1c.com");
        assertThat(Domains.normalize("βόλοσ.com")).isEqualTo("xn--nxasmq6b.com");
    }

    @Test
    void joinersShouldBeKeptWhereContextJAllowsThemAndRefusedElsewhere() {
        String withZwj = "\u0915\u094D\u200D\u0937.example"; // ZWJ after a virama: allowed (RFC 5892 A.2)
        String withZwnj = "\u0915\u094D\u200C\u0937.example"; // ZWNJ after a virama: allowed (A.1)
        String without = "\u0915\u094D\u0937.example";
        assertThat(Domains.normalize(withZwj)).isEqualTo("xn--11b2ezcw70k.example");
        assertThat(Domains.normalize(withZwnj)).isEqualTo("xn--11b2ezcs70k.example");
        assertThat(Domains.normalize(without)).as("the joiner is not dropped").isNotIn(Domains.normalize(withZwj),
                Domains.normalize(withZwnj));
        assertThatThrownBy(() -> Domains.normalize("a\u200Db.example")).isInstanceOf(Domains.InvalidDomainException.class)
                .hasMessage("not a valid domain name: 'a<U+200D>b.example': a zero-width joiner or non-joiner where RFC 5892"
                        + " does not allow one (CONTEXTJ)");
        assertThatThrownBy(() -> Domains.normalize("a\u200Cb.example")).hasMessageContaining("(CONTEXTJ)");
    }

    @Test
    void mixedCaseULabelShouldCompareEqualToItsLowerCaseAndItsALabel() {
        assertThat(Domains.normalize("Bücher.Example")).isEqualTo("xn--bcher-kva.example");
        assertThat(Domains.normalize("BÜCHER.EXAMPLE")).isEqualTo("xn--bcher-kva.example");
        assertThat(Domains.normalize("xn--bcher-kva.example")).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void invalidInternationalNamesShouldBeRefusedWithTheReason() {
        assertThat(Domains.problem("\u05D0a.example")).endsWith("(Bidi rule)");
        assertThat(Domains.problem("xn--zz-bad.de")).endsWith("an xn-- label that is not a valid A-label");
        assertThat(Domains.problem("bü_cher.example")).endsWith("a character that is not allowed in a domain name");
        assertThat(Domains.problem("bücher.example.")).isNotNull();
        assertThat(Domains.problem("bücher..example")).isNotNull();
    }

    @Test
    void asciiNamesShouldOnlyBeLowerCasedAndMeanTheSameNextToAUnicodeLabel() {
        assertThat(Domains.normalize("Mail.Contoso.TEST")).isEqualTo("mail.contoso.test");
        assertThat(Domains.normalize("ab--cd.example")).isEqualTo("ab--cd.example");
        assertThat(Domains.normalize("ab--cd.bücher.example")).isEqualTo("ab--cd.xn--bcher-kva.example");
        assertThat(Domains.isValid("-a.example")).isFalse();
        assertThat(Domains.isValid("a_b.example")).isFalse();
    }
}
