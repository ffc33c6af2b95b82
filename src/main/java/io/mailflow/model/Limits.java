package io.mailflow.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Limits on what one client may do (Exchange's receive-connector limits).
 *
 * @param maxMessageSize largest message accepted, advertised with SIZE (default 36MB)
 * @param maxRecipientsPerMessage RCPT commands accepted per transaction (default 500)
 * @param maxConnections concurrent SMTP connections in all (default 1000)
 * @param maxConnectionsPerIp concurrent SMTP connections from one IP address (default 50)
 * @param maxHeaderSize largest header section of a message (default 256KB, or maxMessageSize if smaller)
 * @param maxLocalHopCount Received: headers added by this gateway before a message is a loop (default 20)
 * @param maxHopCount Received: headers in all before a message is a loop (default 100)
 * @param maxProtocolErrors syntax and sequence errors before the connection is closed (default 10)
 * @param commandTimeout time a client has to send one complete command line (default 5m, RFC 5321 §4.5.3.2.7)
 * @param dataTimeout time without receiving message data before the connection is closed (default 3m)
 * @param connectionTimeout longest life of one connection (default 30m)
 * @param maxExpandedRecipients recipients one message may have after distribution groups are
 *        expanded (default 1000, Exchange's ExpansionSizeLimit)
 * @param maxRejectedRecipients RCPTs refused with 5xx in one session before the connection is
 *        closed (default 20, Postfix's smtpd_hard_error_limit): a bound on directory harvesting
 * @param writeTimeout longest one write of replies to the client may take before the connection
 *        is closed (default 1m): a client that does not read its replies holds no slot for longer
 * @param maxJunkCommands commands that make no progress (RSET, NOOP, VRFY, HELP, a repeated
 *        HELO/EHLO or RCPT, a refused MAIL or AUTH...) between two accepted messages before the
 *        connection is closed (default 100, Postfix's smtpd_junk_command_limit)
 */
public record Limits(ByteSize maxMessageSize, Integer maxRecipientsPerMessage, Integer maxConnections,
        Integer maxConnectionsPerIp, ByteSize maxHeaderSize, Integer maxLocalHopCount, Integer maxHopCount,
        Integer maxProtocolErrors, Duration commandTimeout, Duration dataTimeout, Duration connectionTimeout,
        Integer maxExpandedRecipients, Integer maxRejectedRecipients, Duration writeTimeout, Integer maxJunkCommands) {

    public Limits {
        maxMessageSize = maxMessageSize == null ? ByteSize.ofMegabytes(36) : maxMessageSize;
        maxRecipientsPerMessage = maxRecipientsPerMessage == null ? 500 : maxRecipientsPerMessage;
        maxConnections = maxConnections == null ? 1000 : maxConnections;
        maxConnectionsPerIp = maxConnectionsPerIp == null ? 50 : maxConnectionsPerIp;
        maxHeaderSize = maxHeaderSize != null ? maxHeaderSize
                : ByteSize.ofBytes(Math.min(ByteSize.ofKilobytes(256).bytes(), maxMessageSize.bytes()));
        maxLocalHopCount = maxLocalHopCount == null ? 20 : maxLocalHopCount;
        maxHopCount = maxHopCount == null ? 100 : maxHopCount;
        maxProtocolErrors = maxProtocolErrors == null ? 10 : maxProtocolErrors;
        commandTimeout = commandTimeout == null ? Duration.ofMinutes(5) : commandTimeout;
        dataTimeout = dataTimeout == null ? Duration.ofMinutes(3) : dataTimeout;
        connectionTimeout = connectionTimeout == null ? Duration.ofMinutes(30) : connectionTimeout;
        maxExpandedRecipients = maxExpandedRecipients == null ? 1000 : maxExpandedRecipients;
        maxRejectedRecipients = maxRejectedRecipients == null ? 20 : maxRejectedRecipients;
        writeTimeout = writeTimeout == null ? Duration.ofMinutes(1) : writeTimeout;
        maxJunkCommands = maxJunkCommands == null ? 100 : maxJunkCommands;
    }

    public static Limits defaults() {
        return new Limits(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        positive("maxMessageSize", maxMessageSize.bytes(), errors);
        positive("maxRecipientsPerMessage", maxRecipientsPerMessage, errors);
        positive("maxConnections", maxConnections, errors);
        positive("maxConnectionsPerIp", maxConnectionsPerIp, errors);
        positive("maxHeaderSize", maxHeaderSize.bytes(), errors);
        positive("maxLocalHopCount", maxLocalHopCount, errors);
        positive("maxHopCount", maxHopCount, errors);
        positive("maxProtocolErrors", maxProtocolErrors, errors);
        positive("commandTimeout", commandTimeout.toMillis(), errors);
        positive("dataTimeout", dataTimeout.toMillis(), errors);
        positive("connectionTimeout", connectionTimeout.toMillis(), errors);
        positive("maxExpandedRecipients", maxExpandedRecipients, errors);
        positive("maxRejectedRecipients", maxRejectedRecipients, errors);
        positive("writeTimeout", writeTimeout.toMillis(), errors);
        positive("maxJunkCommands", maxJunkCommands, errors);
        if (maxConnectionsPerIp > maxConnections) {
            errors.add(new ConfigError("maxConnectionsPerIp", "is larger than maxConnections (" + maxConnections + ")"));
        }
        if (maxHeaderSize.compareTo(maxMessageSize) > 0) {
            errors.add(new ConfigError("maxHeaderSize", "is larger than maxMessageSize"));
        }
        return errors;
    }

    private static void positive(String field, long value, List<ConfigError> errors) {
        if (value <= 0) {
            errors.add(new ConfigError(field, "must be greater than zero"));
        }
    }
}
