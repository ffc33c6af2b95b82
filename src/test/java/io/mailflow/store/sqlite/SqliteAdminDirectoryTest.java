package io.mailflow.store.sqlite;

import io.mailflow.store.admin.AdminDirectory;
import io.mailflow.store.admin.AdminDirectoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded admin directory keeps the contract; two handles on one database stand for two nodes (or CLI and gateway). */
class SqliteAdminDirectoryTest extends AdminDirectoryContract {

    @TempDir
    Path dir;

    @Override
    protected AdminDirectory openDirectory() throws Exception {
        return SqliteAdminDirectory.open(dir, clock);
    }
}
