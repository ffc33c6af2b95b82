package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.InboundConnector;
import io.mailflow.pipeline.ClientFacts;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.IntakeResult;
import io.mailflow.store.MessageContent;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * What a session knows from the start and keeps to the end: the configuration snapshot in force
 * when the client connected, who the client is, and where complete messages go.
 *
 * @param config the snapshot for this whole session (a reload applies to new sessions)
 * @param client the client's address
 * @param listener the listener's name
 * @param connector the inbound connector the client's IP is attributed to, or null
 * @param tlsAvailable STARTTLS can be offered
 * @param intake takes complete messages
 * @param spillDirectory where large messages are buffered while they arrive
 */
record SessionContext(ConfigSnapshot config, InetAddress client, String listener, InboundConnector connector,
        boolean tlsAvailable, Intake intake, Path spillDirectory) {

    /** Where a complete message goes (the pipeline; a test double in session tests). */
    @FunctionalInterface
    interface Intake {
        IntakeResult receive(Envelope envelope, ClientFacts client, MessageContent content, ConfigSnapshot config);
    }

    String hostname() {
        return config.configuration().server().hostname();
    }

    boolean normalizeBareLineFeed() {
        return config.normalizesBareLineFeedFrom(client);
    }
}
