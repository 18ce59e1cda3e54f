package org.veil.cardswitch;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jpos.core.ConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
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
