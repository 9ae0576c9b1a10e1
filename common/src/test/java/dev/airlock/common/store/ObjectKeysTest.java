package dev.airlock.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

    private static final String PREFIX = "projects/demo/tasks/5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11/";

    @Test
    void aNameUnderThePrefixResolves() {
        assertThat(ObjectKeys.resolve(PREFIX, "synthetic.csv")).isEqualTo(PREFIX + "synthetic.csv");
        assertThat(ObjectKeys.requireUnder(PREFIX + "report/plots.json", PREFIX)).endsWith("plots.json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../other/model.airlock", "a/../../b", "/etc/passwd", "./x", "a//b", "bad\u0000name",
            "line\nbreak", "back\\slash", "" })
    void unsafeNamesAreRefused(String name) {
        assertThatThrownBy(() -> ObjectKeys.resolve(PREFIX, name)).isInstanceOf(UnsafeKeyException.class);
    }

    @Test
    void keysOutsideThePrefixAreRefusedAndNamed() {
        assertThatThrownBy(() -> ObjectKeys.requireUnder("projects/other/tasks/x/model.airlock", PREFIX))
                .hasMessage("object key 'projects/other/tasks/x/model.airlock' is outside the prefix '" + PREFIX + "'");
        assertThatThrownBy(() -> ObjectKeys.requireUnder(PREFIX, PREFIX)).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> ObjectKeys.requireSafe("x\u0007y"))
                .hasMessage("object key 'x\\u0007y' contains a control character or backslash at 1");
    }

    @Test
    void aPrefixMustEndInASlash() {
        assertThatThrownBy(() -> ObjectKeys.resolve("projects/demo", "x.csv"))
                .hasMessage("prefix 'projects/demo' does not end with '/'");
    }
}
