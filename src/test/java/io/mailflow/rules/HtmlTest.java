package io.mailflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailflow.model.DisclaimerLocation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HTML as the rules read it and as disclaimers change it, on input a hostile sender chooses. */
class HtmlTest {

    @Test
    void textAfterAStyleShouldBeReadEvenWhenLowerCasingChangesTheLength() {
        // "İ" lower-cases to two chars: positions found in a lower-cased copy are off by one each
        String html = "İ".repeat(20) + "<STYLE>p { color: red }</Style>after the style";
        assertThat(Html.toText(html)).isEqualTo("İ".repeat(20) + "after the style");
    }

    @Test
    void manySmallStylesAndAmpersandsShouldBeReadInLinearTime() {
        String styles = "<style></style>x".repeat(200_000); // 3 MB; a copy per tag would be hours of work
        String ampersands = "a&".repeat(1_000_000) + "<b>end</b>";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(Html.toText(styles)).hasSize(200_000);
            assertThat(Html.toText(ampersands)).endsWith("a&end");
        });
    }

    @Test
    void aLessThanSignThatStartsNoTagShouldStayText() {
        assertThat(Html.toText("<p>price < 100 EUR</p><p>1<2 and 3 > 2</p>")).isEqualTo("\nprice < 100 EUR\n\n1<2 and 3 > 2\n");
    }

    @Test
    void everyNamedCharacterReferenceShouldBeDecoded() {
        assertThat(Html.toText("caf&eacute; &euro;5 &hellip; &#x41;&#66; &amp;c")).isEqualTo("café €5 … AB &c");
    }

    @Test
    void attributeValuesCommentsAndScriptsShouldNotBeText() {
        String html = "<a href=\"http://secret.example/\" title=\"hidden words\">link</a><!-- a comment -->"
                + "<script>var s = 'script words';</script><img alt=\"alt words\">shown";
        assertThat(Html.toText(html)).isEqualTo("linkshown");
    }

    @Test
    void blockEndsAndBreaksShouldSeparateWords() {
        assertThat(Html.toText("<div>one</div><div>two</div>three<br>four<table><tr><td>five</td><td>six</td></tr></table>"))
                .isEqualTo("one\ntwo\nthree\nfour five six\n");
    }

    @Test
    void anHtmlDisclaimerShouldGoJustBeforeTheClosingBodyTagWhateverTheTextBeforeIt() {
        String body = "<html><body>" + "İ".repeat(30) + "</BODY></html>";
        assertThat(Disclaimers.intoHtml(body, "<p>Sent from Contoso</p>", DisclaimerLocation.Append))
                .isEqualTo("<html><body>" + "İ".repeat(30) + "<br><p>Sent from Contoso</p></BODY></html>");
        assertThat(Disclaimers.intoHtml(body, "<p>Sent from Contoso</p>", DisclaimerLocation.Prepend))
                .isEqualTo("<html><body><p>Sent from Contoso</p><br>" + "İ".repeat(30) + "</BODY></html>");
    }

    @Test
    void indexOfIgnoreCaseShouldMatchAsciiLettersInAnyCaseOnly() {
        assertThat(Html.indexOfIgnoreCase("xx</StYlE>", "</style", 0)).isEqualTo(2);
        assertThat(Html.indexOfIgnoreCase("xx</style>", "</style", 3)).isEqualTo(-1);
        assertThat(Html.indexOfIgnoreCase("</st", "</style", 0)).isEqualTo(-1);
    }
}
