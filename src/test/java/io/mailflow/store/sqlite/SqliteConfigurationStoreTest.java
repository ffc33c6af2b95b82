package io.mailflow.store.sqlite;

import io.mailflow.store.configuration.ConfigurationStore;
import io.mailflow.store.configuration.ConfigurationStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded configuration store keeps the contract; two handles on one database stand for two nodes. */
class SqliteConfigurationStoreTest extends ConfigurationStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ConfigurationStore openStore() throws Exception {
        return SqliteConfigurationStore.open(dir, clock);
    }
}
