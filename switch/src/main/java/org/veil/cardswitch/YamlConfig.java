package org.veil.cardswitch;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jpos.core.ConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads a cfg YAML file once, at deploy time, into plain maps and lists. */
final class YamlConfig {
    private YamlConfig() {}

    static Map<String, Object> load(String file) throws ConfigurationException {
        Path path = Path.of(file);
        try (Reader r = Files.newBufferedReader(path)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            if (!(root instanceof Map<?, ?> m)) throw new ConfigurationException(file + ": expected a mapping at the top");
            @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) m;
            return map;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ConfigurationException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (MarkedYAMLException e) {
            throw new ConfigurationException(file + ": not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem(), e);
        } catch (RuntimeException e) {
            throw new ConfigurationException(file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** SnakeYAML's messages span lines with a caret drawing: the first line says what. */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) return "unreadable";
        return message.strip().lines().findFirst().orElse("").strip();
    }

    static List<?> list(Map<?, ?> map, String key, String file) throws ConfigurationException {
        Object v = map.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) throw new ConfigurationException(file + ": '" + key + "' must be a list");
        return l;
    }

    static String text(Map<?, ?> map, String key, String file) throws ConfigurationException {
        Object v = map.get(key);
        if (v == null) throw new ConfigurationException(file + ": missing '" + key + "'");
        return String.valueOf(v);
    }
}
