package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueIdTest {

    @Test
    void idsShouldFollowTheGrammarAndSortByArrival() {
        QueueId ids = new QueueId();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            out.add(ids.next(1_795_812_329_000L + i / 1000));
        }
        out.add(ids.next(1_000L)); // a clock that went back still gives a larger id
        assertThat(out).allMatch(QueueId::isValid).doesNotHaveDuplicates().isSorted();
        assertThat(out.getFirst()).hasSize(14).matches("[0-9A-HJKMNP-TV-Z]{14}");
    }

    @Test
    void onlyWellFormedTextShouldBeAQueueId() {
        assertThat(QueueId.isValid("01M8FC328N0000")).isTrue();
        assertThat(QueueId.isValid("01M8FC328N000I")).isFalse();
        assertThat(QueueId.isValid("01M8FC328N000")).isFalse();
        assertThat(QueueId.isValid("../etc/passwd")).isFalse();
    }
}
