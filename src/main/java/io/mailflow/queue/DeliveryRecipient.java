package io.mailflow.queue;

/** A recipient handed to a delivery agent, with its DSN parameters. */
public record DeliveryRecipient(int index, String address, String orcpt, String dsnNotify) {
}
