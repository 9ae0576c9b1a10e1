package dev.airlock.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rendered manifests of each value set against {@code src/test/resources/golden/<case>.yaml}. A changed golden
 * file is a reviewed change: regenerate with {@code ./mvnw -pl charts test -Dgolden.update=true} and read the diff.
 */
class GoldenManifestsTest {

    private static final Path GOLDEN = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @ParameterizedTest
    @EnumSource(ValueCase.class)
    void rendersAsTheGoldenFile(ValueCase valueCase) throws IOException {
        // Given
        Path golden = GOLDEN.resolve(valueCase.file + ".yaml");

        // When
        String rendered = AirlockChart.normalize(valueCase.manifests());

        // Then
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, rendered);
        }
        assertThat(golden)
                .as("golden file %s (create or refresh it with -Dgolden.update=true)", golden)
                .exists();
        assertThat(rendered).isEqualTo(Files.readString(golden));
    }
}
