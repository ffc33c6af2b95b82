package io.mailflow.admin.cli;

import io.mailflow.config.ConfigurationObjects;
import io.mailflow.model.Configuration;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A kind of configuration object as the verbs name it: Exchange's cmdlet noun ({@code
 * outboundConnector}, as in Get-OutboundConnector), the API's collection ({@code
 * outboundConnectors}) and the record its fields come from, read off {@link Configuration} so that
 * a new kind or field needs no change here.
 */
record ObjectKind(String noun, ConfigurationObjects.Kind kind, Class<?> type) {

    /** {@code outboundConnector}, {@code OutboundConnectors} and {@code outboundconnectors} all name one kind. */
    static Optional<ObjectKind> named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ConfigurationObjects.Kind k : ConfigurationObjects.KINDS.values()) {
            String noun = singular(k.key());
            if (wanted.equals(noun.toLowerCase(Locale.ROOT)) || wanted.equals(k.key().toLowerCase(Locale.ROOT))) {
                return Optional.of(new ObjectKind(noun, k, elementType(k.key())));
            }
        }
        return Optional.empty();
    }

    /** The nouns, for an error that names what exists. */
    static String nouns() {
        return ConfigurationObjects.KINDS.keySet().stream().sorted().map(ObjectKind::singular).collect(Collectors.joining(", "));
    }

    String collectionPath() {
        return "/api/v1/" + kind.key();
    }

    private static String singular(String key) {
        return key.endsWith("boxes") ? key.substring(0, key.length() - 2) : key.substring(0, key.length() - 1);
    }

    private static Class<?> elementType(String key) {
        RecordComponent c = Arrays.stream(Configuration.class.getRecordComponents()).filter(r -> r.getName().equals(key))
                .findFirst().orElseThrow(() -> new IllegalStateException("Configuration has no " + key));
        return (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
    }
}
