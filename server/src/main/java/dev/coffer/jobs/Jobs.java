package dev.coffer.jobs;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import dev.coffer.api.Ids;
import dev.coffer.api.Times;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.PermissionDeniedException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.webhooks.OutboundUrlGuard;

/**
 * Durable jobs for every feature: {@link #submit} stores a job that a worker on some node runs
 * with the {@link JobHandler} of its type; an endpoint that starts one answers {@link #accepted}.
 * A caller sees the jobs it started; {@code jobs:read} sees all, {@code jobs:write} cancels all.
 */
@Service
public class Jobs {

	/** Longest JSON text of a job's parameters. */
	static final int MAX_PARAMS_CHARS = 65_536;

	private static final String SYSTEM = "system";

	private final JobStore store;

	private final JobJson json;

	private final JobHandlers handlers;

	private final JobWorker worker;

	private final JobEvents events;

	private final OutboundUrlGuard urlGuard;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher publisher;

	Jobs(JobStore store, JobJson json, JobHandlers handlers, JobWorker worker, JobEvents events, OutboundUrlGuard urlGuard,
			TransactionTemplate transactions, ApplicationEventPublisher publisher) {
		this.transactions = transactions;
		this.publisher = publisher;
		this.store = store;
		this.json = json;
		this.handlers = handlers;
		this.worker = worker;
		this.events = events;
		this.urlGuard = urlGuard;
	}

	/**
	 * Stores a queued job and wakes this node's worker.
	 * @param type a job type with a {@link JobHandler} bean
	 * @param params the job's parameters (JSON values); {@code null} for none
	 * @param notifyUrl a URL that receives the job when it ends, or {@code null}
	 * @param by who starts it (sees it without {@code jobs:read}); {@code null} for the server itself
	 * @throws ApiException {@code webhook_target_forbidden} if {@code notifyUrl} is not an allowed target
	 */
	public JobView submit(String type, Map<String, Object> params, String notifyUrl, Caller by) {
		Assert.hasText(type, "type cannot be empty");
		Assert.isTrue(this.handlers.find(type).isPresent(), () -> "no job handler for type '" + type + "'");
		if (notifyUrl != null) {
			this.urlGuard.check(notifyUrl);
		}
		String paramsJson = this.json.write(params == null ? Map.of() : new LinkedHashMap<>(params));
		Assert.isTrue(paramsJson.length() <= MAX_PARAMS_CHARS, "job parameters are too large");
		String id = Ids.next();
		this.transactions.executeWithoutResult(tx -> {
			this.store.insert(id, type, paramsJson, by == null ? SYSTEM : by.reference(), notifyUrl, Times.now());
			this.publisher.publishEvent(new JobChanged("job.submitted", id, type,
					notifyUrl == null ? null : URI.create(notifyUrl).getHost()));
		});
		// the job as accepted: read before the worker is woken, which may finish a short job at once
		JobView accepted = view(id);
		this.worker.wake();
		return accepted;
	}

	/**
	 * Stores a queued job of the server itself unless a job of {@code type} is queued or running
	 * already, and wakes this node's worker. For work every node schedules: nodes racing here lock
	 * the type's row in {@code job_type_locks} first, so one of them submits.
	 * @param type a job type with a {@link JobHandler} bean
	 * @param params the job's parameters (JSON values); {@code null} for none
	 * @return the job submitted, or empty if one of the type was live
	 */
	public Optional<JobView> submitUnlessLive(String type, Map<String, Object> params) {
		Assert.hasText(type, "type cannot be empty");
		Assert.isTrue(this.handlers.find(type).isPresent(), () -> "no job handler for type '" + type + "'");
		String paramsJson = this.json.write(params == null ? Map.of() : new LinkedHashMap<>(params));
		Assert.isTrue(paramsJson.length() <= MAX_PARAMS_CHARS, "job parameters are too large");
		this.transactions.executeWithoutResult(tx -> this.store.insertTypeLock(type));
		String id = Ids.next();
		boolean submitted = Boolean.TRUE.equals(this.transactions.execute(tx -> {
			this.store.lockType(type);
			if (this.store.countLive(type) > 0) {
				return false;
			}
			this.store.insert(id, type, paramsJson, SYSTEM, null, Times.now());
			this.publisher.publishEvent(new JobChanged("job.submitted", id, type, null));
			return true;
		}));
		if (!submitted) {
			return Optional.empty();
		}
		JobView accepted = view(id);
		this.worker.wake();
		return Optional.of(accepted);
	}

	/** The answer to a request that started {@code job}: 202, {@code Location: /api/v1/jobs/{id}}, the job. */
	public static ResponseEntity<JobView> accepted(JobView job) {
		return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
	}

	/** The job as the store has it now, whoever may see it. */
	public JobView view(String id) {
		return this.store.find(id).map(this.json::view).orElseThrow(() -> ApiException.notFound("Job", id));
	}

	/** The job, if the current caller may see it. */
	JobView get(String id) {
		return this.json.view(visible(id, caller()));
	}

	ListResponse<JobView> list(JobStatus status, String type, Paging paging, HttpServletResponse response) {
		Caller caller = caller();
		String createdBy = caller.has(Permission.JOBS_READ) ? null : caller.reference();
		String statusValue = status == null ? null : status.value();
		return Pages.of(paging,
				() -> this.store.list(createdBy, statusValue, type, paging).stream().map(this.json::view).toList(),
				JobView::id, () -> this.store.count(createdBy, statusValue, type), response);
	}

	/**
	 * Cancels a queued job at once; asks a running one to stop at its next check.
	 * @throws ApiException {@code job_not_cancellable} if the job has ended
	 */
	JobView cancel(String id) {
		Caller caller = caller();
		JobRow job = visible(id, caller);
		if (!caller.reference().equals(job.createdBy()) && !caller.has(Permission.JOBS_WRITE)) {
			throw new PermissionDeniedException(Permission.JOBS_WRITE.value());
		}
		// a job may move between queued and running meanwhile (a claim, a retry): a few rounds settle it
		for (int round = 0; round < 3; round++) {
			if (Boolean.TRUE.equals(this.transactions.execute(tx -> this.store.cancelQueued(id, Times.now())
					&& audited("job.cancelled", id)))) {
				this.events.finished(id);
				return view(id);
			}
			if (Boolean.TRUE.equals(this.transactions.execute(tx -> this.store.requestCancel(id)
					&& audited("job.cancel_requested", id)))) {
				return view(id);
			}
			JobStatus now = this.store.find(id).map(JobRow::status).orElse(JobStatus.CANCELLED);
			if (now.finished()) {
				throw new ApiException(ErrorCode.JOB_NOT_CANCELLABLE, "Job '" + id + "' has already ended (" + now.value() + ")");
			}
		}
		throw new ApiException(ErrorCode.CONFLICT, "Job '" + id + "' changed meanwhile; read it and retry");
	}

	/** Announces a cancellation inside the transaction that makes it; true, so it reads as a condition. */
	private boolean audited(String action, String id) {
		this.publisher.publishEvent(new JobChanged(action, id, this.store.find(id).map(JobRow::type).orElse(null), null));
		return true;
	}

	private JobRow visible(String id, Caller caller) {
		return this.store.find(id)
			.filter(job -> caller.has(Permission.JOBS_READ) || caller.reference().equals(job.createdBy()))
			.orElseThrow(() -> ApiException.notFound("Job", id));
	}

	private static Caller caller() {
		Caller caller = Caller.current();
		if (caller == null) {
			throw new ApiException(ErrorCode.UNAUTHENTICATED, "Authentication required");
		}
		return caller;
	}
}
