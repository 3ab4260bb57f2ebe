package dev.attacktagger.classifier;

import java.nio.file.Path;

/** The released model of the repository, which the tests load for real. */
public final class ReleasedModel {

    /** The model folder, relative to the module's folder where the tests run. */
    public static final Path DIR = Path.of("..", "models", "default");

    private static TechniqueTagger tagger;

    private ReleasedModel() {}

    /** One tagger for the whole test run: loading the encoder takes seconds. */
    public static synchronized TechniqueTagger tagger() {
        if (tagger == null) {
            tagger = TechniqueTagger.load(DIR, new EncoderSettings("cpu", 2, 1));
            Runtime.getRuntime().addShutdownHook(new Thread(tagger::close));
        }
        return tagger;
    }
}
