package dev.attacktagger.classify.service;

/** The model is still loading, or failed to load (503). */
public class ModelNotReadyException extends RuntimeException {

    public ModelNotReadyException(String message) {
        super(message);
    }
}
