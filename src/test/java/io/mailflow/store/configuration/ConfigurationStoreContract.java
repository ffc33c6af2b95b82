package io.mailflow.store.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailflow.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConfigurationStore} promises: numbered versions without gaps, the highest
 * current, durable, and a write against a version that is no longer current refused with nothing
 * stored, also between two nodes. The embedded store runs it; the PostgreSQL store will.
 */
public abstract class ConfigurationStoreContract {

    protected final ManualClock clock = new ManualClock();
    private final List<ConfigurationStore> opened = new ArrayList<>();

    /** Opens the store under test: the same store each time it is called (another node, or after a restart). */
    protected abstract ConfigurationStore openStore() throws Exception;

    private ConfigurationStore open() throws Exception {
        ConfigurationStore s = openStore();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(ConfigurationStore::close);
    }

    private static final ConfigurationChange BY_FILE = new ConfigurationChange("mailflow", ChangeSource.FILE, null, "seeded");
    private static final ConfigurationChange BY_API = new ConfigurationChange("ci", ChangeSource.API, "192.0.2.7", "add Contoso");

    @Test
    void anEmptyStoreShouldHaveNoCurrentVersionAndNoHistory() throws Exception {
        ConfigurationStore store = open();
        assertThat(store.current()).isEmpty();
        assertThat(store.version(1)).isEmpty();
        assertThat(store.history(10)).isEmpty();
        assertThat(store.newestWithHash("h1")).isEmpty();
        assertThat(store.fileBase("/etc/mailflow/mailflow.yaml")).isEmpty();
    }

    @Test
    void appendedVersionsShouldBeNumberedFromOneWithWhoWhenWhereAndWhyAndOutliveTheStore() throws Exception {
        ConfigurationStore store = open();
        ConfigurationVersion first = store.append(0, "{\"acceptedDomains\":[]}", "h1", BY_FILE);
        clock.advance(Duration.ofMinutes(5));
        ConfigurationVersion second = store.append(1, "{\"acceptedDomains\":[{\"domainName\":\"contoso.test\"}]}", "h2", BY_API);
        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        store.close();

        ConfigurationStore reopened = open();
        assertThat(reopened.current()).contains(second);
        assertThat(reopened.version(1)).hasValueSatisfying(v -> {
            assertThat(v.at()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
            assertThat(v.change()).isEqualTo(BY_FILE);
            assertThat(v.document()).isEqualTo("{\"acceptedDomains\":[]}");
            assertThat(v.documentHash()).isEqualTo("h1");
        });
        assertThat(reopened.version(2)).hasValueSatisfying(v -> {
            assertThat(v.at()).isEqualTo(Instant.parse("2026-11-27T10:05:00Z"));
            assertThat(v.change().who()).isEqualTo("ci");
            assertThat(v.change().source()).isEqualTo(ChangeSource.API);
            assertThat(v.change().clientAddress()).isEqualTo("192.0.2.7");
            assertThat(v.change().comment()).isEqualTo("add Contoso");
        });
    }

    @Test
    void historyShouldListTheNewestFirstUpToTheLimit() throws Exception {
        ConfigurationStore store = open();
        for (int i = 0; i < 5; i++) {
            store.append(i, "{\"n\":" + i + "}", "h" + i, BY_API);
        }
        assertThat(store.history(3)).extracting(ConfigurationVersion::number).containsExactly(5L, 4L, 3L);
        assertThat(store.history(100)).extracting(ConfigurationVersion::number).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void aWriteAgainstAVersionThatIsNoLongerCurrentShouldBeRefusedAndStoreNothing() throws Exception {
        ConfigurationStore store = open();
        store.append(0, "{}", "h0", BY_FILE);
        store.append(1, "{\"a\":1}", "h1", BY_API);
        assertThatThrownBy(() -> store.append(1, "{\"b\":1}", "hb", BY_API)).isInstanceOfSatisfying(VersionConflictException.class,
                e -> {
                    assertThat(e.base()).isEqualTo(1);
                    assertThat(e.current()).isEqualTo(2);
                });
        assertThatThrownBy(() -> store.append(7, "{\"b\":1}", "hb", BY_API)).as("a base from the future")
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.current()).hasValueSatisfying(v -> assertThat(v.document()).isEqualTo("{\"a\":1}"));
        assertThat(store.history(10)).hasSize(2);
    }

    @Test
    void twoNodesWritingAgainstTheSameVersionShouldHaveExactlyOneWriteStored() throws Exception {
        ConfigurationStore a = open();
        ConfigurationStore b = open();
        a.append(0, "{}", "h0", BY_FILE);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ConfigurationStore node = i % 2 == 0 ? a : b;
            String document = "{\"writer\":" + i + "}";
            writers.add(() -> {
                go.await();
                try {
                    node.append(1, document, "w", BY_API);
                    return true;
                } catch (VersionConflictException e) {
                    return false;
                }
            });
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            writers.forEach(w -> results.add(pool.submit(w)));
            go.countDown();
            int stored = 0;
            for (Future<Boolean> r : results) {
                stored += r.get() ? 1 : 0;
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.current()).hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(2));
        assertThat(a.history(10)).hasSize(2);
    }

    @Test
    void theNewestVersionWithAHashShouldBeFound() throws Exception {
        ConfigurationStore store = open();
        store.append(0, "{\"x\":1}", "hx", BY_FILE);
        store.append(1, "{\"y\":1}", "hy", BY_API);
        store.append(2, "{\"x\":1}", "hx", BY_API);
        assertThat(store.newestWithHash("hx")).hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(3));
        assertThat(store.newestWithHash("hy")).hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(2));
        assertThat(store.newestWithHash("hz")).isEmpty();
    }

    @Test
    void theVersionAFileHoldsShouldBeRememberedPerFileAndMoveOn() throws Exception {
        ConfigurationStore store = open();
        store.append(0, "{}", "h0", BY_FILE);
        store.append(1, "{\"a\":1}", "h1", BY_API);
        store.fileBase("/etc/mailflow/mailflow.yaml", 1);
        store.fileBase("/srv/other.yaml", 2);
        store.fileBase("/etc/mailflow/mailflow.yaml", 2);
        ConfigurationStore other = open();
        assertThat(other.fileBase("/etc/mailflow/mailflow.yaml")).contains(2L);
        assertThat(other.fileBase("/srv/other.yaml")).contains(2L);
    }
}
