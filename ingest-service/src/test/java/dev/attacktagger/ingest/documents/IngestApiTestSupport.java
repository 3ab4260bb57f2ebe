package dev.attacktagger.ingest.documents;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import io.restassured.path.json.JsonPath;

/** Following jobs through the API. */
public final class IngestApiTestSupport {

    private IngestApiTestSupport() {}

    /** The job at {@code location} once it has ended (done, partial or failed). */
    public static JsonPath awaitEnd(String location) {
        return await(
                location,
                job -> Set.of("done", "partial", "failed").contains(job.getString("state")),
                Duration.ofSeconds(60));
    }

    /** The job at {@code location} once {@code condition} holds for it. */
    public static JsonPath await(String location, Predicate<JsonPath> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath job = null;
        while (System.nanoTime() < deadline) {
            job = given().when().get(location).then().statusCode(200).extract().jsonPath();
            if (condition.test(job)) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the job at " + location + " did not get there in " + timeout + "; it is "
                + (job == null ? "unknown" : job.prettify()));
    }
}
