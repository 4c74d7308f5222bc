package dev.coffer.policy;

import io.swagger.v3.oas.annotations.media.Schema;

/** Which policy decided: its kind ({@code column}, {@code tag}, {@code row}), id and name. */
@Schema(name = "PolicyRef", description = "A policy: kind, id and name.")
public record PolicyRef(
		@Schema(description = "`column`, `tag` or `row`.", allowableValues = { "column", "tag", "row" }) String kind,
		@Schema(description = "The policy's id.") String id,
		@Schema(description = "The policy's name.") String name) {
}
