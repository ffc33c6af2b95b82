package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.ConfigurationVersion;
import io.mailflow.store.configuration.VersionConflictException;
import io.mailflow.store.sqlite.SqliteConfigurationStore;
import io.mailflow.testing.ManualClock;
import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path to a change goes through one service: checked like the file, stored as a version, put in force. */
class ConfigurationServiceTest {

    private static final ConfigurationChange BY_CLI = new ConfigurationChange("local:alice", ChangeSource.CLI, "127.0.0.1",
            "add new.test");
    private static final String BOB = "  - primarySmtpAddress: bob@contoso.test\n";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final List<ConfigSnapshot> installed = new ArrayList<>();
    private SqliteConfigurationStore store;
    private Path file;

    @BeforeEach
    void open() throws Exception {
        store = SqliteConfigurationStore.open(dir.resolve("data"), clock);
        file = TestGateway.writeConfig(dir, 0, "", TestGateway.DIRECTORY);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A gateway start: a new service over the same store, as after a restart. */
    private ConfigurationService started(boolean force) throws Exception {
        ConfigurationService service = new ConfigurationService(store, file, installed::add);
        service.start(ConfigLoader.load(file, 1), force);
        return service;
    }

    private ConfigSnapshot start() throws Exception {
        return new ConfigurationService(store, file, installed::add).start(ConfigLoader.load(file, 1), false);
    }

    private static JsonNode withDomain(ConfigSnapshot s, String domain) {
        ObjectNode doc = (ObjectNode) s.document().orElseThrow();
        doc.withArray("acceptedDomains").addObject().put("domainName", domain).put("domainType", "InternalRelay");
        return doc;
    }

    private void edit(String from, String to) throws Exception {
        Files.writeString(file, Files.readString(file).replace(from, to));
    }

    private boolean accepts(ConfigSnapshot s, String domain) {
        return s.acceptedDomain(domain).isPresent();
    }

    @Test
    void anEmptyStoreShouldBeSeededWithTheFileAndAnUnchangedFileShouldAddNoVersion() throws Exception {
        ConfigSnapshot first = start();
        assertThat(first.version()).isEqualTo(1);
        assertThat(store.current()).hasValueSatisfying(v -> {
            assertThat(v.change().source()).isEqualTo(ChangeSource.FILE);
            assertThat(v.change().who()).isEqualTo(System.getProperty("user.name"));
            assertThat(v.change().comment()).isEqualTo("seeded from " + file.toAbsolutePath());
        });
        assertThat(start().version()).isEqualTo(1);
        assertThat(store.history(10)).hasSize(1);
    }

    @Test
    void aChangeMadeThroughTheCliShouldSurviveARestartOnTheUnchangedFile() throws Exception {
        ConfigurationService service = started(false);
        var applied = service.apply("request body", withDomain(service.start(ConfigLoader.load(file, 1), false), "new.test"),
                OptionalLong.of(1), BY_CLI, false);
        assertThat(applied.stored()).isTrue();
        assertThat(applied.diff()).containsExactly("acceptedDomains/new.test: added {domainName: new.test, domainType: InternalRelay}");
        assertThat(installed).last().satisfies(s -> assertThat(accepts(s, "new.test")).isTrue());

        ConfigSnapshot restarted = start();
        assertThat(restarted.version()).isEqualTo(2);
        assertThat(accepts(restarted, "new.test")).as("the CLI's change is kept").isTrue();
        assertThat(store.version(2)).hasValueSatisfying(v -> assertThat(v.change()).isEqualTo(BY_CLI));
    }

    @Test
    void anEditedFileShouldBecomeANewVersionWhenNothingElseChangedTheStore() throws Exception {
        ConfigurationService service = started(false);
        edit(BOB, BOB + "  - primarySmtpAddress: carol@contoso.test\n");
        ConfigSnapshot reloaded = service.reloadFile(1, false);
        assertThat(reloaded.version()).isEqualTo(2);
        assertThat(installed).containsExactly(reloaded);
        assertThat(store.current()).hasValueSatisfying(v -> {
            assertThat(v.change().source()).isEqualTo(ChangeSource.FILE);
            assertThat(v.change().comment()).isEqualTo("read from " + file.toAbsolutePath());
        });
        edit("carol@", "dave@");
        assertThat(start().version()).as("at a restart too").isEqualTo(3);
    }

    @Test
    void anEditedFileShouldBeRefusedNamingWhatItWouldOverwriteWhenTheStoreMovedOnUnlessForced() throws Exception {
        ConfigurationService service = started(false);
        service.apply("request body", withDomain(ConfigLoader.load(file, 1), "new.test"), OptionalLong.empty(), BY_CLI, false);
        edit(BOB, BOB + "  - primarySmtpAddress: carol@contoso.test\n");

        assertThatThrownBy(() -> service.reloadFile(2, false)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                e.getMessage()).contains(file.toAbsolutePath() + ": the file changed since configuration version 1 was read from it,"
                        + " and version 2 was made since:")
                .contains("version 2, 2026-11-27T10:00:00Z, by local:alice via CLI from 127.0.0.1: add new.test")
                .contains("  acceptedDomains/new.test: removed")
                .contains("  mailboxes/carol@contoso.test: added {primarySmtpAddress: carol@contoso.test}")
                .contains("--force"));
        assertThatThrownBy(this::start).as("at a restart too").isInstanceOf(ConfigException.class);
        assertThat(store.history(10)).as("nothing stored").hasSize(2);
        assertThat(installed).hasSize(1);

        ConfigSnapshot forced = service.reloadFile(2, true);
        assertThat(forced.version()).isEqualTo(3);
        assertThat(accepts(forced, "new.test")).isFalse();
        assertThat(forced.recipient(io.mailflow.model.EmailAddress.parse("carol@contoso.test"))).isPresent();
        assertThat(store.current().map(v -> v.change().comment())).hasValueSatisfying(c -> assertThat(c).contains("forced"));
    }

