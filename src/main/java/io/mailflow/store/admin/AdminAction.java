package io.mailflow.store.admin;

/** What an audited change to the admin directory did. */
public enum AdminAction {
    AccountAdded, AccountRemoved, TokenCreated, TokenRevoked
}
