package dev.parley.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md lists every setting Config reads, so the documentation cannot fall behind. */
class ConfigurationDocTest {

    @Test
    void every_setting_config_reads_is_documented() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/parley/server/Config.java"));
        String doc = Files.readString(Path.of("docs/configuration.md"));
        Set<String> settings = new TreeSet<>();
        Matcher m = Pattern.compile("\"(PARLEY_[A-Z0-9_]*[A-Z0-9])\"").matcher(source);
        while (m.find()) {
            settings.add(m.group(1));
        }
        for (String dialect : Config.DIALECTS) {
            settings.add("PARLEY_DIALECT_" + dialect.toUpperCase());
        }
        assertThat(settings).isNotEmpty();
        for (String setting : settings) {
            assertThat(doc).as("document %s in docs/configuration.md", setting).contains("`" + setting + "`");
        }
    }
}
