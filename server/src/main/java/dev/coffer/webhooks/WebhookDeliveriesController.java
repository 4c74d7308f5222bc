package dev.coffer.webhooks;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/** Webhook deliveries: what was sent where, every attempt, manual redelivery. */
@Tag(name = "Webhooks")
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookDeliveriesController {

	private final WebhookService webhooks;

	WebhookDeliveriesController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@Operation(summary = "List a subscription's deliveries", description = "Oldest first. Needs `webhooks:read`.")
	@GetMapping("/{id}/deliveries")
	ListResponse<DeliveryView> list(@Parameter(description = "Subscription id.") @PathVariable String id,
			@ParameterObject Paging paging, HttpServletResponse response) {
		Authz.require(Permission.WEBHOOKS_READ);
		return this.webhooks.deliveries(id, paging, response);
	}

	@Operation(summary = "Show a delivery with every attempt",
			description = "Includes the exact body sent and each attempt's HTTP status or error. Needs `webhooks:read`.")
	@GetMapping("/deliveries/{delivery_id}")
	DeliveryView show(@Parameter(description = "Delivery id (the `webhook-id` header).") @PathVariable("delivery_id") String deliveryId) {
		Authz.require(Permission.WEBHOOKS_READ);
		return this.webhooks.delivery(deliveryId);
	}

	@Operation(summary = "Redeliver",
			description = "Makes a new attempt now, also of a delivered or failed delivery, with the same `webhook-id` and body "
					+ "(receivers drop duplicates by id). A failed delivery gets one attempt; a pending one keeps its "
					+ "retry schedule. `409 conflict` while an attempt is in flight. Needs `webhooks:write`.")
	@PostMapping("/deliveries/{delivery_id}/redeliver")
	@ResponseStatus(HttpStatus.ACCEPTED)
	DeliveryView redeliver(@Parameter(description = "Delivery id.") @PathVariable("delivery_id") String deliveryId) {
		Authz.require(Permission.WEBHOOKS_WRITE);
		return this.webhooks.redeliver(deliveryId);
	}
}