    @Test
    void aFileWrittenFromTheExportShouldHoldTheCurrentVersionAndItsNextEditShouldApply() throws Exception {
        ConfigurationService service = started(false);
        service.apply("request body", withDomain(ConfigLoader.load(file, 1), "new.test"), OptionalLong.empty(), BY_CLI, false);
        Files.writeString(file, service.export());
        assertThat(service.reloadFile(2, false).version()).as("the file now holds version 2").isEqualTo(2);
        assertThat(store.history(10)).hasSize(2);

        edit("new.test", "newer.test");
        ConfigSnapshot reloaded = service.reloadFile(2, false);
        assertThat(reloaded.version()).isEqualTo(3);
        assertThat(accepts(reloaded, "newer.test")).isTrue();
    }

    @Test
    void aFileEditedBackToAnOlderVersionShouldNotBeDroppedInSilence() throws Exception {
        String seed = Files.readString(file);
        ConfigurationService service = started(false);
        edit(BOB, BOB + "  - primarySmtpAddress: carol@contoso.test\n");
        service.reloadFile(1, false);
        service.apply("request body", withDomain(ConfigLoader.load(file, 2), "new.test"), OptionalLong.empty(), BY_CLI, false);
        Files.writeString(file, seed);
        assertThatThrownBy(() -> service.reloadFile(3, false)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("since configuration version 2 was read from it")
                        .contains("mailboxes/carol@contoso.test: removed"));
    }

    @Test
    void aBadDocumentShouldBeRefusedByFieldAndADryRunShouldStoreNothing() throws Exception {
        ConfigurationService service = started(false);
        ObjectNode bad = (ObjectNode) withDomain(ConfigLoader.load(file, 1), "new.test");
        ((ObjectNode) bad.withArray("acceptedDomains").get(2)).put("domainType", "Internal");
        assertThatThrownBy(() -> service.apply("request body", bad, OptionalLong.empty(), BY_CLI, false))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("request body: acceptedDomains[2].domainType: 'Internal' is not one of Authoritative, InternalRelay"));

