package io.mailflow.store.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** New API tokens and the hash the store keeps of them. */
public final class ApiTokens {

    /** Lets secret scanners (and people) recognise a Mailflow token in a log or a repository. */
    private static final String PREFIX = "mfat_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    /** 32 random bytes, base64url: shown once, then only its {@link #hash} is kept. */
    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * SHA-256, hex. A fast hash is right here, unlike for passwords: a token carries 256 random
     * bits, so there is no dictionary to try and a stolen hash cannot be reversed however fast each
     * guess is; bcrypt would only make every API request cost a quarter of a second. Being
     * unsalted and deterministic also lets the store find a token by its hash (an index).
     */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
