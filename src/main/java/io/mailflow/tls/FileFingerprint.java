package io.mailflow.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of some files' names and bytes: what tells a renewed certificate written over
 * the old one from the old one. Neither the path nor the modification time can (renewal tools
 * write to the same path, and some keep the time).
 */
public final class FileFingerprint {

    private FileFingerprint() {
    }

    /** The digest of each file's path and content, in order; a null entry counts as "no file". */
    public static String of(Path... files) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (Path f : files) {
            if (f == null) {
                sha.update((byte) 0);
                continue;
            }
            byte[] content = Files.readAllBytes(f);
            sha.update(f.toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Long.toString(content.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(content);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
