package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-next-hop lane: first asked, first started; never more at once than the limit. */
class HopLaneTest {

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void aBacklogWithOneSlotShouldStartInTheOrderItWasAskedFor() throws Exception {
        HopLane lane = new HopLane(() -> 1, workers);
        CountDownLatch hold = new CountDownLatch(1);
        List<Integer> started = new CopyOnWriteArrayList<>();
        List<Integer> after = new CopyOnWriteArrayList<>();
        lane.submit(() -> {
            hold(hold);
            return 0;
        }, after::add);
        for (int i = 1; i <= 200; i++) {
            int n = i;
            lane.submit(() -> {
                started.add(n);
                return n;
            }, after::add);
        }
        assertThat(lane.waiting()).isEqualTo(200);
        hold.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> after.size() == 201);
        assertThat(started).isSorted().hasSize(200);
    }

    @Test
    void noMoreThanTheLimitShouldRunAtOnceAndARaisedLimitShouldApplyAtOnce() throws Exception {
        AtomicInteger limit = new AtomicInteger(2);
        HopLane lane = new HopLane(limit::get, workers);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            lane.submit(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                hold(hold);
                running.decrementAndGet();
                return null;
            }, r -> done.incrementAndGet());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
        assertThat(lane.waiting()).isEqualTo(8);
        limit.set(5);
        lane.submit(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            hold(hold);
            running.decrementAndGet();
            return null;
        }, r -> done.incrementAndGet());
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 5);
        hold.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 11);
        assertThat(most.get()).isEqualTo(5);
    }

    @Test
    void afterAStoppedExecutorWhatHasNotStartedShouldBeDroppedNotRunLater() {
        ExecutorService stopped = Executors.newVirtualThreadPerTaskExecutor();
        stopped.shutdown();
        HopLane lane = new HopLane(() -> 1, stopped);
        AtomicInteger ran = new AtomicInteger();
        lane.submit(() -> ran.incrementAndGet(), r -> { });
        assertThat(lane.waiting()).isZero();
        assertThat(ran.get()).isZero();
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
