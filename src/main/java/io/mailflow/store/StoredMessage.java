package io.mailflow.store;

import java.time.Instant;
import java.util.Map;

/**
 * A queued message's envelope and the facts the trace and the queue list show.
 *
 * @param queueId the message's queue id
 * @param receivedAt when the 250 was given
 * @param sender the envelope sender, empty for the null sender {@code <>}
 * @param size content size in octets, including the headers this gateway added
 * @param messageId the Message-ID header, or empty
 * @param subject the Subject header (decoded), or empty
 * @param clientIp the IP address of the client that sent it
 * @param attributes further envelope facts (DSN RET/ENVID, SMTPUTF8, BODY, HELO, TLS, connector)
 */
public record StoredMessage(String queueId, Instant receivedAt, String sender, long size, String messageId,
        String subject, String clientIp, Map<String, String> attributes) {

    public StoredMessage {
        attributes = Map.copyOf(attributes);
    }

    public String attribute(String name) {
        return attributes.get(name);
    }
}
