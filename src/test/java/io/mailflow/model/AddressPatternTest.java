package io.mailflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressPatternTest {

    @Test
    void patternShouldMatchWildcardsWithoutRegardToCase() {
        assertThat(new AddressPattern("*@Contoso.test").matches("Alice@contoso.TEST")).isTrue();
        assertThat(new AddressPattern("ali*@*.test").matches("alice@fabrikam.test")).isTrue();
        assertThat(new AddressPattern("*@contoso.test").matches("alice@contoso.test.evil")).isFalse();
        assertThat(new AddressPattern("alice@contoso.test").matches("xalice@contoso.test")).isFalse();
        assertThat(new AddressPattern("a*b*c").matches("aXbYbZc")).isTrue();
        assertThat(new AddressPattern("*").matches("")).isTrue();
    }

    @Test
    void sqlLikeShouldEscapePercentUnderscoreAndBackslash() {
        assertThat(new AddressPattern("a_b%c\\d*@X.test").sqlLike()).isEqualTo("a\\_b\\%c\\\\d%@x.test");
    }

    @Test
    void percentAndUnderscoreShouldMatchOnlyThemselves() {
        assertThat(new AddressPattern("a_b@x.test").matches("aXb@x.test")).isFalse();
        assertThat(new AddressPattern("a%@x.test").matches("abc@x.test")).isFalse();
        assertThat(new AddressPattern("a%@x.test").matches("a%@x.test")).isTrue();
    }
}