        var dry = service.apply("request body", withDomain(ConfigLoader.load(file, 1), "new.test"), OptionalLong.empty(), BY_CLI, true);
        assertThat(dry.stored()).isFalse();
        assertThat(dry.diff()).hasSize(1);
        var same = service.apply("request body", ConfigLoader.load(file, 1).document().orElseThrow(), OptionalLong.empty(), BY_CLI,
                false);
        assertThat(same.stored()).isFalse();
        assertThat(same.diff()).isEmpty();
        assertThat(store.history(10)).hasSize(1);
        assertThat(installed).isEmpty();
    }

    @Test
    void aChangeMadeAgainstAnOlderVersionShouldBeRefused() throws Exception {
        ConfigurationService service = started(false);
        service.apply("request body", withDomain(ConfigLoader.load(file, 1), "new.test"), OptionalLong.of(1), BY_CLI, false);
        assertThatThrownBy(() -> service.apply("request body", withDomain(ConfigLoader.load(file, 1), "other.test"),
                OptionalLong.of(1), BY_CLI, false)).isInstanceOf(VersionConflictException.class);
        assertThat(store.history(10)).hasSize(2);
    }

    @Test
    void aRollbackShouldMakeAnOlderConfigurationCurrentAsANewVersion() throws Exception {
        ConfigurationService service = started(false);
        service.apply("request body", withDomain(ConfigLoader.load(file, 1), "new.test"), OptionalLong.empty(), BY_CLI, false);
        var back = service.rollback(1, new ConfigurationChange("local:alice", ChangeSource.CLI, "127.0.0.1", null));
        assertThat(back.snapshot().version()).isEqualTo(3);
        assertThat(back.diff()).containsExactly("acceptedDomains/new.test: removed");
        assertThat(accepts(installed.getLast(), "new.test")).isFalse();
        assertThat(store.version(3).map(v -> v.change().comment())).contains("rollback to version 1");
        assertThat(service.diff(1, 2)).containsExactly("acceptedDomains/new.test: added {domainName: new.test, domainType: InternalRelay}");
        assertThat(service.diff(1, 3)).isEmpty();
        assertThat(service.history(10)).extracting(ConfigurationVersion::number).containsExactly(3L, 2L, 1L);
    }

    @Test
    void aChangeThatMovesTheDataDirectoryShouldBeRefusedAndChangeNothing() throws Exception {
        ConfigurationService service = started(false);
        edit("dataDirectory: ./data", "dataDirectory: ./elsewhere");
        assertThatThrownBy(() -> service.reloadFile(1, false)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                e.getMessage()).contains(file.toString()).contains("server.dataDirectory").contains("needs a restart"));
        ObjectNode moved = (ObjectNode) ConfigLoader.load(file, 1).document().orElseThrow();
        assertThatThrownBy(() -> service.apply("request body", moved, OptionalLong.empty(), BY_CLI, false))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).contains("needs a restart"));
        assertThat(store.history(10)).hasSize(1);
        assertThat(installed).isEmpty();
    }

    @Test
    void aChangeNamingAFileThatDoesNotExistShouldBeRefusedAndChangeNothing() throws Exception {
        ConfigurationService service = started(false);
        Files.writeString(file, Files.readString(file) + "transport:\n  trustedCaFile: /etc/mailflow/gone.pem\n");
        assertThatThrownBy(() -> service.reloadFile(1, false)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                e.getMessage()).contains(file + ":").contains("transport.trustedCaFile: file /etc/mailflow/gone.pem does not exist"));
        assertThat(store.history(10)).hasSize(1);
    }

    /** Configurations whose export must read back as written: the bundled example and the test files. */
    static java.util.stream.Stream<String> configurations() throws Exception {
        return java.util.stream.Stream.of(Files.readString(Path.of("mailflow.yaml")),
                TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR, TestGateway.DIRECTORY + """
                        mailUsers:
                          - name: Carol on Gmail
                            primarySmtpAddress: carol@contoso.test
                            externalEmailAddress: carol@gmail.example
                        mailContacts:
                          - {name: 'Partner: Dan', externalEmailAddress: dan@partner.test}
                        distributionGroups:
                          - {name: Sales, primarySmtpAddress: sales@contoso.test, members: [alice@contoso.test, dan@partner.test]}
                        server:
                          limits: {maxMessageSize: 10MB, commandTimeout: 5m}
                          normalizeBareLineFeedFrom: ['10.0.0.0/8']
                        transport:
                          retryIntervals: [1m, 5m]
                          postmasterRecipient: alice@contoso.test
                        transportRules:
                          - name: 'Disclaimer: "outside"'
                            priority: 0
                            fromScope: InOrganization
                            sentToScope: NotInOrganization
                            subjectContainsWords: ['yes', 'no', 'null', '123', '#hash', 'a: b']
                            applyHtmlDisclaimerText: '<p>Sent from Contoso</p>'
                            applyHtmlDisclaimerFallbackAction: Wrap
                          - name: Block
                            enabled: false
                            subjectMatchesPatterns: ['^\\[SPAM\\]']
                            rejectMessageReasonText: "We don't take this\nhere"
                        """);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("configurations")
    void anExportShouldPassCheckConfigAndApplyBackWithNoDiff(String yaml) throws Exception {
        Files.writeString(file, yaml);
        ConfigurationService service = started(false);
        String exported = service.export();
        Path written = dir.resolve("exported.yaml");
        Files.writeString(written, exported);
        ConfigSnapshot read = ConfigLoader.load(written, 1);
        // Compared as text: a rule's compiled pattern has no value equality.
        assertThat(read.configuration().toString()).as(exported).isEqualTo(ConfigLoader.load(file, 1).configuration().toString());
        var back = service.apply(written.toString(), read.document().orElseThrow(), OptionalLong.empty(), BY_CLI, false);
        assertThat(back.diff()).as(exported).isEmpty();
        assertThat(back.stored()).isFalse();
        assertThat(store.history(10)).hasSize(1);
    }
}
