package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The per-client log budget: a few lines per window, one report of the rest, bounded memory. */
class LogBudgetTest {

    private final ManualClock clock = new ManualClock();
    private final LogBudget budget = new LogBudget(clock, 3, Duration.ofMinutes(1), 100);

    @Test
    void aClientShouldGetItsBudgetPerWindowAndOneReportOfTheRest() {
        Instant start = clock.instant();
        assertThat(IntStream.range(0, 1000).filter(i -> budget.admit("192.0.2.1").log())).hasSize(3);
        assertThat(budget.admit("192.0.2.2").log()).as("another client has its own budget").isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(budget.sweep(false)).as("the window is not over").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.sweep(false)).containsExactly(new LogBudget.Suppressed("192.0.2.1", 997, start, start.plusSeconds(60)));
        assertThat(budget.sweep(false)).as("reported once").isEmpty();
        assertThat(budget.clients()).as("ended windows are forgotten").isZero();
        assertThat(budget.admit("192.0.2.1").log()).as("a new window, a new budget").isTrue();
    }

    @Test
    void theNextLineOfAClientShouldCarryTheReportOfItsEndedWindow() {
        for (int i = 0; i < 10; i++) {
            budget.admit("192.0.2.1");
        }
        clock.advance(Duration.ofMinutes(2));
        LogBudget.Admission next = budget.admit("192.0.2.1");
        assertThat(next.log()).isTrue();
        assertThat(next.ended().count()).isEqualTo(7);
        assertThat(budget.sweep(false)).as("already reported").isEmpty();
    }

    @Test
    void clientsBeyondTheTableShouldShareOneBudget() {
        for (int i = 0; i < 10_000; i++) {
            budget.admit("10.0." + (i >> 8) + "." + (i & 255));
        }
        assertThat(budget.clients()).as("100 clients and the shared entry").isEqualTo(101);
        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.sweep(false)).singleElement().satisfies(r -> {
            assertThat(r.client()).isEqualTo(LogBudget.OTHERS);
            assertThat(r.count()).isEqualTo(9_900 - 3);
        });
        assertThat(budget.clients()).isZero();
    }
}
