package io.mailflow.model;

/** Exchange's {@code FromScope} / {@code SentToScope} values that a gateway can decide. */
public enum OrganizationScope {
    InOrganization,
    NotInOrganization
}
