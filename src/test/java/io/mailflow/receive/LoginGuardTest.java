package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.model.SubmissionSettings;
import io.mailflow.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed logins slow down and lock out; what the guard remembers lasts no longer than the lockout window. */
class LoginGuardTest {

    private static final SubmissionSettings SETTINGS = new SubmissionSettings(null, null, 10, 3, Duration.ofMinutes(15),
            Duration.ofMillis(500));

    private final ManualClock clock = new ManualClock();
    private final LoginGuard guard = new LoginGuard(clock);

    private static InetAddress ip(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i});
    }

    private Duration failure(InetAddress ip, String user) {
        return guard.failed(guard.attempt(ip, user, SETTINGS), SETTINGS);
    }

    @Test
    void failuresShouldDoubleTheDelayAndLockOutTheUserFromThatIpOnly() throws Exception {
        assertThat(failure(ip(1), "alice@contoso.test")).isEqualTo(Duration.ofMillis(500));
        assertThat(failure(ip(1), "alice@contoso.test")).isEqualTo(Duration.ofMillis(1000));
        assertThat(failure(ip(1), "ALICE@contoso.test")).isEqualTo(Duration.ofMillis(2000));
        assertThat(guard.lockedOut(ip(1), "alice@contoso.test", SETTINGS)).isTrue();
        assertThat(guard.lockedOut(ip(2), "alice@contoso.test", SETTINGS)).as("the real user elsewhere").isFalse();
        clock.advance(Duration.ofMinutes(16));
        assertThat(guard.lockedOut(ip(1), "alice@contoso.test", SETTINGS)).as("after the lockout").isFalse();
    }

    @Test
    void failuresOlderThanTheLockoutShouldBeForgottenEvenForKeysNeverSeenAgain() throws Exception {
        for (int i = 0; i < 1000; i++) {
            failure(ip(i), "user" + i + "@contoso.test");
        }
        assertThat(guard.entries()).as("an IP and a user/IP pair per failure").isEqualTo(2000);
        clock.advance(Duration.ofMinutes(16));
        failure(ip(5000), "someone@contoso.test");
        assertThat(guard.entries()).as("only the latest failure's IP and user/IP pair").isEqualTo(2);
        assertThat(guard.lockedOut(ip(1), "user1@contoso.test", SETTINGS)).isFalse();
    }

    @Test
    void attemptsShouldCountBeforeTheirPasswordIsCheckedSoParallelOnesAreLockedOut() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.attempt(ip(1), "alice@contoso.test", SETTINGS)).as("attempt %d, none answered yet", i).isNotNull();
        }
        assertThat(guard.attempt(ip(1), "alice@contoso.test", SETTINGS)).as("the fourth, while three checks still run").isNull();
        assertThat(guard.lockedOut(ip(1), "alice@contoso.test", SETTINGS)).isTrue();
        for (int i = 0; i < 7; i++) {
            assertThat(guard.attempt(ip(1), "user" + i + "@contoso.test", SETTINGS)).isNotNull();
        }
        assertThat(guard.attempt(ip(1), "other@contoso.test", SETTINGS)).as("ten from the IP").isNull();
    }

    @Test
    void attemptsThatSucceedOrCouldNotBeCheckedShouldNotCount() throws Exception {
        for (int i = 0; i < 20; i++) {
            guard.withdrawn(guard.attempt(ip(1), "alice@contoso.test", SETTINGS));
        }
        failure(ip(1), "alice@contoso.test");
        failure(ip(1), "alice@contoso.test");
        guard.succeeded(guard.attempt(ip(1), "alice@contoso.test", SETTINGS));
        assertThat(guard.attempt(ip(1), "alice@contoso.test", SETTINGS)).as("the success cleared the user's failures").isNotNull();
        assertThat(guard.entries()).isEqualTo(2);
    }
}
