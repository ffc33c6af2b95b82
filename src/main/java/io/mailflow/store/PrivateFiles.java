package io.mailflow.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mail is private: what the gateway writes under its data directory is readable by its own user
 * only, files 0600 and directories 0700, whatever the umask it was started with. Java cannot set
 * the process umask; a mode given at creation can only lose bits to it (so never gains group or
 * other access), and chmod is not subject to it. Where POSIX modes do not exist, nothing is done.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** The attributes that create a file 0600 ({@code Files.createFile}, {@code FileChannel.open}). */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Creates a directory and its missing parents, each 0700; returns the directories it created,
     * parents first (a caller that must sync them into their parents needs the list).
     */
    public static List<Path> createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.addFirst(p);
        }
        for (Path p : missing) {
            if (POSIX) {
                Files.createDirectories(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectories(p);
            }
        }
        return missing;
    }

    /**
     * A directory the gateway owns (store/, tmp/, run/ ...): created 0700 if missing, and made
     * 0700 if an older version or the administrator left it open to others.
     */
    public static Path directory(Path dir) throws IOException {
        if (createDirectories(dir).isEmpty() && POSIX) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
        return dir;
    }

    /** Makes an existing file 0600 (one another program created, e.g. SQLite's); a missing file is fine. */
    public static void restrict(Path file) throws IOException {
        if (POSIX && Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }
}
