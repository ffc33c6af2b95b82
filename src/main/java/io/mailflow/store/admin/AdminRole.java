package io.mailflow.store.admin;

/** What an admin account or API token may do (Exchange's role groups, reduced to the two the API needs). */
public enum AdminRole {
    /** Reads and changes everything the admin API offers. */
    Administrator,
    /** Reads what the admin API offers, secrets excepted; changes nothing. */
    ViewOnly;

    /** True when this role may change things (POST, PUT, PATCH, DELETE). */
    public boolean mayChange() {
        return this == Administrator;
    }
}
