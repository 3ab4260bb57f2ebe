package dev.attacktagger.ingest.documents.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.attacktagger.ingest.common.rest.ApiException;
import dev.attacktagger.ingest.common.rest.FieldError;
import dev.attacktagger.ingest.common.rest.Problem;
import dev.attacktagger.ingest.documents.service.DocumentIntake;
import dev.attacktagger.ingest.jobs.rest.JobView;
import dev.attacktagger.ingest.jobs.service.JobService;

@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    private final DocumentIntake intake;
    private final JobService jobs;

    DocumentResource(DocumentIntake intake, JobService jobs) {
        this.intake = intake;
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Uploads a document (PDF, DOCX, DOC, RTF, HTML, TXT, MD or a STIX 2.1 bundle) to be tagged")
    @APIResponse(responseCode = "202", description = "Accepted; Location names the job to follow")
    @APIResponse(
            responseCode = "400",
            description = "A field is invalid, or the file is missing, empty or more than one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "The file is larger than the upload limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The file is of a format the service does not read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(
            @RestForm("file") List<FileUpload> files,
            @RestForm("title") String title,
            @RestForm("source") String source,
            @RestForm("url") String url,
            @RestForm("publishedAt") String publishedAt,
            @HeaderParam("X-Organisation") @DefaultValue("default") String organisation,
            @HeaderParam("X-User") @DefaultValue("anonymous") String user) {
        FileUpload file = onlyFile(files);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uploaded file back: " + e.getMessage(), e);
        }
        UUID id = intake.upload(
                new DocumentIntake.Submission(organisation, user, title, source, url, publishedAt),
                file.fileName(),
                file.contentType(),
                bytes);
        return accepted(id, organisation);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submits a document as JSON: {title, text} to tag the text, or {url} to fetch and tag a page")
    @APIResponse(responseCode = "202", description = "Accepted; Location names the job to follow")
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON, neither text nor url, or a URL that may not be fetched",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "The text is larger than the upload limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "Neither JSON nor multipart/form-data",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(
            TextDocumentRequest request,
            @HeaderParam("X-Organisation") @DefaultValue("default") String organisation,
            @HeaderParam("X-User") @DefaultValue("anonymous") String user) {
        if (request == null) {
            throw ApiException.invalid(List.of(new FieldError("text", "either text or url is required")));
        }
        UUID id = intake.submit(
                new DocumentIntake.Submission(
                        organisation, user, request.title(), request.source(), request.url(), request.publishedAt()),
                request.text());
        return accepted(id, organisation);
    }

    /** The one file of an upload: a job is made of one file, and a second one would be dropped unseen. */
    private static FileUpload onlyFile(List<FileUpload> files) {
        if (files == null || files.isEmpty() || files.get(0).uploadedFile() == null) {
            throw ApiException.invalid(List.of(new FieldError("file", "a file is required")));
        }
        if (files.size() > 1) {
            throw ApiException.invalid(List.of(new FieldError(
                    "file",
                    "send one file per request; this request has " + files.size()
                            + " file parts (each file is its own job with its own Location)")));
        }
        return files.get(0);
    }

    private Response accepted(UUID id, String organisation) {
        JobView view = jobs.find(id, organisation).map(JobView::of).orElseThrow();
        // Set as a header so the path stays relative, as the API documents it.
        return Response.accepted(view).header("Location", "/api/v1/jobs/" + id).build();
    }
}
