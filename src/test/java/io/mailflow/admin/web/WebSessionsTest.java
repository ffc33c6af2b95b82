package io.mailflow.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.admin.Caller;
import io.mailflow.store.admin.AdminRole;
import io.mailflow.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSessionsTest {

    private final ManualClock clock = new ManualClock();
    private final WebSessions sessions = new WebSessions(clock);
    private final Caller.Account admin = new Caller.Account("admin", AdminRole.Administrator);

    @Test
    void aSessionEndsAfterHalfAnHourIdleButNotWhileItIsUsed() {
        var s = sessions.start(admin);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.find(s.cookieValue())).isPresent();
        }
        clock.advance(WebSessions.IDLE);
        assertThat(sessions.find(s.cookieValue())).isEmpty();
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInEvenWhenUsed() {
        var s = sessions.start(admin);
        for (int i = 0; i < 24; i++) { // 11 h 36 min of use
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.find(s.cookieValue())).isPresent();
        }
        clock.advance(Duration.ofMinutes(29)); // 12 h 5 min after sign-in
        assertThat(sessions.find(s.cookieValue())).isEmpty();
    }

    @Test
    void signOutEndsTheSessionAndTheCookieValueIsNotWhatIsKept() {
        var s = sessions.start(admin);
        assertThat(s.session().hash()).isNotEqualTo(s.cookieValue());
        assertThat(sessions.find(s.session().hash())).as("the stored hash is no cookie").isEmpty();
        sessions.end(s.cookieValue());
        assertThat(sessions.find(s.cookieValue())).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void signingInInALoopKeepsAtMostMaxSessionsDroppingTheLeastRecentlyUsed() {
        var first = sessions.start(admin);
        clock.advance(Duration.ofSeconds(1));
        var second = sessions.start(admin);
        for (int i = 0; i < WebSessions.MAX + 50; i++) {
            clock.advance(Duration.ofMillis(1));
            sessions.find(second.cookieValue());
            sessions.start(admin);
        }
        assertThat(sessions.size()).isEqualTo(WebSessions.MAX);
        assertThat(sessions.find(first.cookieValue())).isEmpty();
        assertThat(sessions.find(second.cookieValue())).as("used all along").isPresent();
    }

    @Test
    void signInGoesBackOnlyToAPathOfThisAdminCenter() {
        assertThat(SignInRoutes.next("/queues?nextHop=x")).isEqualTo("/queues?nextHop=x");
        assertThat(SignInRoutes.next("https://evil.example/")).isEqualTo("/");
        assertThat(SignInRoutes.next("//evil.example/")).isEqualTo("/");
        assertThat(SignInRoutes.next("/\\evil.example/")).isEqualTo("/");
        assertThat(SignInRoutes.next("/a\r\nSet-Cookie: x")).isEqualTo("/");
        assertThat(SignInRoutes.next(null)).isEqualTo("/");
    }
}
