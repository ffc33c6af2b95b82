package io.mailflow.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mailflow.model.ConfigError;
import io.mailflow.model.Configuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a YAML configuration file into a {@link ConfigSnapshot}. Every problem is reported with
 * the file, the line and the field's YAML path; nothing is half-applied.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new ConfigModule())
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /** Loads and checks a file; the snapshot's relative paths resolve against the file's directory. */
    public static ConfigSnapshot load(Path file, long version) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", "cannot read the file: " + e)));
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree = tree(name, text, lines);
        return snapshot(name, tree, lines, file, version);
    }

    /**
     * Checks a configuration document (the YAML's tree, from the store or the API) exactly as
     * {@link #load} checks a file, files named in it included. Problems carry no line numbers.
     *
     * @param name what problem reports call the document, e.g. {@code configuration version 4}
     * @param baseFile the configuration file relative paths resolve against, or null for the working directory
     */
    public static ConfigSnapshot check(String name, JsonNode document, Path baseFile, long version) throws ConfigException {
        if (document == null || !document.isObject()) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", "expected a section of fields")));
        }
        return snapshot(name, document.deepCopy(), new HashMap<>(), baseFile, version);
    }

    /** Reads YAML text into the document tree {@link #check} takes, reporting bad YAML with its line. */
    public static JsonNode readDocument(String name, String text) throws ConfigException {
        return tree(name, text, new HashMap<>());
    }

    private static ConfigSnapshot snapshot(String name, JsonNode tree, Map<String, Integer> lines, Path file, long version)
            throws ConfigException {
        Configuration configuration = check(name, tree, lines);
        ConfigSnapshot snapshot = ConfigSnapshot.of(configuration, file == null ? null : file.toAbsolutePath().normalize(),
                version, field -> lineOf(field, lines), tree);
        List<ConfigProblem> missing = new ArrayList<>();
        configuration.files().forEach((field, path) -> {
            String why = unusable(snapshot.resolve(path));
            if (why != null) {
                missing.add(new ConfigProblem(name, lineOf(field, lines), field, why));
            }
        });
        if (!missing.isEmpty()) {
            throw new ConfigException(missing);
        }
        return snapshot;
    }

    /**
     * Why a configured file cannot be used, or null. Checked here, not left to its first use: a
     * trusted CA file that is not there would otherwise be replaced by the JDK's CAs in silence.
     */
    private static String unusable(Path file) {
        if (!Files.exists(file)) {
            return "file " + file + " does not exist";
        }
        if (!Files.isRegularFile(file)) {
            return file + " is not a file";
        }
        return Files.isReadable(file) ? null : "file " + file + " cannot be read by this user";
    }

    /** Parses and checks configuration text; {@code name} is used in problem reports. */
    public static Configuration parse(String name, String text) throws ConfigException {
        Map<String, Integer> lines = new HashMap<>();
        return check(name, tree(name, text, lines), lines);
    }

    /** Reads the YAML tree, noting in {@code lines} where each field path starts. */
    private static JsonNode tree(String name, String text, Map<String, Integer> lines) throws ConfigException {
        try {
            return readTree(text, lines);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(List.of(new ConfigProblem(name, at == null ? 0 : at.getLineNr(), "",
                    "not valid YAML: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", "cannot read: " + e.getMessage())));
        }
    }

    /** Maps the tree to the model and validates it: the one check every configuration goes through. */
    private static Configuration check(String name, JsonNode tree, Map<String, Integer> lines) throws ConfigException {
        Configuration configuration;
        try {
            configuration = MAPPER.treeToValue(tree, Configuration.class);
        } catch (JsonMappingException e) {
            String field = fieldPath(e.getPath());
            throw new ConfigException(List.of(new ConfigProblem(name, lineOf(field, lines), field, describe(e))));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", e.getOriginalMessage())));
        }
        List<ConfigError> errors = configuration.validate();
        if (!errors.isEmpty()) {
            List<ConfigProblem> problems = new ArrayList<>();
            for (ConfigError error : errors) {
                problems.add(new ConfigProblem(name, lineOf(error.path(), lines), error.path(), error.message()));
            }
            throw new ConfigException(problems);
        }
        return configuration;
    }

    /** Reads the YAML tree and, on the way, the line where each field path starts. */
    private static JsonNode readTree(String text, Map<String, Integer> lines) throws IOException {
        try (JsonParser p = YAML.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                String pointer = p.getParsingContext().pathAsPointer().toString();
                lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        }
        try (JsonParser p = YAML.createParser(text)) {
            JsonNode tree = MAPPER.readTree(p);
            return tree == null || tree.isMissingNode() || tree.isNull() ? JsonNodeFactory.instance.objectNode() : tree;
        }
    }

    /** {@code a.b[2].c} → the line of {@code /a/b/2/c}, or of its nearest parent that exists. */
    private static int lineOf(String field, Map<String, Integer> lines) {
        String pointer = "/" + field.replace("[", ".").replace("]", "").replace('.', '/');
        while (!pointer.isEmpty()) {
            Integer line = lines.get(pointer);
            if (line != null) {
                return line;
            }
            int cut = pointer.lastIndexOf('/');
            pointer = pointer.substring(0, Math.max(cut, 0));
        }
        return field.isEmpty() ? 1 : 0;
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return "unknown field '" + u.getPropertyName() + "' (known fields here: " + known + ")";
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String allowed = java.util.Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return "'" + f.getValue() + "' is not one of " + allowed;
        }
        if (e instanceof InvalidFormatException f) {
            String m = f.getOriginalMessage();
            int cut = m.indexOf("': ");
            return cut > 0 ? m.substring(cut + 3) : m;
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            String what = List.class.isAssignableFrom(t) ? "a list" : t.isRecord() ? "a section of fields"
                    : t == String.class ? "a text value" : "a " + t.getSimpleName() + " value";
            return "expected " + what;
        }
        if (e.getCause() instanceof IllegalArgumentException iae) {
            return iae.getMessage();
        }
        return e.getOriginalMessage();
    }
}
