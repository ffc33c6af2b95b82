package io.mailflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.store.StoreException;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.ConfigurationStore;
import io.mailflow.store.configuration.ConfigurationVersion;
import io.mailflow.store.configuration.VersionConflictException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change to the configuration, from any path (file, CLI, API, web): checked as the file is
 * checked, stored as a new version in the {@link ConfigurationStore}, then put in force. The
 * admin layer only calls this. The configuration file seeds an empty store and is read again at
 * start and reload by the rule of {@link FileRule}.
 */
public final class ConfigurationService {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationService.class);

    /**
     * What an apply did, or would do with a dry run.
     *
     * @param snapshot the configuration in force afterwards (with a dry run: the one that would be)
     * @param diff what changed, one line per field ({@link ConfigurationDiff})
     * @param stored true when a new version was stored; false for a dry run or a document equal to the current one
     */
    public record Applied(ConfigSnapshot snapshot, List<String> diff, boolean stored) {
    }

    private final ConfigurationStore store;
    private final Path file;
    private final Consumer<ConfigSnapshot> install;
    /** The snapshot in force in this process (null in a command run while no gateway runs). */
    private ConfigSnapshot running;

    /**
     * @param file the gateway's configuration file: relative paths in every version resolve against its directory
     * @param install puts a new snapshot in force (the gateway's live configuration); called after it is stored
     */
    public ConfigurationService(ConfigurationStore store, Path file, Consumer<ConfigSnapshot> install) {
        this.store = store;
        this.file = file.toAbsolutePath().normalize();
        this.install = install;
    }

    /**
     * The configuration a gateway starts with, given its file as loaded: the file seeds an empty
     * store; otherwise {@link FileRule} decides between the store's current version and the file.
     * Nothing is installed: the gateway starts on the returned snapshot.
     *
     * @param force apply a changed file even though versions were made since it was last read
     */
    public synchronized ConfigSnapshot start(ConfigSnapshot fromFile, boolean force) throws ConfigException, StoreException {
        running = new FileRule(store, file).settle(fromFile, force, this::checked);
        return running;
    }

    /** The current version's document, or empty when the store is empty: for commands run while no gateway runs. */
    public Optional<JsonNode> currentDocument() throws StoreException {
        return store.current().map(v -> ConfigDocuments.fromJson(v.document()));
    }

    /** Reads the file again ({@code reload}, SIGHUP) and puts in force what {@link FileRule} decides. */
    public synchronized ConfigSnapshot reloadFile(long runningVersion, boolean force) throws ConfigException, StoreException {
        ConfigSnapshot fromFile = ConfigLoader.load(file, runningVersion);
        if (running != null) {
            sameDataDirectory(file.toString(), running, fromFile);
        }
        ConfigSnapshot next = new FileRule(store, file).settle(fromFile, force, this::checked);
        installed(next);
        return next;
    }

    /**
     * Applies a whole configuration document.
     *
     * @param name what problem reports call the document (the file given to {@code config apply}, {@code request body})
     * @param base the version the change was made against, or empty to apply over whatever is current
     * @throws VersionConflictException when {@code base} is no longer current (nothing is stored)
     */
    public synchronized Applied apply(String name, JsonNode document, OptionalLong base, ConfigurationChange change, boolean dryRun)
            throws ConfigException, StoreException, VersionConflictException {
        Optional<ConfigurationVersion> current = store.current();
        long number = current.map(ConfigurationVersion::number).orElse(0L);
        if (base.isPresent() && base.getAsLong() != number) {
            throw new VersionConflictException(base.getAsLong(), number);
        }
        ConfigSnapshot next = ConfigLoader.check(name, document, file, number + 1);
        JsonNode before = current.map(v -> ConfigDocuments.fromJson(v.document())).orElse(null);
        if (running != null) {
            sameDataDirectory(name, running, next);
        }
        List<String> diff = before == null ? List.of("(everything: the store is empty)") : ConfigurationDiff.between(before, document);
        if (dryRun || before != null && ConfigDocuments.same(before, document)) {
            return new Applied(dryRun || running == null ? next : running, diff, false);
        }
        ConfigurationVersion stored = store.append(number, ConfigDocuments.json(document), ConfigDocuments.hash(document), change);
        LOG.atInfo().addKeyValue("version", stored.number()).addKeyValue("who", change.who())
                .addKeyValue("source", change.source()).addKeyValue("changes", diff.size()).log("configuration changed");
        installed(next);
        return new Applied(next, diff, true);
    }

    private void installed(ConfigSnapshot next) {
        running = next;
        install.accept(next);
    }

    /** A change to the current document (an object created, replaced, removed), made under the service's lock. */
    public interface Edit<E extends Exception> {
        /** @param current a copy of the current document, the edit's to change and return */
        JsonNode apply(JsonNode current) throws E;
    }

    /** The current version's number and document (version 0 and an empty document before anything is stored). */
    public record Current(long version, JsonNode document) {
    }

    public synchronized Current current() throws StoreException {
        return store.current().map(v -> new Current(v.number(), ConfigDocuments.fromJson(v.document())))
                .orElseGet(() -> new Current(0, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
    }

    /**
     * Applies an edit of the current document as {@link #apply} applies a document: checked,
     * stored, installed; nobody else's change comes between the read and the write.
     *
     * @param base the version the caller saw (HTTP If-Match), or empty
     */
    public synchronized <E extends Exception> Applied edit(String name, Edit<E> edit, OptionalLong base, ConfigurationChange change)
            throws E, ConfigException, StoreException, VersionConflictException {
        Current now = current();
        if (base.isPresent() && base.getAsLong() != now.version()) {
            throw new VersionConflictException(base.getAsLong(), now.version());
        }
        return apply(name, edit.apply(now.document()), OptionalLong.of(now.version()), change, false);
    }

    /** Makes version {@code number}'s configuration current again, as a new version. */
    public synchronized Applied rollback(long number, ConfigurationChange change)
            throws ConfigException, StoreException, VersionConflictException {
        ConfigurationVersion target = store.version(number).orElseThrow(() -> new ConfigException(List.of(
                new ConfigProblem("configuration", 0, "", "there is no configuration version " + number))));
        ConfigurationChange withComment = change.comment() != null ? change
                : new ConfigurationChange(change.who(), change.source(), change.clientAddress(), "rollback to version " + number);
        return apply("configuration version " + number, ConfigDocuments.fromJson(target.document()), OptionalLong.empty(),
                withComment, false);
    }

    /** At most {@code limit} versions, newest first. */
    public List<ConfigurationVersion> history(int limit) throws StoreException {
        return store.history(limit);
    }

    public Optional<ConfigurationVersion> version(long number) throws StoreException {
        return store.version(number);
    }

    /** The changes from version {@code from} to version {@code to}. */
    public List<String> diff(long from, long to) throws StoreException, ConfigException {
        return ConfigurationDiff.between(document(from), document(to));
    }

    /** The current version as YAML that check-config accepts and that applies back with no change. */
    public String export() throws StoreException, ConfigException {
        ConfigurationVersion current = store.current().orElseThrow(() -> new ConfigException(List.of(
                new ConfigProblem("configuration", 0, "", "the configuration store is empty: the file is the configuration"))));
        return ConfigDocuments.yaml(ConfigDocuments.fromJson(current.document()));
    }

    /** A document as YAML, as {@link #export} writes it (for a configuration not yet stored). */
    public static String yaml(JsonNode document) {
        return ConfigDocuments.yaml(document);
    }

    private JsonNode document(long number) throws StoreException, ConfigException {
        return ConfigDocuments.fromJson(store.version(number).orElseThrow(() -> new ConfigException(List.of(
                new ConfigProblem("configuration", 0, "", "there is no configuration version " + number)))).document());
    }

    /** A stored version checked again (the files it names may have gone since), as a snapshot. */
    private ConfigSnapshot checked(ConfigurationVersion v) throws ConfigException {
        return ConfigLoader.check("configuration version " + v.number(), ConfigDocuments.fromJson(v.document()), file, v.number());
    }

    /** The store, its lock and the runtime file stay where the gateway opened them. */
    static void sameDataDirectory(String name, ConfigSnapshot running, ConfigSnapshot next) throws ConfigException {
        String before = running.dataDirectory().toAbsolutePath().normalize().toString();
        if (!next.dataDirectory().toAbsolutePath().normalize().toString().equals(before)) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "server.dataDirectory",
                    "changing the data directory needs a restart (the running gateway uses " + before + ")")));
        }
    }
}
