package io.mailflow.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailflow.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <data>/run/gateway.json}: how CLI commands reach the running gateway of a configuration
 * (its process id, admin URL and API token). Written at start, removed at shutdown; a file left by
 * a killed gateway is recognised by its dead process id.
 */
public final class RuntimeFile {

    /** What a running gateway publishes about itself. */
    public record Info(long pid, String adminUrl, String token) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeFile() {
    }

    static Path path(Path dataDirectory) {
        return dataDirectory.resolve("run").resolve("gateway.json");
    }

    public static void write(Path dataDirectory, String adminUrl, String token) throws IOException {
        Path file = path(dataDirectory);
        PrivateFiles.directory(file.getParent());
        Path tmp = file.resolveSibling("gateway.json.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PrivateFiles.file());
        JSON.writeValue(tmp.toFile(), new Info(ProcessHandle.current().pid(), adminUrl, token));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The running gateway's info, if its file exists and its process is alive. */
    public static Optional<Info> read(Path dataDirectory) {
        Path file = path(dataDirectory);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Info info = JSON.readValue(file.toFile(), Info.class);
            boolean alive = ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(info) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void delete(Path dataDirectory) {
        try {
            Files.deleteIfExists(path(dataDirectory));
        } catch (IOException ignored) {
            // a stale file is recognised by its dead process id
        }
    }
}
