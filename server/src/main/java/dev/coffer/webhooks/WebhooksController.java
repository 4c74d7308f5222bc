package dev.coffer.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/webhooks}: subscriptions, their secrets and test events. */
@Tag(name = "Webhooks", description = "Event notifications signed per the Standard Webhooks specification "
		+ "(https://www.standardwebhooks.com): headers `webhook-id`, `webhook-timestamp` and `webhook-signature` "
		+ "(`v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under the base64-decoded part of the `whsec_` secret). "
		+ "Bodies are `{\"type\", \"timestamp\", \"data\"}`. Delivered after the triggering change commits, retried with "
		+ "backoff for setting `webhooks.retry_hours`. Targets on loopback, private or metadata addresses are refused "
		+ "unless listed in `coffer.webhooks.allowed-hosts`.")
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhooksController {

	private final WebhookService webhooks;

	WebhooksController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@Operation(summary = "Create a webhook subscription",
			description = "Answers the subscription with its signing secret, shown only in this response. The URL must be "
					+ "http(s), without credentials, and not resolve to a loopback, private, link-local or metadata address "
					+ "(`webhook_target_forbidden`). Needs `webhooks:write`.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ResponseEntity<IssuedSecret> create(@Valid @RequestBody CreateSubscription request) {
		Caller caller = Authz.require(Permission.WEBHOOKS_WRITE);
		IssuedSecret issued = this.webhooks.create(request.url(), request.eventTypes(), request.description(),
				caller.reference());
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + issued.getSubscription().id())).body(issued);
	}

	@Operation(summary = "List webhook subscriptions", description = "Oldest first. Needs `webhooks:read`.")
	@GetMapping
	ListResponse<SubscriptionView> list(@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.WEBHOOKS_READ);
		return this.webhooks.list(paging, response);
	}

	@Operation(summary = "Show a webhook subscription", description = "Never includes the secret. Needs `webhooks:read`.")
	@GetMapping("/{id}")
	SubscriptionView show(@Parameter(description = "Subscription id.") @PathVariable String id) {
		Authz.require(Permission.WEBHOOKS_READ);
		return this.webhooks.get(id);
	}

	@Operation(summary = "Update a webhook subscription",
			description = "Changes the fields present: `url` (checked like on creation), `event_types`, `description`, "
					+ "`status` (`active` or `disabled`). Needs `webhooks:write`.")
	@PatchMapping("/{id}")
	SubscriptionView update(@Parameter(description = "Subscription id.") @PathVariable String id,
			@Valid @RequestBody UpdateSubscription request) {
		Authz.require(Permission.WEBHOOKS_WRITE);
		return this.webhooks.update(id, request.url(), request.eventTypes(), request.description(), request.status());
	}

	@Operation(summary = "Delete a webhook subscription", description = "Removes it with its deliveries; pending deliveries are not sent. Needs `webhooks:write`.")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@Parameter(description = "Subscription id.") @PathVariable String id) {
		Authz.require(Permission.WEBHOOKS_WRITE);
		this.webhooks.delete(id);
	}

	@Operation(summary = "Rotate a subscription's signing secret",
			description = "Issues a new secret, shown only in this response. During `overlap_seconds` (default 86400; 0 "
					+ "ends it at once) every delivery carries two signatures in `webhook-signature`, one per secret, so "
					+ "the receiver can switch without losing a message. Needs `webhooks:write`.")
	@PostMapping("/{id}/rotate-secret")
	IssuedSecret rotate(@Parameter(description = "Subscription id.") @PathVariable String id,
			@Valid @RequestBody(required = false) RotateSecret request) {
		Authz.require(Permission.WEBHOOKS_WRITE);
		Long overlap = request == null ? null : request.overlapSeconds();
		return this.webhooks.rotate(id, overlap == null ? null : Duration.ofSeconds(overlap));
	}

	@Operation(summary = "Send a test event",
			description = "Queues one `webhook.test` delivery to this subscription, whatever its event types, and answers it. "
					+ "Follow it at `GET /api/v1/webhooks/deliveries/{id}`. Needs `webhooks:write`.")
	@PostMapping("/{id}/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	DeliveryView test(@Parameter(description = "Subscription id.") @PathVariable String id) {
		Authz.require(Permission.WEBHOOKS_WRITE);
		return this.webhooks.sendTest(id);
	}

	@Operation(summary = "Show your notification secret",
			description = "The secret that signs deliveries to the `notify_url` of jobs you start: your own, derived per principal, "
					+ "the same on every node. Receivers verify those deliveries with it exactly like subscription deliveries. "
					+ "Any authenticated caller reads its own; with `webhooks:write`, `principal` reads another's "
					+ "(`system` for the server's own jobs).")
	@GetMapping("/notification-secret")
	NotificationSecretView notificationSecret(
			@io.swagger.v3.oas.annotations.Parameter(description = "A principal reference such as `service_account:<id>`, or `system`; needs `webhooks:write`.")
			@org.springframework.web.bind.annotation.RequestParam(required = false) String principal) {
		dev.coffer.api.security.Caller caller = dev.coffer.api.security.Caller.current();
		if (caller == null) {
			throw new dev.coffer.api.error.ApiException(dev.coffer.api.error.ErrorCode.UNAUTHENTICATED, "Authentication required");
		}
		if (principal == null || principal.equals(caller.reference())) {
			return this.webhooks.notificationSecret(caller.reference());
		}
		Authz.require(Permission.WEBHOOKS_WRITE);
		if (principal.length() > 200 || !principal.matches("system|[a-z_]+:[A-Za-z0-9@._:+-]+")) {
			throw dev.coffer.api.error.ApiException.invalidParameter("principal", "is not a principal reference");
		}
		return this.webhooks.notificationSecret(principal);
	}

	/** A new subscription. */
	record CreateSubscription(
			@Schema(description = "Where deliveries are POSTed: http or https, no credentials in the URL.",
					example = "https://hooks.example.com/coffer", requiredMode = Schema.RequiredMode.REQUIRED)
			@NotBlank @Size(max = 2048) String url,
			@Schema(description = "Event types to receive: `job.succeeded`, `job.failed`, `job.cancelled`, `alert.fired`, "
					+ "`api_key.created`, `api_key.revoked`, `key.rotated`, `classification.completed`, `webhook.test`.",
					example = "[\"job.succeeded\", \"job.failed\"]", requiredMode = Schema.RequiredMode.REQUIRED)
			List<String> eventTypes,
			@Schema(description = "Free text.") @Size(max = 1024) String description) {
	}

	/** Changes to a subscription; absent fields stay as they are. */
	record UpdateSubscription(
			@Schema(description = "New target URL.") @Size(min = 1, max = 2048) String url,
			@Schema(description = "New event types (replace the current ones).") List<String> eventTypes,
			@Schema(description = "Free text.") @Size(max = 1024) String description,
			@Schema(description = "`active` or `disabled`.", allowableValues = { "active", "disabled" }) String status) {
	}

	/** Options of a secret rotation. */
	record RotateSecret(
			@Schema(description = "Seconds the previous secret keeps signing alongside the new one; 0 ends it at once.",
					example = "86400") @PositiveOrZero @Max(2_592_000) Long overlapSeconds) {
	}
}
