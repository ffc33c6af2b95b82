package io.mailflow.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the mail flow rules against the rest of the configuration: unique names, connectors
 * that exist, groups that are groups.
 */
final class RuleValidation {

    private final Configuration c;
    private final List<ConfigError> errors;

    RuleValidation(Configuration c, List<ConfigError> errors) {
        this.c = c;
        this.errors = errors;
    }

    void run() {
        Set<String> names = new HashSet<>();
        Set<String> connectors = new HashSet<>();
        c.outboundConnectors().forEach(o -> {
            if (o.name() != null) {
                connectors.add(o.name().toLowerCase(Locale.ROOT));
            }
        });
        Set<String> groups = new HashSet<>();
        for (DistributionGroup g : c.distributionGroups()) {
            if (g.validate().isEmpty()) {
                g.addresses().forEach(a -> groups.add(a.key()));
            }
        }
        for (int i = 0; i < c.transportRules().size(); i++) {
            TransportRule r = c.transportRules().get(i);
            String path = "transportRules[" + i + "]";
            r.validate().forEach(e -> errors.add(e.under(path)));
            if (r.name() != null && !names.add(r.name().toLowerCase(Locale.ROOT))) {
                errors.add(new ConfigError(path + ".name", "'" + r.name() + "' is used by another rule"));
            }
            for (RuleAction a : r.actions()) {
                if (a instanceof RuleAction.RouteMessageOutboundConnector route
                        && !connectors.contains(route.connector().toLowerCase(Locale.ROOT))) {
                    errors.add(new ConfigError(path + ".routeMessageOutboundConnector", "no outbound connector is named '"
                            + route.connector() + "'"));
                }
            }
            checkGroups(path, "", r.conditions(), groups);
            checkGroups(path, "exceptIf", r.exceptions(), groups);
        }
    }

    private void checkGroups(String path, String prefix, List<RuleCondition> conditions, Set<String> groups) {
        for (RuleCondition condition : conditions) {
            List<String> named = switch (condition) {
                case RuleCondition.FromMemberOf f -> f.groups();
                case RuleCondition.SentToMemberOf s -> s.groups();
                default -> List.of();
            };
            String field = prefix.isEmpty() ? condition.parameter()
                    : prefix + Character.toUpperCase(condition.parameter().charAt(0)) + condition.parameter().substring(1);
            for (int j = 0; j < named.size(); j++) {
                try {
                    if (!groups.contains(EmailAddress.parse(named.get(j)).key())) {
                        errors.add(new ConfigError(path + "." + field + "[" + j + "]", "'" + named.get(j)
                                + "' is not a distribution group"));
                    }
                } catch (IllegalArgumentException e) {
                    // the address itself is reported by the rule's own checks
                }
            }
        }
    }
}
