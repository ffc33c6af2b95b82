/**
 * Routing: where each recipient goes next, and why.
 *
 * <p><b>Owns:</b> {@link io.mailflow.routing.Router#decide}, a pure function of the recipient,
 * the facts about the message and the configuration snapshot. Live delivery and
 * {@code mailflow explain} call the same function, so the explanation is the decision.
 *
 * <p><b>Never:</b> does DNS, reads a clock or opens a connection; facts it needs are passed in.
 *
 * <p><b>See also:</b> DECISIONS.md "Which outbound connector takes a recipient".
 */
package io.mailflow.routing;
