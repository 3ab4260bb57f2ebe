package dev.attacktagger.classifier;

import java.util.Locale;

/**
 * How to run the sentence encoder.
 *
 * @param device {@code auto} (CUDA when ONNX Runtime offers it, else CPU), {@code cpu} or {@code cuda}
 * @param intraOpThreads threads one ONNX Runtime operator may use
 * @param interOpThreads threads for independent operators
 */
public record EncoderSettings(String device, int intraOpThreads, int interOpThreads) {

    public EncoderSettings {
        if (device == null) {
            device = "auto";
        }
        device = device.strip().toLowerCase(Locale.ROOT);
        if (!device.equals("auto") && !device.equals("cpu") && !device.equals("cuda")) {
            throw new IllegalArgumentException("expected device auto, cpu or cuda, found " + device);
        }
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException(
                    "expected at least one thread, found intra " + intraOpThreads + ", inter " + interOpThreads);
        }
    }

    /** {@code auto}, one intra-op thread per available core, one inter-op thread. */
    public static EncoderSettings defaults() {
        return new EncoderSettings("auto", Runtime.getRuntime().availableProcessors(), 1);
    }
}
