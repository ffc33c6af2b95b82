/**
 * The mail flow rule engine (Exchange's transport rules): {@link io.mailflow.rules.RuleEngine#run}
 * evaluates the rules of {@link io.mailflow.model.TransportRule} in priority order against one
 * message, splits it when a rule matches only some recipients, and takes the actions (header and
 * subject changes, disclaimers, recipients, routing instructions, rejection). Pure: it reads the
 * message through {@link io.mailflow.rules.MessageView} (its own small MIME reader, which keeps the
 * bytes it does not change) and the directory through {@link io.mailflow.rules.Directory}, and
 * knows nothing but the model.
 */
package io.mailflow.rules;
