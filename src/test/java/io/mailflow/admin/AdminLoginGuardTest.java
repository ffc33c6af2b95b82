package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Five failures a minute, per address and per account; a right password or a withdrawn check is no failure. */
class AdminLoginGuardTest {

    private final ManualClock clock = new ManualClock();
    private final AdminLoginGuard guard = new AdminLoginGuard(clock);

    @Test
    void fiveFailuresShouldLockTheAddressAndTheAccountForTheRestOfTheMinute() {
        for (int i = 0; i < 5; i++) {
            assertThat(guard.attempt("192.0.2.1", "Bob")).isNotNull();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(guard.attempt("192.0.2.1", "carol")).as("the address").isNull();
        assertThat(guard.attempt("192.0.2.9", "bob")).as("the account, from anywhere, without case").isNull();
        assertThat(guard.retryAfterSeconds("192.0.2.9", "bob")).isEqualTo(11);
        assertThat(guard.attempt("192.0.2.9", "carol")).as("another address, another account").isNotNull();
        clock.advance(Duration.ofSeconds(11));
        assertThat(guard.attempt("192.0.2.1", "bob")).as("the oldest failure is a minute old").isNotNull();
    }

    @Test
    void aSucceededOrWithdrawnAttemptShouldNotCount() {
        for (int i = 0; i < 10; i++) {
            Instant a = guard.attempt("192.0.2.1", "bob");
            assertThat(a).isNotNull();
            if (i % 2 == 0) {
                guard.succeeded("192.0.2.1", "bob", a);
            } else {
                guard.withdrawn("192.0.2.1", "bob", a);
            }
            clock.advance(Duration.ofMillis(1));
        }
    }
}
