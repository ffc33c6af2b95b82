package io.mailflow.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every string of the web admin center exists in English and Japanese, with the same placeholders. */
class TextsTest {

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (var in = new InputStreamReader(TextsTest.class.getResourceAsStream("/web/" + name), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)}").matcher(pattern);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void japaneseHasEveryEnglishKeyAndNoOtherWithTheSamePlaceholders() throws Exception {
        Properties en = load("messages.properties");
        Properties ja = load("messages_ja.properties");
        assertThat(ja.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(placeholders(ja.getProperty(key))).as(key).isEqualTo(placeholders(en.getProperty(key)));
            assertThat(ja.getProperty(key)).as(key).isNotBlank();
        }
    }

    @Test
    void aStringIsFilledInItsLanguage() {
        assertThat(Texts.of(Language.en).get("queues.done.retry", 3)).isEqualTo("3 messages will be retried now.");
        assertThat(Texts.of(Language.ja).get("queues.done.retry", 3)).isEqualTo("3 件のメッセージを今すぐ再試行します。");
        assertThat(Texts.of(Language.ja).get("nav.queues")).isEqualTo("キュー");
        // a string without values keeps its apostrophe (MessageFormat would eat it)
        assertThat(Texts.of(Language.en).get("connectorType.OnPremises")).isEqualTo("Your organization's email server");
    }

    @Test
    void theLanguageIsTheChosenOneElseTheBrowsersElseEnglish() {
        assertThat(Language.choose("ja", "en-US,en;q=0.9")).isEqualTo(Language.ja);
        assertThat(Language.choose(null, "ja-JP,ja;q=0.9,en;q=0.8")).isEqualTo(Language.ja);
        assertThat(Language.choose(null, "fr-FR,ja;q=0.5,en;q=0.8")).isEqualTo(Language.en);
        assertThat(Language.choose(null, "fr-FR")).isEqualTo(Language.en);
        assertThat(Language.choose("xx", ";;;garbage")).isEqualTo(Language.en);
        assertThat(Language.choose(null, null)).isEqualTo(Language.en);
    }
}
