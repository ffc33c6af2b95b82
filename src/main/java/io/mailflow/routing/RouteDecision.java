package io.mailflow.routing;

import java.util.List;

/**
 * Where one recipient goes and every step that led there.
 *
 * @param recipient the recipient as given
 * @param nextHop the chosen next hop
 * @param resolvedFrom the address the recipient was given as when it is a proxy address of a
 *        mailbox (Exchange's RESOLVE), else null
 * @param steps the reasoning, in order, written for an administrator
 */
public record RouteDecision(String recipient, NextHop nextHop, String resolvedFrom, List<String> steps) {

    public RouteDecision {
        steps = List.copyOf(steps);
    }
}
