package io.mailflow.receive;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt password hashes (Bouncy Castle's OpenBSDBCrypt): strong, salted, slow on purpose. */
public final class Passwords {

    /** 2^12 rounds: about a quarter of a second per check, which is what slows down guessing. */
    private static final int COST = 12;
    /** Checked against when the user does not exist, so the answer takes as long either way. */
    private static final String DUMMY = OpenBSDBCrypt.generate("not a password".toCharArray(), new byte[16], COST);

    private Passwords() {
    }

    /** A new hash for the configuration file ({@code $2y$12$...}). */
    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, COST);
    }

    /** True when the password matches the hash; a null hash (no such user) never matches but costs the same. */
    public static boolean matches(String hash, char[] password) {
        if (hash == null) {
            OpenBSDBCrypt.checkPassword(DUMMY, password);
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
