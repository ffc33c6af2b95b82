package io.mailflow.model;

/** Exchange's {@code TenantConnectorType}: the other end of a connector. */
public enum ConnectorType {
    /** A partner organization or service outside your organization. */
    Partner,
    /** Your organization's own email server (on-premises or otherwise privately held). */
    OnPremises
}
