package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailflow.model.LoggingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operational keys: transport.messageTraceRetention and logging.format, their defaults and limits. */
class OperationsSettingsTest {

    @TempDir
    Path dir;

    private ConfigSnapshot load(String yaml) throws Exception {
        Path file = dir.resolve("mailflow.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, 1);
    }

    @Test
    void defaultsShouldBeNinetyDaysOfTraceAndTextLogs() throws Exception {
        var c = load("acceptedDomains: [{domainName: contoso.test}]\n").configuration();
        assertThat(c.transport().messageTraceRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(c.logging().format()).isEqualTo(LoggingSettings.Format.Text);
    }

    @Test
    void messageTraceRetentionShouldBeAcceptedDownToOneMinuteAndRefusedBelowNamingTheField() throws Exception {
        assertThat(load("transport: {messageTraceRetention: 1m}\n").configuration().transport().messageTraceRetention())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> load("transport: {messageTraceRetention: 59s}\n")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.line() + " " + p.field()).isEqualTo("1 transport.messageTraceRetention");
                    assertThat(p.message()).isEqualTo("must be at least 1m");
                }));
    }

    @Test
    void loggingFormatShouldTakeJsonInAnyCaseAndRefuseOtherValuesNamingTheField() throws Exception {
        assertThat(load("logging: {format: json}\n").configuration().logging().format()).isEqualTo(LoggingSettings.Format.Json);
        assertThat(load("logging: {format: JSON}\n").configuration().logging().format()).isEqualTo(LoggingSettings.Format.Json);
        assertThatThrownBy(() -> load("logging:\n  format: xml\n")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.line() + " " + p.field()).isEqualTo("2 logging.format");
                    assertThat(p.message()).contains("'xml' is not one of Text, Json");
                }));
    }
}
