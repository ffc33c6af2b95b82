package io.mailflow.store;

/** The store could not do what was asked; the caller answers 4xx and loses nothing. */
public final class StoreException extends Exception {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
