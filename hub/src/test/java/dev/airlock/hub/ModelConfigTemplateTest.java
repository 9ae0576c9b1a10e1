package dev.airlock.hub;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.airlock.hub.task.ModelConfigTemplate;
import dev.airlock.synth.SynthConfig;

/** Every template is a configuration the worker accepts. */
class ModelConfigTemplateTest {

    static java.util.List<ModelConfigTemplate> templates() {
        return ModelConfigTemplate.ALL;
    }

    @ParameterizedTest
    @MethodSource("templates")
    void theWorkerAcceptsTheTemplate(ModelConfigTemplate template) {
        assertThatCode(() -> SynthConfig.fromMap(template.config())).doesNotThrowAnyException();
    }
}
