package io.mailflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailflow.store.StoreException;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.ConfigurationStore;
import io.mailflow.store.configuration.ConfigurationVersion;
import io.mailflow.store.configuration.VersionConflictException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the configuration file and the store agree, at start and at every reload (docs/configuration.md,
 * "The file and the store"). The store remembers which version the file was last known to hold:
 * <ul>
 * <li>an empty store is seeded with the file (version 1);
 * <li>a file that holds a stored configuration, the one it last held or a newer one (it was
 * exported), changes nothing: the current version stays in force, changes made since through the
 * CLI or the API included;
 * <li>a file with a configuration never stored was edited: it becomes a new version when nothing
 * else changed the store since the file was last read, and is refused otherwise, naming the
 * versions made since and what the file would change, unless forced.
 * </ul>
 * So neither a file edit nor an API change is ever dropped in silence.
 */
final class FileRule {

    private static final Logger LOG = LoggerFactory.getLogger(FileRule.class);

    /** Checks a stored version again, into the snapshot that runs it. */
    interface Checker {
        ConfigSnapshot check(ConfigurationVersion version) throws ConfigException;
    }

    /** What the file means for the store. */
    sealed interface Decision {
        ConfigSnapshot snapshot();
    }

    /** The store is empty: the file becomes version 1. */
    record Seed(ConfigSnapshot snapshot) implements Decision {
    }

    /** The file holds version {@code fileHolds}; the current version stays in force. */
    record Keep(ConfigSnapshot snapshot, long fileHolds, long current) implements Decision {
    }

    /** The file was edited: it becomes the version after {@code over}; {@code forced} when versions made since are overwritten. */
    record Apply(ConfigSnapshot snapshot, long over, boolean forced) implements Decision {
    }

    private final ConfigurationStore store;
    private final Path file;

    FileRule(ConfigurationStore store, Path file) {
        this.store = store;
        this.file = file;
    }

    Decision decide(ConfigSnapshot fromFile, boolean force, Checker checker) throws ConfigException, StoreException {
        JsonNode document = fromFile.document().orElseThrow();
        Optional<ConfigurationVersion> stored = store.current();
        if (stored.isEmpty()) {
            return new Seed(fromFile.withVersion(1));
        }
        ConfigurationVersion current = stored.get();
        Optional<ConfigurationVersion> same = store.newestWithHash(ConfigDocuments.hash(document));
        long base = store.fileBase(file.toString()).orElse(0L);
        // A file that went back to a version older than the one it last held was edited too.
        if (same.isPresent() && same.get().number() >= base) {
            long holds = same.get().number();
            ConfigSnapshot runs = holds == current.number() ? fromFile.withVersion(holds) : checker.check(current);
            return new Keep(runs, holds, current.number());
        }
        if (base != current.number() && !force) {
            throw conflict(base, current, document);
        }
        return new Apply(fromFile.withVersion(current.number() + 1), current.number(), base != current.number());
    }

    /** Decides and stores what the decision says; returns the snapshot to run. */
    ConfigSnapshot settle(ConfigSnapshot fromFile, boolean force, Checker checker) throws ConfigException, StoreException {
        Decision d = decide(fromFile, force, checker);
        String name = file.toString();
        switch (d) {
            case Seed s -> store(0, fromFile, "seeded from " + name);
            case Keep k -> {
                if (k.fileHolds() > store.fileBase(name).orElse(0L)) {
                    store.fileBase(name, k.fileHolds());
                }
                if (k.fileHolds() < k.current()) {
                    LOG.atInfo().addKeyValue("file", name).addKeyValue("fileVersion", k.fileHolds())
                            .addKeyValue("version", k.current()).log("the configuration file holds version {}; version {}, made"
                                    + " since, stays in force ('mailflow config export' writes it)", k.fileHolds(), k.current());
                }
            }
            case Apply a -> store(a.over(), fromFile, a.forced() ? "read from " + name + ", forced over the versions made since"
                    : "read from " + name);
        }
        return d.snapshot();
    }

    private void store(long base, ConfigSnapshot fromFile, String comment) throws StoreException, ConfigException {
        JsonNode document = fromFile.document().orElseThrow();
        ConfigurationChange change = new ConfigurationChange(System.getProperty("user.name", "mailflow"), ChangeSource.FILE, null,
                comment);
        try {
            ConfigurationVersion v = store.append(base, ConfigDocuments.json(document), ConfigDocuments.hash(document), change);
            store.fileBase(file.toString(), v.number());
        } catch (VersionConflictException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "", e.getMessage() + "; try again")));
        }
    }

    /** The refusal: which versions the file would overwrite and what it would change. */
    private ConfigException conflict(long base, ConfigurationVersion current, JsonNode document) throws StoreException {
        List<String> lines = new ArrayList<>();
        lines.add(base == 0 ? "this file was never read into the configuration store, which holds versions 1 to " + current.number()
                : "the file changed since configuration version " + base + " was read from it, and "
                        + (current.number() == base + 1 ? "version " + current.number() + " was" : "versions " + (base + 1) + " to "
                                + current.number() + " were") + " made since:");
        for (ConfigurationVersion v : store.history((int) Math.min(current.number() - base, 20))) {
            ConfigurationChange c = v.change();
            lines.add("  version " + v.number() + ", " + v.at() + ", by " + c.who() + " via " + c.source()
                    + (c.clientAddress() == null ? "" : " from " + c.clientAddress()) + (c.comment() == null ? "" : ": " + c.comment()));
        }
        lines.add("applying the file would change the current configuration (version " + current.number() + "):");
        ConfigurationDiff.between(ConfigDocuments.fromJson(current.document()), document).forEach(l -> lines.add("  " + l));
        lines.add("to keep those changes, write them into the file first ('mailflow config export' prints the current"
                + " configuration) and edit that; to overwrite them, 'mailflow reload --force' (or 'mailflow run --force')");
        return new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "", String.join("\n", lines))));
    }
}
