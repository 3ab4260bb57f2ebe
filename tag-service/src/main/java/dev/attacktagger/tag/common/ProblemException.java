package dev.attacktagger.tag.common;

import java.util.List;
import java.util.Map;

/** A failure the caller caused or can act on; it becomes a problem response with its status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final transient Map<String, Object> extensions;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, Map.of(), List.of());
    }

    public ProblemException(
            int status, String title, String detail, Map<String, Object> extensions, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /** A request that is well formed but names something that does not exist or cannot be used, such as an id. */
    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }

    /** Fields that fail a check the request's annotations cannot express, such as one that needs the stored report. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        return new ProblemException(400, "Bad Request", detailOf(errors), Map.of(), errors);
    }

    /** The detail of field errors: the one field and its message, or how many fields failed. */
    static String detailOf(List<Problem.FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
    }

    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "Conflict", detail, extensions, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
