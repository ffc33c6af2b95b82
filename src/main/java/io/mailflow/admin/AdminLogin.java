package io.mailflow.admin;

import io.mailflow.receive.Passwords;
import io.mailflow.store.StoreException;
import io.mailflow.store.admin.AdminAccount;
import io.mailflow.store.admin.AdminDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An admin account's name and password checked: by HTTP Basic on the API and by the web admin
 * center's sign-in page, with one throttle ({@link AdminLoginGuard}) for both, so a guesser gains
 * nothing by switching between them.
 */
public final class AdminLogin implements AutoCloseable {

    /** What a login attempt came to. */
    public sealed interface Outcome {
    }

    /** The password matched. */
    public record SignedIn(Caller.Account caller) implements Outcome {
    }

    /** Wrong account name or password (which of the two is not told). */
    public record Refused() implements Outcome {
    }

    /** Too many failed attempts from this address or for this account: nothing was checked. */
    public record Throttled(long retryAfterSeconds) implements Outcome {
    }

    /** No password check was free in time: nothing was decided, and the attempt does not count. */
    public record Busy() implements Outcome {
    }

    /** How long a login waits for the password check before it is answered "busy". */
    private static final long CHECK_WAIT_MILLIS = 2_000;

    private final AdminDirectory directory;
    private final AdminLoginGuard guard;
    /**
     * bcrypt checks, one at a time on a platform thread of their own: a check is a quarter of a
     * second of CPU, and on a request's virtual thread it would hold a carrier that SMTP sessions
     * share (see receive.PasswordChecks). The admin interfaces need no more than one.
     */
    private final Semaphore checkFree = new Semaphore(1);
    private final ExecutorService checks = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("admin-password-check").daemon(true).factory());

    AdminLogin(AdminDirectory directory, Clock clock) {
        this.directory = directory;
        this.guard = new AdminLoginGuard(clock);
    }

    /** Checks {@code password} for {@code name} from {@code ip}; the caller clears the password afterwards. */
    public Outcome attempt(String ip, String name, char[] password) throws StoreException {
        Instant attempt = guard.attempt(ip, name);
        if (attempt == null) {
            return new Throttled(guard.retryAfterSeconds(ip, name));
        }
        Optional<AdminAccount> account = directory.account(name);
        // Checked against a dummy hash when there is no such account, so the answer takes as long either way.
        Optional<Boolean> matches = check(account.map(AdminAccount::passwordHash).orElse(null), password);
        if (matches.isEmpty()) {
            guard.withdrawn(ip, name, attempt);
            return new Busy();
        }
        if (!matches.get()) {
            return new Refused();
        }
        guard.succeeded(ip, name, attempt);
        return new SignedIn(new Caller.Account(account.get().name(), account.get().role()));
    }

    private Optional<Boolean> check(String hash, char[] password) {
        try {
            if (!checkFree.tryAcquire(CHECK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            try {
                return Optional.of(checks.submit(() -> Passwords.matches(hash, password)).get());
            } finally {
                checkFree.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("password check failed", e.getCause());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
