package io.mailflow.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order rules are evaluated in, as Exchange numbers them: priorities 0..N-1 without gaps or
 * duplicates. A rule asks for a position; a later rule that asks for a taken position takes it and
 * shifts the rest down (Exchange's Set-TransportRule -Priority); a rule without one goes last.
 */
public final class RulePriorities {

    private RulePriorities() {
    }

    /** The rules in evaluation order; a rule's index in the result is its effective priority. */
    public static List<TransportRule> order(List<TransportRule> rules) {
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            index.add(i);
        }
        index.sort(Comparator.<Integer>comparingLong(i -> rules.get(i).priority() == null ? Long.MAX_VALUE : rules.get(i).priority())
                // the same position asked twice: the rule written later takes it (it was "inserted" there)
                .thenComparing(i -> rules.get(i).priority() == null ? i : -i));
        return index.stream().map(rules::get).toList();
    }
}
