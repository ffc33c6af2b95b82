package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON merge patch as RFC 7396 Appendix A gives its examples. */
class ConfigurationObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":\"b\"}              | {\"a\":\"c\"}             | {\"a\":\"c\"}",
        "{\"a\":\"b\"}              | {\"b\":\"c\"}             | {\"a\":\"b\",\"b\":\"c\"}",
        "{\"a\":\"b\"}              | {\"a\":null}              | {}",
        "{\"a\":\"b\",\"b\":\"c\"}  | {\"a\":null}              | {\"b\":\"c\"}",
        "{\"a\":[\"b\"]}            | {\"a\":\"c\"}             | {\"a\":\"c\"}",
        "{\"a\":\"c\"}              | {\"a\":[\"b\"]}           | {\"a\":[\"b\"]}",
        "{\"a\":{\"b\":\"c\"}}      | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
        "{\"a\":[{\"b\":\"c\"}]}    | {\"a\":[1]}               | {\"a\":[1]}",
        "[\"a\",\"b\"]              | [\"c\",\"d\"]             | [\"c\",\"d\"]",
        "{\"a\":\"b\"}              | [\"c\"]                   | [\"c\"]",
        "{\"e\":null}               | {\"a\":1}                 | {\"e\":null,\"a\":1}",
        "[1,2]                      | {\"a\":\"b\",\"c\":null}  | {\"a\":\"b\"}",
        "{}                         | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"})
    void aMergePatchShouldGiveWhatRfc7396Says(String target, String patch, String result) throws Exception {
        assertThat(ConfigurationObjects.mergePatch(JSON.readTree(target), JSON.readTree(patch))).isEqualTo(JSON.readTree(result));
    }
}
