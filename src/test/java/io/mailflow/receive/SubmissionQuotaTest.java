package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.model.SubmissionSettings;
import io.mailflow.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exchange's sending limits over sliding windows: messages per minute, recipients per day. */
class SubmissionQuotaTest {

    private static final SubmissionSettings SETTINGS = new SubmissionSettings(3, 100, null, null, null, null);
    private final ManualClock clock = new ManualClock();
    private final SubmissionQuota quota = new SubmissionQuota(clock);

    @Test
    void messagesPerMinuteShouldCountOnlyTheLastMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(quota.mayStartMessage("Dave@contoso.test", SETTINGS)).isTrue();
            quota.record("dave@contoso.test", 1);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(quota.mayStartMessage("dave@contoso.test", SETTINGS)).as("3 in the last minute").isFalse();
        assertThat(quota.mayStartMessage("erin@contoso.test", SETTINGS)).as("per user").isTrue();
        clock.advance(Duration.ofSeconds(31)); // the first is now 61 s old
        assertThat(quota.mayStartMessage("dave@contoso.test", SETTINGS)).isTrue();
    }

    @Test
    void recipientsPerDayShouldBeSummedOverTheLastDayAndFreedAsItPasses() {
        quota.record("dave@contoso.test", 60);
        clock.advance(Duration.ofHours(12));
        quota.record("dave@contoso.test", 30);
        assertThat(quota.mayAddRecipients("dave@contoso.test", 10, SETTINGS)).as("90 + 10 = 100").isTrue();
        assertThat(quota.mayAddRecipients("dave@contoso.test", 11, SETTINGS)).isFalse();
        clock.advance(Duration.ofHours(12)); // the 60 are a day old now
        assertThat(quota.mayAddRecipients("dave@contoso.test", 70, SETTINGS)).isTrue();
        assertThat(quota.mayAddRecipients("dave@contoso.test", 71, SETTINGS)).isFalse();
    }
}
