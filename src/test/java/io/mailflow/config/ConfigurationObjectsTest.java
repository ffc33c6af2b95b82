package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Objects one by one: JSON merge patch as RFC 7396 Appendix A gives its examples, and rule priorities as Exchange moves them. */
class ConfigurationObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @org.junit.jupiter.api.Test
    void aRuleGivenAPriorityShouldMoveTheOthersDownAndARemovedOneMoveThemUp() throws Exception {
        java.nio.file.Path file = io.mailflow.testing.TestGateway.writeConfig(dir, 0, "", io.mailflow.testing.TestGateway.DIRECTORY + """
                transportRules:
                  - {name: A, subjectContainsWords: [a], prependSubject: 'a '}
                  - {name: B, subjectContainsWords: [b], prependSubject: 'b '}
                  - {name: C, subjectContainsWords: [c], prependSubject: 'c '}
                """);
        java.util.List<ConfigSnapshot> installed = new java.util.ArrayList<>();
        try (var store = io.mailflow.store.sqlite.SqliteConfigurationStore.open(dir.resolve("data"), java.time.Clock.systemUTC())) {
            var service = new ConfigurationService(store, file, installed::add);
            service.start(ConfigLoader.load(file, 1), false);
            var objects = new ConfigurationObjects(service);
            var rules = ConfigurationObjects.KINDS.get("transportRules");
            var by = new io.mailflow.store.configuration.ConfigurationChange("ci", io.mailflow.store.configuration.ChangeSource.API, null, null);

            var d = objects.create(rules, JSON.readTree("{\"name\": \"D\", \"priority\": 0, \"subjectContainsWords\": [\"d\"],"
                    + " \"prependSubject\": \"d \"}"), java.util.OptionalLong.empty(), by);
            assertThat(d.object().path("priority").asInt()).isZero();
            assertThat(order(installed.getLast())).containsExactly("D", "A", "B", "C");
            assertThat(objects.list(rules).object().findValuesAsText("priority")).containsExactly("0", "1", "2", "3");

            var c = objects.patch(rules, "c", JSON.readTree("{\"priority\": 1}"), java.util.OptionalLong.empty(), by);
            assertThat(c.object().path("priority").asInt()).isEqualTo(1);
            assertThat(order(installed.getLast())).containsExactly("D", "C", "A", "B");

            objects.remove(rules, "D", java.util.OptionalLong.empty(), by);
            assertThat(order(installed.getLast())).containsExactly("C", "A", "B");
            assertThat(objects.get(rules, "B").orElseThrow().object().path("priority").asInt()).isEqualTo(2);
        }
    }

    private static java.util.List<String> order(ConfigSnapshot s) {
        return s.rules().stream().map(io.mailflow.model.TransportRule::name).toList();
    }

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
