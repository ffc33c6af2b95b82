package io.mailflow.deliver;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One host to try for a delivery, with its addresses in the order they are tried.
 *
 * @param label how the trace and the down list name it: the smart host entry ({@code host:port})
 *        or the MX host and port
 * @param name the host name a certificate is checked against and SNI names, or null for an address
 * @param addresses the addresses to try, in order
 * @param smartHost true for a connector's smart host (short connect timeout, down list)
 */
record HostCandidate(String label, String name, List<InetSocketAddress> addresses, boolean smartHost) {
}
