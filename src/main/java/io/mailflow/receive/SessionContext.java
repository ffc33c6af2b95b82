package io.mailflow.receive;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.Listener;
import io.mailflow.pipeline.ClientFacts;
import io.mailflow.pipeline.Envelope;
import io.mailflow.pipeline.IntakeResult;
import io.mailflow.message.ContentSpool;
import io.mailflow.message.MessageContent;
import java.net.InetAddress;

/**
 * What a session knows from the start and keeps to the end: the configuration snapshot in force
 * when the client connected, who the client is, the listener, and where complete messages go.
 *
 * @param config the snapshot for this whole session (a reload applies to new sessions)
 * @param client the client's address
 * @param listener the listener the client connected to
 * @param tlsAvailable STARTTLS can be offered (or the listener speaks implicit TLS)
 * @param intake takes complete messages
 * @param spool where large messages are written while they arrive
 * @param guard the gateway's login defences
 * @param quota the gateway's per-user sending limits
 * @param passwords the gateway's bounded password checks
 * @param refusals where refusals are logged
 */
record SessionContext(ConfigSnapshot config, InetAddress client, Listener listener, boolean tlsAvailable, Intake intake,
        ContentSpool spool, LoginGuard guard, SubmissionQuota quota, PasswordChecks passwords, RefusalLog refusals) {

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
