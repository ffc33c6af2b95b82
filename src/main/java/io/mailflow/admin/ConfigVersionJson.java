package io.mailflow.admin;

import io.mailflow.store.configuration.ConfigurationVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** A configuration version as the API and {@code config history} show it: everything but the document. */
public final class ConfigVersionJson {

    private ConfigVersionJson() {
    }

    public static Map<String, Object> summary(ConfigurationVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.number());
        m.put("at", v.at().toString());
        m.put("who", v.change().who());
        m.put("source", v.change().source().name());
        m.put("clientAddress", v.change().clientAddress());
        m.put("comment", v.change().comment());
        return m;
    }
}
