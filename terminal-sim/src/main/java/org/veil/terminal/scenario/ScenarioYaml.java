package org.veil.terminal.scenario;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The YAML reader of scenario files. Plain scalars stay text unless they are a decimal integer without
 * a leading zero, true/false or null: {@code 3: 000000} is "000000" (YAML 1.1 would read the octal 0),
 * {@code 48: PA001Y} and {@code y} stay text, and dates are never parsed.
 */
final class ScenarioYaml {
    private ScenarioYaml() {}

    static Yaml create() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(4 * 1024 * 1024);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new PlainResolver());
    }

    private static final class PlainResolver extends Resolver {
        private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INTEGER = Pattern.compile("^(?:0|-?[1-9][0-9]*)$");
        private static final Pattern NULL_VALUE = Pattern.compile("^(?:~|null|Null|NULL| )$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF", 10);
            addImplicitResolver(Tag.INT, INTEGER, "-0123456789", 20);
            addImplicitResolver(Tag.NULL, NULL_VALUE, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
