package io.mailflow.store.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AdminDirectory} promises: accounts and tokens unique by name without case,
 * kept across a restart and between two nodes, a token found by its hash only, revoked and
 * expired tokens answered as such, and every administrator's change audited with who made it.
 * The embedded store runs it; the PostgreSQL store will.
 */
public abstract class AdminDirectoryContract {

    protected final ManualClock clock = new ManualClock();
    private final List<AdminDirectory> opened = new ArrayList<>();

    /** Opens the directory under test: the same one each time it is called (another node, or after a restart). */
    protected abstract AdminDirectory openDirectory() throws Exception;

    private AdminDirectory open() throws Exception {
        AdminDirectory d = openDirectory();
        opened.add(d);
        return d;
    }

    @AfterEach
    void closeDirectories() {
        opened.forEach(AdminDirectory::close);
    }

    private static final ConfigurationChange BY_ALICE = new ConfigurationChange("local:alice", ChangeSource.CLI, null, null);
    private static final ConfigurationChange BY_CI = new ConfigurationChange("ci", ChangeSource.API, "192.0.2.7", null);

    @Test
    void accountsShouldBeUniqueWithoutCaseKeptAcrossARestartAndRemovable() throws Exception {
        AdminDirectory d = open();
        assertThat(d.accounts()).isEmpty();
        assertThat(d.addAccount("Bob", AdminRole.Administrator, "$2y$12$hash", BY_ALICE)).hasValueSatisfying(a -> {
            assertThat(a.created()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
            assertThat(a.role()).isEqualTo(AdminRole.Administrator);
        });
        assertThat(d.addAccount("bob", AdminRole.ViewOnly, "$2y$12$other", BY_ALICE)).as("the name is taken").isEmpty();
        d.addAccount("carol", AdminRole.ViewOnly, "$2y$12$carol", BY_ALICE);
        d.close();

        AdminDirectory reopened = open();
        assertThat(reopened.accounts()).extracting(AdminAccount::name).containsExactly("Bob", "carol");
        assertThat(reopened.account("BOB")).hasValueSatisfying(a -> assertThat(a.passwordHash()).isEqualTo("$2y$12$hash"));
        assertThat(reopened.removeAccount("bob", BY_ALICE)).isTrue();
        assertThat(reopened.removeAccount("bob", BY_ALICE)).isFalse();
        assertThat(open().account("Bob")).as("another node sees the removal").isEmpty();
    }

    @Test
    void aTokenShouldBeFoundByItsHashAndStopWorkingWhenRevokedOrExpired() throws Exception {
        AdminDirectory d = open();
        String secret = ApiTokens.generate();
        assertThat(secret).startsWith("mfat_").hasSize(5 + 43);
        assertThat(ApiTokens.hash(secret)).hasSize(64).isNotEqualTo(secret);
        Instant expires = clock.instant().plus(Duration.ofDays(30));
        assertThat(d.addToken("ci", AdminRole.ViewOnly, ApiTokens.hash(secret), expires, BY_ALICE)).isPresent();
        assertThat(d.addToken("CI", AdminRole.Administrator, ApiTokens.hash(ApiTokens.generate()), null, BY_ALICE))
                .as("a working token's name is taken").isEmpty();

        AdminDirectory node2 = open();
        assertThat(node2.tokenByHash(ApiTokens.hash(secret))).hasValueSatisfying(t -> {
            assertThat(t.name()).isEqualTo("ci");
            assertThat(t.role()).isEqualTo(AdminRole.ViewOnly);
            assertThat(t.expires()).isEqualTo(expires);
            assertThat(t.usableAt(clock.instant())).isTrue();
            assertThat(t.usableAt(expires)).as("expired at its expiry").isFalse();
        });
        assertThat(node2.tokenByHash(ApiTokens.hash(ApiTokens.generate()))).isEmpty();

        assertThat(d.revokeToken("ci", BY_CI)).isTrue();
        assertThat(d.revokeToken("ci", BY_CI)).as("revoked before").isFalse();
        assertThat(node2.tokenByHash(ApiTokens.hash(secret))).hasValueSatisfying(t -> {
            assertThat(t.revoked()).isEqualTo(clock.instant());
            assertThat(t.usableAt(clock.instant())).isFalse();
        });
        String again = ApiTokens.generate();
        assertThat(d.addToken("ci", AdminRole.Administrator, ApiTokens.hash(again), null, BY_ALICE))
                .as("a revoked token's name may be used again").isPresent();
        assertThat(d.tokenByHash(ApiTokens.hash(secret))).as("the old token is gone").isEmpty();
        assertThat(d.tokens()).singleElement().satisfies(t -> assertThat(t.expires()).isNull());
    }

    @Test
    void anExpiredTokensNameMayBeUsedAgain() throws Exception {
        AdminDirectory d = open();
        d.addToken("nightly", AdminRole.ViewOnly, ApiTokens.hash(ApiTokens.generate()), clock.instant().plus(Duration.ofHours(1)),
                BY_ALICE);
        clock.advance(Duration.ofHours(2));
        assertThat(d.addToken("nightly", AdminRole.ViewOnly, ApiTokens.hash(ApiTokens.generate()), null, BY_ALICE)).isPresent();
    }

    @Test
    void everyAdministratorsChangeShouldBeAuditedButTheGatewaysOwnTokenNot() throws Exception {
        AdminDirectory d = open();
        d.addAccount("bob", AdminRole.Administrator, "$2y$12$hash", BY_ALICE);
        clock.advance(Duration.ofMinutes(1));
        d.addToken("ci", AdminRole.ViewOnly, ApiTokens.hash(ApiTokens.generate()), null, BY_ALICE);
        clock.advance(Duration.ofMinutes(1));
        d.revokeToken("ci", BY_CI);
        clock.advance(Duration.ofMinutes(1));
        d.removeAccount("bob", BY_CI);
        d.replaceToken("local-cli", AdminRole.Administrator, ApiTokens.hash(ApiTokens.generate()), null);
        String renewed = ApiTokens.generate();
        d.replaceToken("local-cli", AdminRole.Administrator, ApiTokens.hash(renewed), null);
        assertThat(d.token("local-cli")).hasValueSatisfying(t -> assertThat(t.tokenHash()).isEqualTo(ApiTokens.hash(renewed)));

        List<AdminChange> log = open().auditLog(10);
        assertThat(log).extracting(AdminChange::action).containsExactly(AdminAction.AccountRemoved, AdminAction.TokenRevoked,
                AdminAction.TokenCreated, AdminAction.AccountAdded);
        assertThat(log.get(0).change()).isEqualTo(BY_CI);
        assertThat(log.get(0).subject()).isEqualTo("bob");
        assertThat(log.get(2).role()).isEqualTo(AdminRole.ViewOnly);
        assertThat(log.get(3).at()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(log.get(3).change().who()).isEqualTo("local:alice");
        assertThat(d.auditLog(1)).hasSize(1);
    }
}
