package dev.attacktagger.classify.model;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The model card of the loaded model and how this instance runs it.
 *
 * @param id the model's id
 * @param attackVersion the ATT&amp;CK version it was trained on
 * @param encoder the sentence encoder's id
 * @param executionProvider the ONNX Runtime execution provider in use, {@code CPU} or {@code CUDA}
 * @param released how many techniques the model proposes
 * @param heldBack how many techniques it holds back for failing the release bar
 * @param techniques every active technique of that ATT&amp;CK version, with its threshold and validation figures
 * @param validation the validation figures and how they were measured
 */
@Schema(name = "ModelCard")
public record ModelCardResponse(
        String id,
        String attackVersion,
        String encoder,
        String executionProvider,
        long released,
        long heldBack,
        List<TechniqueCard> techniques,
        Map<String, Object> validation) {}
