package io.mailflow.store.configuration;

/** A write was made against a version that is no longer the current one; nothing was stored. */
public final class VersionConflictException extends Exception {

    private final long base;
    private final long current;

    public VersionConflictException(long base, long current) {
        super("the configuration was changed meanwhile: the change was made against version " + base
                + ", the current version is " + current);
        this.base = base;
        this.current = current;
    }

    /** The version the refused write was made against. */
    public long base() {
        return base;
    }

    /** The current version when the write was refused. */
    public long current() {
        return current;
    }
}
