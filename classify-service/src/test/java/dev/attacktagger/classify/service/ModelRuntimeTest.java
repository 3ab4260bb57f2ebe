package dev.attacktagger.classify.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelRuntimeTest {

    @Test
    void shouldRefuseToStartWhenCudaIsDemandedAndThisBuildHasNone() {
        // The default build carries the CPU-only ONNX Runtime; the gpu profile's build on a GPU machine would pass.
        assertThatThrownBy(() -> ModelRuntime.checkDevice("cuda"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "classify.device=cuda, but this ONNX Runtime build offers only [CPU]: build with"
                                + " -Pgpu (onnxruntime_gpu)");
    }

    @Test
    void shouldLeaveAutoAndCpuToTheLoader() {
        assertThatCode(() -> ModelRuntime.checkDevice("auto")).doesNotThrowAnyException();
        assertThatCode(() -> ModelRuntime.checkDevice("cpu")).doesNotThrowAnyException();
    }
}
