/**
 * The mail flow rule engine (Exchange's transport rules): {@link io.mailflow.rules.RuleEngine#run}
 * evaluates the rules of {@link io.mailflow.model.TransportRule} in priority order against one
 * message, splits it when a rule matches only some recipients, and takes the actions (header and
 * subject changes, disclaimers, recipients, routing instructions, rejection). Pure: it reads the
 * message through {@link io.mailflow.rules.MessageView} (a streaming MIME structure reader and a
 * bounded body reader: memory does not grow with the message; changed copies keep the bytes they
 * do not change) and the directory through {@link io.mailflow.rules.Directory}, and knows nothing
 * but the model and the message's bytes ({@code io.mailflow.message}).
 */
package io.mailflow.rules;
