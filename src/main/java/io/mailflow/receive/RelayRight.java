package io.mailflow.receive;

/**
 * Whether the client may send to domains that are not accepted here, and why.
 *
 * @param allowed relay to any domain is allowed
 * @param why the rule that decided, for explain and the logs
 */
public record RelayRight(boolean allowed, String why) {

    public static final RelayRight NONE = new RelayRight(false, "the client has no relay right");
}
