package dev.coffer.jobs;

/**
 * Published inside the transaction that submits or cancels a job; a listener that throws (the
 * audit log, when it cannot record the change) rolls the change back.
 *
 * @param action {@code job.submitted}, {@code job.cancelled} or {@code job.cancel_requested}
 * @param jobId the job
 * @param type the job type
 * @param notifyHost the host of the job's {@code notify_url}, or {@code null}
 */
public record JobChanged(String action, String jobId, String type, String notifyHost) {
}
